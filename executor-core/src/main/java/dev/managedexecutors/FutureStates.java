package dev.managedexecutors;

import java.time.Duration;

/**
 * The values a {@link ManagedFuture}'s state holds besides a result: the sentinels that name a
 * state, and the terminal value of a failure (a {@link Rejection} when its executor refused the
 * task). Immutable.
 */
final class FutureStates {
  private FutureStates() {}

  /**
   * Polls of a future's state, with {@link Thread#onSpinWait()}, before a waiter parks: a few
   * microseconds, in which a tiny task that a spinning worker took is usually done, so the waiter
   * and the completer skip a park and an unpark (most of a hand-off's round trip, and of a batch
   * submitter's wait for the last futures; JFR put half of a two-submitter run's samples there).
   */
  static final int WAIT_SPINS = 1 << 7;

  static final class Sentinel {
    private final String name;

    Sentinel(String name) {
      this.name = name;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static class Failure {
    final Throwable cause;

    Failure(Throwable cause) {
      this.cause = cause;
    }
  }

  /** The failure of a task its executor refused: counted as a rejection, not a task failure. */
  static final class Rejection extends Failure {
    Rejection(Throwable cause) {
      super(cause);
    }
  }

  /** {@code d} in nanoseconds, saturated to {@code Long.MIN_VALUE}/{@code MAX_VALUE}. */
  static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException overflow) {
      return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }
}
