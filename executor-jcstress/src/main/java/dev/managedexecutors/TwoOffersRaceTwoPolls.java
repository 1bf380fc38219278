package dev.managedexecutors;

import org.jspecify.annotations.Nullable;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * One task queued. Two threads each offer a task and then poll once, so that the two offers race
 * for the last node's {@code next} and for moving {@code tail}, and each poll races the other
 * thread's offer. The task queued first is one of the two taken (FIFO: each poll follows at least
 * two links), one task is left and the depth says so, and no task is lost or taken twice.
 */
@JCStressTest
@Description("TaskQueue: two offers race each other and two polls")
@Outcome(
    id = "1, 1, 1",
    expect = Expect.ACCEPTABLE,
    desc = "the first task and one other taken, one left")
@Outcome(
    expect = Expect.FORBIDDEN,
    desc = "a task lost, taken twice or out of order, or a wrong depth")
@State
public class TwoOffersRaceTwoPolls {
  final TaskQueue queue = new TaskQueue();
  final PoolTask<?> first = PoolTask.stub();
  final PoolTask<?> a = PoolTask.stub();
  final PoolTask<?> b = PoolTask.stub();
  @Nullable PoolTask<?> takenByA;
  @Nullable PoolTask<?> takenByB;

  public TwoOffersRaceTwoPolls() {
    queue.offer(first, PoolTask.COUNTED, ManagedThreadPool.UNBOUNDED);
  }

  @Actor
  public void threadA() {
    queue.offer(a, PoolTask.COUNTED, ManagedThreadPool.UNBOUNDED);
    takenByA = queue.poll();
  }

  @Actor
  public void threadB() {
    queue.offer(b, PoolTask.COUNTED, ManagedThreadPool.UNBOUNDED);
    takenByB = queue.poll();
  }

  @Arbiter
  public void afterwards(III_Result r) {
    PoolTask<?> x = takenByA;
    PoolTask<?> y = takenByB;
    PoolTask<?> other = x == first ? y : y == first ? x : null;
    r.r1 = other == a || other == b ? 1 : 0; // the first task and one producer's task, once each
    r.r2 = queue.depth();
    PoolTask<?> left = queue.poll();
    boolean rightOneLeft = left != null && left != other && (left == a || left == b);
    r.r3 = rightOneLeft && queue.poll() == null && a.seq() != b.seq() ? 1 : 0;
  }
}
