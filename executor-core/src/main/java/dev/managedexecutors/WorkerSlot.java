package dev.managedexecutors;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The per-task statistics of a {@link ManagedThreadPool}'s worker: tasks it started and finished,
 * counted queue places it freed, tasks it took from the queue whose submission was not counted when
 * they were queued (queued without a bound, or handed off), futures it completed normally.
 *
 * <p>A private slot is written by one thread only, the worker that owns it: each increment is a
 * plain read and a release store, with no atomic read-modify-write instruction, so a busy worker's
 * bookkeeping neither locks a bus nor contends on a cache line that other threads write. Readers
 * sum every slot the pool ever made; a slot outlives its worker and passes to the pool's next new
 * worker, so the sums never go back and their size is bounded by the most workers ever alive at
 * once. The workers of a virtual-thread pool, which can be very many, share one slot instead, with
 * atomic increments.
 *
 * <p>Release stores order each increment after the increments that preceded it in the same thread,
 * so a reader that sees a later counter (read with acquire) sees the earlier ones: the pool relies
 * on that to count a task as started before it frees its queue place. They do not order a later
 * load, so code that must not miss a reader's concurrent write issues a full fence itself (see the
 * pool's room signalling).
 */
final class WorkerSlot {
  private static final VarHandle STARTED;
  private static final VarHandle FINISHED;
  private static final VarHandle FREED;
  private static final VarHandle TAKEN_UNCOUNTED;
  private static final VarHandle COMPLETED;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      STARTED = lookup.findVarHandle(WorkerSlot.class, "started", long.class);
      FINISHED = lookup.findVarHandle(WorkerSlot.class, "finished", long.class);
      FREED = lookup.findVarHandle(WorkerSlot.class, "freed", long.class);
      TAKEN_UNCOUNTED = lookup.findVarHandle(WorkerSlot.class, "takenUncounted", long.class);
      COMPLETED = lookup.findVarHandle(WorkerSlot.class, "completed", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final boolean shared;

  @SuppressWarnings("UnusedVariable") // accessed through STARTED
  private volatile long started;

  @SuppressWarnings("UnusedVariable") // accessed through FINISHED
  private volatile long finished;

  @SuppressWarnings("UnusedVariable") // accessed through FREED
  private volatile long freed;

  @SuppressWarnings("UnusedVariable") // accessed through TAKEN_UNCOUNTED
  private volatile long takenUncounted;

  @SuppressWarnings("UnusedVariable") // accessed through COMPLETED
  private volatile long completed;

  WorkerSlot(boolean shared) {
    this.shared = shared;
  }

  /** The worker took a task to run (counted active until {@link #taskFinished()}). */
  void taskStarted() {
    bump(STARTED);
  }

  /** The worker is done with a task's body and on its way back to the queue. */
  void taskFinished() {
    bump(FINISHED);
  }

  /** The worker took a task out of a counted queue place. */
  void placeFreed() {
    bump(FREED);
  }

  /** The worker took a task queued without a counted place, or handed off to it. */
  void uncountedTaken() {
    bump(TAKEN_UNCOUNTED);
  }

  /** The worker completed a future normally; only ever called on a private slot. */
  void futureCompleted() {
    bump(COMPLETED);
  }

  /** Tasks started and not yet finished. */
  long active() {
    long f = (long) FINISHED.getAcquire(this); // first: a task finishes after it started
    return (long) STARTED.getAcquire(this) - f;
  }

  long freed() {
    return (long) FREED.getAcquire(this);
  }

  long takenUncounted() {
    return (long) TAKEN_UNCOUNTED.getAcquire(this);
  }

  long completed() {
    return (long) COMPLETED.getAcquire(this);
  }

  private void bump(VarHandle counter) {
    if (shared) {
      counter.getAndAdd(this, 1L);
    } else {
      counter.setRelease(this, (long) counter.get(this) + 1L);
    }
  }
}
