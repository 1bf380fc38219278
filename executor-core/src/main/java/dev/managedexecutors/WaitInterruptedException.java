package dev.managedexecutors;

/**
 * Thrown when a thread is interrupted while it waits in {@link ManagedFuture#result()}, {@link
 * ManagedFuture#exception()}, {@link Futures#wait} or an iterator of {@link ManagedExecutor#map} or
 * {@link Futures#asCompleted}. The thread's interrupt status is set again before this is thrown, so
 * the interruption is never swallowed; the {@linkplain #getCause() cause} is the {@link
 * InterruptedException}.
 */
public class WaitInterruptedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param what what the thread was waiting for
   * @param cause the interruption
   */
  public WaitInterruptedException(String what, InterruptedException cause) {
    super("interrupted while waiting for " + what, cause);
  }
}
