package dev.managedexecutors;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * The queue, capacity one, full: a producer offers while a worker takes the waiting task and then
 * offers another. Exactly one of the two offers succeeds: the capacity is never exceeded, and the
 * place the worker freed is never refused to both.
 */
@JCStressTest
@Description("bounded TaskQueue at capacity: offer vs poll-then-offer")
@Outcome(id = "0, 1, 1, 1", expect = Expect.ACCEPTABLE, desc = "the producer came first: full")
@Outcome(
    id = "1, 1, 0, 1",
    expect = Expect.ACCEPTABLE,
    desc = "the producer took the freed place; the worker's offer was refused")
@Outcome(expect = Expect.FORBIDDEN, desc = "capacity exceeded, or a free place refused")
@State
public class QueueCapacityAtTheEdge {
  final TaskQueue queue = new TaskQueue();

  public QueueCapacityAtTheEdge() {
    queue.offer(PoolTask.stub(), PoolTask.COUNTED, 1);
  }

  @Actor
  public void producer(IIII_Result r) {
    r.r1 = queue.offer(PoolTask.stub(), PoolTask.COUNTED, 1) ? 1 : 0;
  }

  @Actor
  public void worker(IIII_Result r) {
    r.r2 = queue.poll() != null ? 1 : 0;
    r.r3 = queue.offer(PoolTask.stub(), PoolTask.COUNTED, 1) ? 1 : 0;
  }

  @Arbiter
  public void depth(IIII_Result r) {
    r.r4 = queue.depth();
  }
}
