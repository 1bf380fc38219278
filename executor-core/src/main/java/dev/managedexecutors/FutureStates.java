package dev.managedexecutors;

import java.time.Duration;

/**
 * The values a {@link ManagedFuture}'s state holds besides a result: the sentinels that name a
 * state, and the terminal value of a failure (a {@link Rejection} when its executor refused the
 * task). Immutable.
 */
final class FutureStates {
  private FutureStates() {}

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
