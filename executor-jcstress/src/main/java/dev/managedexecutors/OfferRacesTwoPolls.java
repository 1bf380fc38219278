package dev.managedexecutors;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * One task queued; a producer offers a second while a worker polls twice, so that the worker may
 * take the producer's task out (and self-link the node before it) before the producer moved {@code
 * tail}: the tail then lags behind {@code head}, since takers never read or fix it. Afterwards the
 * depth counts what is left, and a third offer is linked and found: no task is lost or taken twice.
 */
@JCStressTest
@Description("TaskQueue: an offer whose tail update the takers overtake")
@Outcome(id = "1, 1, 2", expect = Expect.ACCEPTABLE, desc = "the worker took the first task only")
@Outcome(id = "2, 0, 1", expect = Expect.ACCEPTABLE, desc = "the worker took both tasks")
@Outcome(expect = Expect.FORBIDDEN, desc = "a task lost or taken twice, or a wrong depth")
@State
public class OfferRacesTwoPolls {
  final TaskQueue queue = new TaskQueue();

  public OfferRacesTwoPolls() {
    queue.offer(PoolTask.stub(), PoolTask.COUNTED, ManagedThreadPool.UNBOUNDED);
  }

  @Actor
  public void producer() {
    queue.offer(PoolTask.stub(), PoolTask.COUNTED, ManagedThreadPool.UNBOUNDED);
  }

  @Actor
  public void worker(III_Result r) {
    int taken = 0;
    for (int i = 0; i < 2; i++) {
      if (queue.poll() != null) {
        taken++;
      }
    }
    r.r1 = taken;
  }

  @Arbiter
  public void afterwards(III_Result r) {
    r.r2 = queue.depth();
    queue.offer(PoolTask.stub(), PoolTask.COUNTED, ManagedThreadPool.UNBOUNDED);
    int taken = 0;
    while (queue.poll() != null) {
      taken++;
    }
    r.r3 = taken;
  }
}
