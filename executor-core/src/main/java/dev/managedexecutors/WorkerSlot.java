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
 *
 * <p>Implementation notes. The counters are the middle cells of one {@code long[]}, with {@value
 * #PAD} unused cells on each side: the slots of a pool's workers are allocated one after the other,
 * next to the workers themselves, and without the padding two workers' writes would land on one
 * cache line (false sharing; a JFR profile of a busy two-worker pool showed about a third of its
 * samples on these stores before the padding).
 */
final class WorkerSlot {
  private static final VarHandle CELL = MethodHandles.arrayElementVarHandle(long[].class);

  /** Unused cells before and after the counters: 128 bytes, two cache lines, on each side. */
  private static final int PAD = 16;

  private static final int STARTED = PAD;
  private static final int FINISHED = PAD + 1;
  private static final int HAND_OFFS = PAD + 2;
  private static final int COMPLETED = PAD + 3;
  private static final int RAN = PAD + 4;
  private static final int QUEUED_COUNT = PAD + 5;
  private static final int QUEUED_NANOS = PAD + 6;
  private static final int RUN_COUNT = PAD + 7;
  private static final int RUN_NANOS = PAD + 8;

  private final boolean shared;
  private final long[] cells = new long[RUN_NANOS + 1 + PAD];

  WorkerSlot(boolean shared) {
    this.shared = shared;
  }

  /** The worker took a task to run (counted active until {@link #taskFinished()}). */
  void taskStarted() {
    add(STARTED, 1L);
  }

  /** The worker is done with a task's body and on its way back to the queue. */
  void taskFinished() {
    add(FINISHED, 1L);
  }

  /** The worker took a task handed off to an idle worker out of the queue. */
  void handOffTaken() {
    add(HAND_OFFS, 1L);
  }

  /** The worker completed a future normally. */
  void futureCompleted() {
    add(COMPLETED, 1L);
  }

  /** The worker ran a task's body to the end, normally or by throwing. */
  void taskRan() {
    add(RAN, 1L);
  }

  /** A task started after queuing for {@code nanos}. */
  void queued(long nanos) {
    add(QUEUED_NANOS, nanos); // the sum first: a reader that sees the count sees the sum
    add(QUEUED_COUNT, 1L);
  }

  /** A task ran for {@code nanos}. */
  void ran(long nanos) {
    add(RUN_NANOS, nanos);
    add(RUN_COUNT, 1L);
  }

  /** Tasks started and not yet finished. */
  long active() {
    long f = read(FINISHED); // first: a task finishes after it started
    return read(STARTED) - f;
  }

  long handOffs() {
    return read(HAND_OFFS);
  }

  long completed() {
    return read(COMPLETED);
  }

  long ran() {
    return read(RAN);
  }

  long queuedCount() {
    return read(QUEUED_COUNT);
  }

  long queuedNanos() {
    return read(QUEUED_NANOS);
  }

  long runCount() {
    return read(RUN_COUNT);
  }

  long runNanos() {
    return read(RUN_NANOS);
  }

  private long read(int cell) {
    return (long) CELL.getAcquire(cells, cell);
  }

  private void add(int cell, long n) {
    if (shared) {
      CELL.getAndAdd(cells, cell, n);
    } else {
      CELL.setRelease(cells, cell, (long) CELL.get(cells, cell) + n);
    }
  }
}
