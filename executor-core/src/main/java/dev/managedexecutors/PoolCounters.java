package dev.managedexecutors;

import dev.managedexecutors.stats.TaskTotals;
import dev.managedexecutors.stats.TimeoutKind;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The statistics of a {@link ManagedThreadPool}: outcome counters, the workers' own {@link
 * WorkerSlot}s, and the figures derived from them.
 *
 * <p>Implementation notes. Outcomes (completed, failed, cancelled, rejected) are counted only in
 * {@link #recordOutcome}, called once per task by the thread that made its future done, so each
 * task lands in exactly one of them whatever races to end it. A worker completing a task counts in
 * its own slot; anything else in a {@link LongAdder}. {@code slots} is an immutable {@link Slots}
 * value, replaced under the pool's lock when a worker starts or ends: a retiring slot's counts are
 * folded into the new value's base in the same replacement, so a reader that reads {@code slots}
 * once sums every count exactly once, and the sums never go back.
 */
final class PoolCounters implements TaskTotals {
  // The figures of a slot that are summed over the slots, retired ones included: see figure().
  private static final int HAND_OFFS = 0;
  private static final int COMPLETED = 1;
  private static final int RAN = 2;
  private static final int QUEUED_COUNT = 3;
  private static final int QUEUED_NANOS = 4;
  private static final int RUN_COUNT = 5;
  private static final int RUN_NANOS = 6;
  private static final int FIGURES = 7;

  final WorkerSlot shared = new WorkerSlot(true);
  private volatile Slots slots = new Slots(new WorkerSlot[] {shared}, new long[FIGURES]);

  /** Whether tasks are timed for {@link TaskTotals}: while {@code timingHolds > 0}. */
  volatile boolean timing;

  private int timingHolds; // guarded by this

  // Submissions counted where they were scheduled (a new worker, the caller, a refusal); see
  // submitted() for those that went through the queue.
  final LongAdder submittedOtherwise = new LongAdder();
  final LongAdder handOffsTaken = new LongAdder(); // by others than the workers
  private final LongAdder completed = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder cancelled = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  final LongAdder callerRuns = new LongAdder();
  private final LongAdder queueTimeouts = new LongAdder();
  private final LongAdder runTimeouts = new LongAdder();
  private final AtomicInteger largestPoolSize = new AtomicInteger();
  private final TaskListeners listeners;
  private final PoolEngine engine;

  PoolCounters(PoolEngine engine, TaskListeners listeners) {
    this.engine = engine;
    this.listeners = listeners;
  }

  /** The slots and the figures of retired ones; immutable. */
  private static final class Slots {
    final WorkerSlot[] live;
    final long[] retired;

    Slots(WorkerSlot[] live, long[] retired) {
      this.live = live;
      this.retired = retired;
    }
  }

  private static long figure(WorkerSlot s, int figure) {
    return switch (figure) {
      case HAND_OFFS -> s.handOffs();
      case COMPLETED -> s.completed();
      case RAN -> s.ran();
      case QUEUED_COUNT -> s.queuedCount();
      case QUEUED_NANOS -> s.queuedNanos();
      case RUN_COUNT -> s.runCount();
      default -> s.runNanos();
    };
  }

  /** A figure summed over the live slots and the retired ones. */
  private long sum(int figure) {
    Slots now = slots;
    long n = now.retired[figure];
    for (WorkerSlot s : now.live) {
      n += figure(s, figure);
    }
    return n;
  }

  /** A new private slot for a platform worker; called under the pool's lock. */
  WorkerSlot addSlot() {
    WorkerSlot s = new WorkerSlot(false);
    Slots now = slots;
    WorkerSlot[] grown = Arrays.copyOf(now.live, now.live.length + 1);
    grown[now.live.length] = s;
    slots = new Slots(grown, now.retired);
    return s;
  }

  /** Folds the slot of a worker that ended into the base and drops it; under the pool's lock. */
  void retireSlot(WorkerSlot s) {
    Slots now = slots;
    WorkerSlot[] kept = new WorkerSlot[now.live.length - 1];
    int k = 0;
    for (WorkerSlot x : now.live) {
      if (x != s && k < kept.length) {
        kept[k++] = x;
      }
    }
    long[] retired = now.retired.clone();
    for (int f = 0; f < FIGURES; f++) {
      retired[f] += figure(s, f);
    }
    slots = new Slots(kept, retired);
  }

  /** How many slots the pool holds, the shared one included; for tests. */
  int slotCount() {
    return slots.live.length;
  }

  void workerStarted(int live) {
    largestPoolSize.accumulateAndGet(live, Math::max);
  }

  int largestPoolSize() {
    return largestPoolSize.get();
  }

  /** Counts a task's outcome, once: see the class notes. */
  void recordOutcome(PoolTask<?> t) {
    if (t.cancelled()) {
      if (t.discarded()) {
        rejected();
      } else {
        cancelled.increment();
      }
    } else if (t.finishedRejected()) {
      rejected();
    } else if (t.finishedWithException()) {
      failed.increment();
    } else if (Thread.currentThread() instanceof Worker.WorkerThread w && w.engine == engine) {
      w.slot().futureCompleted(); // the usual case: a worker completes the task it ran
    } else {
      completed.increment();
    }
  }

  /** Counts a timeout and tells the listeners. */
  void timedOut(TimeoutKind kind) {
    (kind == TimeoutKind.QUEUE ? queueTimeouts : runTimeouts).increment();
    listeners.fireTimedOut(kind);
  }

  @Override
  public long timeouts(TimeoutKind kind) {
    return (kind == TimeoutKind.QUEUE ? queueTimeouts : runTimeouts).sum();
  }

  private void rejected() {
    rejected.increment();
    listeners.fireRejected();
  }

  int active() {
    long n = 0;
    for (WorkerSlot s : slots.live) {
      n += s.active();
    }
    return (int) n;
  }

  long completed() {
    return completed.sum() + sum(COMPLETED);
  }

  long handOffsTaken() {
    return handOffsTaken.sum() + sum(HAND_OFFS);
  }

  @Override
  public long ranByWorkers() {
    return sum(RAN);
  }

  @Override
  public synchronized void startTiming() {
    timing = ++timingHolds > 0;
  }

  @Override
  public synchronized void stopTiming() {
    if (timingHolds > 0) {
      timing = --timingHolds > 0;
    }
  }

  @Override
  public boolean timing() {
    return timing;
  }

  @Override
  public long queuedCount() {
    return sum(QUEUED_COUNT);
  }

  @Override
  public long queuedNanos() {
    return sum(QUEUED_NANOS);
  }

  @Override
  public long runCount() {
    return sum(RUN_COUNT);
  }

  @Override
  public long runNanos() {
    return sum(RUN_NANOS);
  }

  long failed() {
    return failed.sum();
  }

  long cancelled() {
    return cancelled.sum();
  }

  long rejectedCount() {
    return rejected.sum();
  }
}
