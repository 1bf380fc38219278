package dev.managedexecutors;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The per-task statistics of a {@link ManagedThreadPool}'s worker: tasks it started and finished,
 * hand-offs it took from the queue, futures it completed normally, tasks it ran to the end, and the
 * counts and sums of the times queued and running it recorded.
 *
 * <p>A private slot is written by one thread only, the worker that owns it: each increment is a
 * plain read and a release store, with no atomic read-modify-write instruction, so a busy worker's
 * bookkeeping neither locks a bus nor contends on a cache line that other threads write. When its
 * worker ends, the slot is retired: its counts are folded into the pool's {@link PoolCounters}
 * snapshot and it is dropped, so the slots are never more than the workers alive. The workers of a
 * virtual-thread pool, which can be very many, share one slot instead, with atomic increments.
 *
 * <p>Release stores order each increment after the increments that preceded it in the same thread,
 * so a reader that sees a later counter (read with acquire) sees the earlier ones.
 */
final class WorkerSlot {
  private static final VarHandle STARTED;
  private static final VarHandle FINISHED;
  private static final VarHandle HAND_OFFS;
  private static final VarHandle COMPLETED;
  private static final VarHandle RAN;
  private static final VarHandle QUEUED_COUNT;
  private static final VarHandle QUEUED_NANOS;
  private static final VarHandle RUN_COUNT;
  private static final VarHandle RUN_NANOS;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      STARTED = lookup.findVarHandle(WorkerSlot.class, "started", long.class);
      FINISHED = lookup.findVarHandle(WorkerSlot.class, "finished", long.class);
      HAND_OFFS = lookup.findVarHandle(WorkerSlot.class, "handOffs", long.class);
      COMPLETED = lookup.findVarHandle(WorkerSlot.class, "completed", long.class);
      RAN = lookup.findVarHandle(WorkerSlot.class, "ran", long.class);
      QUEUED_COUNT = lookup.findVarHandle(WorkerSlot.class, "queuedCount", long.class);
      QUEUED_NANOS = lookup.findVarHandle(WorkerSlot.class, "queuedNanos", long.class);
      RUN_COUNT = lookup.findVarHandle(WorkerSlot.class, "runCount", long.class);
      RUN_NANOS = lookup.findVarHandle(WorkerSlot.class, "runNanos", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final boolean shared;

  @SuppressWarnings("UnusedVariable") // accessed through STARTED
  private volatile long started;

  @SuppressWarnings("UnusedVariable") // accessed through FINISHED
  private volatile long finished;

  @SuppressWarnings("UnusedVariable") // accessed through HAND_OFFS
  private volatile long handOffs;

  @SuppressWarnings("UnusedVariable") // accessed through COMPLETED
  private volatile long completed;

  @SuppressWarnings("UnusedVariable") // accessed through RAN
  private volatile long ran;

  @SuppressWarnings("UnusedVariable") // accessed through QUEUED_COUNT
  private volatile long queuedCount;

  @SuppressWarnings("UnusedVariable") // accessed through QUEUED_NANOS
  private volatile long queuedNanos;

  @SuppressWarnings("UnusedVariable") // accessed through RUN_COUNT
  private volatile long runCount;

  @SuppressWarnings("UnusedVariable") // accessed through RUN_NANOS
  private volatile long runNanos;

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

  /** The worker took a task handed off to an idle worker out of the queue. */
  void handOffTaken() {
    bump(HAND_OFFS);
  }

  /** The worker completed a future normally. */
  void futureCompleted() {
    bump(COMPLETED);
  }

  /** The worker ran a task's body to the end, normally or by throwing. */
  void taskRan() {
    bump(RAN);
  }

  /** A task started after queuing for {@code nanos}. */
  void queued(long nanos) {
    add(QUEUED_NANOS, nanos); // the sum first: a reader that sees the count sees the sum
    bump(QUEUED_COUNT);
  }

  /** A task ran for {@code nanos}. */
  void ran(long nanos) {
    add(RUN_NANOS, nanos);
    bump(RUN_COUNT);
  }

  /** Tasks started and not yet finished. */
  long active() {
    long f = (long) FINISHED.getAcquire(this); // first: a task finishes after it started
    return (long) STARTED.getAcquire(this) - f;
  }

  long handOffs() {
    return (long) HAND_OFFS.getAcquire(this);
  }

  long completed() {
    return (long) COMPLETED.getAcquire(this);
  }

  long ran() {
    return (long) RAN.getAcquire(this);
  }

  long queuedCount() {
    return (long) QUEUED_COUNT.getAcquire(this);
  }

  long queuedNanos() {
    return (long) QUEUED_NANOS.getAcquire(this);
  }

  long runCount() {
    return (long) RUN_COUNT.getAcquire(this);
  }

  long runNanos() {
    return (long) RUN_NANOS.getAcquire(this);
  }

  private void bump(VarHandle counter) {
    add(counter, 1L);
  }

  private void add(VarHandle counter, long n) {
    if (shared) {
      counter.getAndAdd(this, n);
    } else {
      counter.setRelease(this, (long) counter.get(this) + n);
    }
  }
}
