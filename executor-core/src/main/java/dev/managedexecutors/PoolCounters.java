package dev.managedexecutors;

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
final class PoolCounters {
  final WorkerSlot shared = new WorkerSlot(true);
  private volatile Slots slots = new Slots(new WorkerSlot[] {shared}, 0L, 0L);
  // Submissions counted where they were scheduled (a new worker, the caller, a refusal); see
  // submitted() for those that went through the queue.
  final LongAdder submittedOtherwise = new LongAdder();
  final LongAdder handOffsTaken = new LongAdder(); // by others than the workers
  private final LongAdder completed = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder cancelled = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  final LongAdder callerRuns = new LongAdder();
  private final AtomicInteger largestPoolSize = new AtomicInteger();
  private final TaskListeners listeners;
  private final PoolEngine engine;

  PoolCounters(PoolEngine engine, TaskListeners listeners) {
    this.engine = engine;
    this.listeners = listeners;
  }

  /** The slots and the counts of retired ones; immutable. */
  private static final class Slots {
    final WorkerSlot[] live;
    final long retiredHandOffs;
    final long retiredCompleted;

    Slots(WorkerSlot[] live, long retiredHandOffs, long retiredCompleted) {
      this.live = live;
      this.retiredHandOffs = retiredHandOffs;
      this.retiredCompleted = retiredCompleted;
    }
  }

  /** A new private slot for a platform worker; called under the pool's lock. */
  WorkerSlot addSlot() {
    WorkerSlot s = new WorkerSlot(false);
    Slots now = slots;
    WorkerSlot[] grown = Arrays.copyOf(now.live, now.live.length + 1);
    grown[now.live.length] = s;
    slots = new Slots(grown, now.retiredHandOffs, now.retiredCompleted);
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
    slots =
        new Slots(kept, now.retiredHandOffs + s.handOffs(), now.retiredCompleted + s.completed());
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
      if (t.discarded) {
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
    Slots now = slots;
    long n = completed.sum() + now.retiredCompleted;
    for (WorkerSlot s : now.live) {
      n += s.completed();
    }
    return n;
  }

  long handOffsTaken() {
    Slots now = slots;
    long n = handOffsTaken.sum() + now.retiredHandOffs;
    for (WorkerSlot s : now.live) {
      n += s.handOffs();
    }
    return n;
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
