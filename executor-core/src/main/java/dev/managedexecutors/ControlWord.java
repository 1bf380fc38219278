package dev.managedexecutors;

/**
 * The packing of a {@link ManagedThreadPool}'s control word: one {@code long}, updated by CAS (or
 * by an atomic add of a field's unit, where the field is known to stay within its range), that
 * holds everything the sizing rule decides on, so that each decision reads one consistent value.
 *
 * <pre>
 *   bits 60-62  run state: RUNNING 0, SHUTDOWN 1, BROKEN 2, STOP 3, TERMINATED 4 (only grows)
 *   bits 45-59  hand-offs: tasks queued for an idle or returning worker, not yet taken out
 *   bits 30-44  returning workers: finished a task whose outcome they are publishing, with an
 *               empty queue before them
 *   bits 15-29  idle workers: taking their next task from the queue, spinning or parked
 *   bits  0-14  live workers: counted before the thread starts, uncounted when it ends
 * </pre>
 */
final class ControlWord {
  /*
   * Implementation notes.
   *
   * How ManagedThreadPool works. The pool runs its own workers (PoolEngine), decided on by one
   * control word (this class), a long updated by CAS: run state, live workers, idle workers, returning workers, hand-offs.
   *
   * Run states, which only grow:
   *   RUNNING  --shutdown(..)-------------------> SHUTDOWN  (queued tasks still run)
   *   RUNNING or SHUTDOWN --initializer threw---> BROKEN    (queued tasks fail; see A3.4)
   *   any of those --shutdownNow()--------------> STOP      (queued tasks cancelled, workers
   *                                                          interrupted)
   *   SHUTDOWN, BROKEN or STOP --no live worker and no task left--> TERMINATED (tryTerminate:
   *     by the last worker to end, or by whoever emptied the queue; the listeners' poolTerminated
   *     then runs, outside any lock, and awaitTermination returns)
   *
   * The sizing rule (PoolEngine.tryPlace), on one read of the word: an idle worker (or one
   * returning from a task, unless a worker of the pool submits: it may be that worker's own
   * done-callback) not yet claimed by a hand-off -> CAS hand-offs+1 and link the task for it; a
   * worker counts itself returning, before it publishes an outcome, when nothing is queued and the
   * pool is bounded or below its maximum (Workers.bodyDone); else live < max -> CAS
   * live+1 and start a worker with the task; else link it as a counted task if the queue has room
   * (TaskQueue: exact capacity, no shared counter); else a worker returning from a task, in a
   * bounded pool -> hand it that; else the RejectionPolicy (Saturation). An unbounded pool at its
   * maximum just links the task (the common busy case: no write to the word).
   *
   * A submitter links its task, then reads the word again (a shutdown that raced it withdraws the
   * task, unless a worker started it) and ParkedWorkers (wake a parked worker only if one is
   * parked and no worker spins). A worker polls the queue; when it is empty it counts itself
   * idle, polls Workers.QUIET_SPINS times, then counts itself spinning (at most Workers.SPINNERS
   * workers spin; the others park at once), polls up to Workers.SPINS times with
   * Thread.onSpinWait, uncounts itself (and wakes a parked worker if a task waits and no one else
   * spins), pushes itself on the parked stack, looks once more, then parks. Each side writes
   * before it reads the other's field: no lost wake-up (ParkedWorkers' notes).
   * A worker leaves (keep-alive, shutdown, resize) by CAS, then looks at the queue again.
   *
   * Orderings: ctl, queue head/tail/next, parked stack: CAS; a task's place/seq: plain, published
   * by the CAS that links it; WorkerSlot counters: release stores by their one writer; sizes:
   * volatile, written under Workers.lock. Outcomes: counted once, by whoever made the future
   * done (PoolCounters.recordOutcome).
   *
   * Locks, never held while user code runs or while the other is held, and none on the busy path:
   *   1. Workers.lock: the set of workers, their counter slots, resize;
   *   2. Saturation.roomLock: BLOCKed submitters waiting for room.
   */

  static final int RUNNING = 0;
  static final int SHUTDOWN = 1;
  static final int BROKEN = 2;
  static final int STOP = 3;
  static final int TERMINATED = 4;

  /** The most workers a pool may have: what a 15-bit field holds. */
  static final int MAX_WORKERS = (1 << 15) - 1;

  private static final int IDLE_SHIFT = 15;
  private static final int RETURNING_SHIFT = 30;
  private static final int HAND_OFF_SHIFT = 45;
  private static final int STATE_SHIFT = 60;
  private static final long FIELD = MAX_WORKERS;

  static final long ONE_LIVE = 1L;
  static final long ONE_IDLE = 1L << IDLE_SHIFT;
  static final long ONE_RETURNING = 1L << RETURNING_SHIFT;
  static final long ONE_HAND_OFF = 1L << HAND_OFF_SHIFT;

  private ControlWord() {}

  static int runState(long c) {
    return (int) (c >>> STATE_SHIFT);
  }

  static int live(long c) {
    return (int) (c & FIELD);
  }

  static int idle(long c) {
    return (int) ((c >>> IDLE_SHIFT) & FIELD);
  }

  static int returning(long c) {
    return (int) ((c >>> RETURNING_SHIFT) & FIELD);
  }

  static int handOffs(long c) {
    return (int) ((c >>> HAND_OFF_SHIFT) & FIELD);
  }

  /** {@code c} with its run state replaced by {@code state}. */
  static long withState(long c, int state) {
    return (c & ~(7L << STATE_SHIFT)) | ((long) state << STATE_SHIFT);
  }
}
