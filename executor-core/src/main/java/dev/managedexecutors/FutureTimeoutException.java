package dev.managedexecutors;

import java.time.Duration;

/**
 * Thrown when a wait for a future's outcome ends before the outcome is there: Python's {@code
 * concurrent.futures.TimeoutError}.
 *
 * <p>Unchecked, so that it can also be thrown from an {@link java.util.Iterator} (by {@link
 * ManagedExecutor#map} and {@link Futures#asCompleted}). The message says how much was unfinished:
 * the waited duration for a single future, or {@code "2 (of 4) futures unfinished"} for several.
 * {@link ManagedFuture#get(long, java.util.concurrent.TimeUnit)} keeps the JDK contract and throws
 * the checked {@link java.util.concurrent.TimeoutException} instead.
 */
public class FutureTimeoutException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception with a message.
   *
   * @param message what did not finish in time
   */
  public FutureTimeoutException(String message) {
    super(message);
  }

  static FutureTimeoutException unfinished(int unfinished, int total) {
    return new FutureTimeoutException(unfinished + " (of " + total + ") futures unfinished");
  }

  /** Formats a duration for messages: {@code 250 ms}, {@code 1.5 s}, {@code 0 ms}. */
  static String describe(Duration d) {
    if (d.isNegative() || d.isZero()) {
      return "0 ms (polled without waiting)";
    }
    long millis = d.toMillis();
    if (millis < 1000) {
      return millis == 0 ? d.toNanos() / 1000 + " µs" : millis + " ms";
    }
    return (millis % 1000 == 0 ? String.valueOf(millis / 1000) : String.valueOf(millis / 1000.0))
        + " s";
  }
}
