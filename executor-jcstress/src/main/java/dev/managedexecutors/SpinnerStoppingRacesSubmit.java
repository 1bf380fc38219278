package dev.managedexecutors;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The spinner argument of {@link ParkedWorkers}: one worker spins and another is parked; the
 * spinner stops spinning (it gives up, or leaves) and then looks at the queue, while a submitter
 * links a task and then wakes the parked worker only if no worker spins. At least one of them sees
 * the other, so a task never waits while the only worker that could take it sleeps.
 */
@JCStressTest
@Description(
    "spinner stopping vs submitter: the spinner sees the task or the parked worker is woken")
@Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "both saw each other")
@Outcome(id = "1, 0", expect = Expect.ACCEPTABLE, desc = "the spinner found the task")
@Outcome(id = "0, 1", expect = Expect.ACCEPTABLE, desc = "the submitter woke the parked worker")
@Outcome(id = "0, 0", expect = Expect.FORBIDDEN, desc = "lost wake-up: a task and a sleeper")
@State
public class SpinnerStoppingRacesSubmit {
  /** Stands for the parked worker: never started, so waking it unparks nobody. */
  private static final Thread SLEEPER = new Thread(() -> {}, "jcstress-sleeper");

  final TaskQueue queue = new TaskQueue();
  final ParkedWorkers parked = new ParkedWorkers();

  /** One worker parked, another counted as spinning. */
  public SpinnerStoppingRacesSubmit() {
    parked.push(SLEEPER);
    if (!parked.tryStartSpinning(1)) {
      throw new IllegalStateException("a fresh ParkedWorkers has no spinner");
    }
  }

  @Actor
  public void spinner(II_Result r) {
    parked.stopSpinning();
    r.r1 = queue.isEmpty() ? 0 : 1;
  }

  @Actor
  public void submitter(II_Result r) {
    queue.offer(PoolTask.stub(), PoolTask.COUNTED, ManagedThreadPool.UNBOUNDED);
    r.r2 = parked.signal() ? 1 : 0;
  }
}
