package dev.managedexecutors;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The lost wake-up argument of {@link ParkedWorkers}: a worker pushes itself on the parked stack
 * and then looks at the queue; a submitter links a task and then looks at the stack (and wakes a
 * worker if one is there). At least one of them sees the other, so a parked worker never sleeps
 * through a task.
 */
@JCStressTest
@Description("worker about to park vs submitter: one sees the other")
@Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "both saw each other")
@Outcome(id = "1, 0", expect = Expect.ACCEPTABLE, desc = "the worker found the task")
@Outcome(id = "0, 1", expect = Expect.ACCEPTABLE, desc = "the submitter woke the worker")
@Outcome(id = "0, 0", expect = Expect.FORBIDDEN, desc = "lost wake-up: a task and a sleeper")
@State
public class ParkRacesSubmit {
  /** Stands for the parking worker: never started, so waking it unparks nobody. */
  private static final Thread SLEEPER = new Thread(() -> {}, "jcstress-sleeper");

  final TaskQueue queue = new TaskQueue();
  final ParkedWorkers parked = new ParkedWorkers();

  @Actor
  public void worker(II_Result r) {
    parked.push(SLEEPER);
    r.r1 = queue.isEmpty() ? 0 : 1;
  }

  @Actor
  public void submitter(II_Result r) {
    queue.offer(PoolTask.stub(), PoolTask.COUNTED, ManagedThreadPool.UNBOUNDED);
    r.r2 = !parked.isEmpty() && parked.wakeOne() ? 1 : 0;
  }
}
