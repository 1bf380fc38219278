package dev.managedexecutors;

/**
 * Thrown by {@link ManagedFuture#result()} (and by the iterators of {@link ManagedExecutor#map})
 * when the task ended by throwing. Its {@linkplain #getCause() cause} is exactly the task's
 * exception, the same object, so {@code e.getCause() instanceof IOException} works as Python's
 * re-raise does.
 *
 * <p>Unchecked, unlike {@link java.util.concurrent.ExecutionException} which {@link
 * ManagedFuture#get()} keeps throwing for JDK compatibility.
 */
public class TaskFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception for a task's failure.
   *
   * @param cause the task's exception, never {@code null}
   */
  public TaskFailedException(Throwable cause) {
    super("task failed: " + cause, cause);
  }
}
