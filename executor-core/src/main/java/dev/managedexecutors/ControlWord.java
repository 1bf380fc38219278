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
