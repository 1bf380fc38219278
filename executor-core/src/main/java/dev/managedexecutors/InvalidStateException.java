package dev.managedexecutors;

/**
 * Thrown when an executor implementation tries to finish a future that is already done: Python's
 * {@code concurrent.futures.InvalidStateError}. See {@link ManagedFuture#setResult} and {@link
 * ManagedFuture#setException}.
 */
public class InvalidStateException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which future, and what was attempted
   */
  public InvalidStateException(String message) {
    super(message);
  }
}
