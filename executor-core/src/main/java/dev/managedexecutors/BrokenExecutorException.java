package dev.managedexecutors;

import java.util.concurrent.RejectedExecutionException;

/**
 * The pool cannot run tasks any more because a worker's initializer failed: Python's {@code
 * BrokenExecutor}. Every task still pending when the pool broke fails with this exception, and
 * every later submission throws it. It extends {@link RejectedExecutionException}, so code that
 * already handles rejection handles a broken pool too. The message names the pool; the cause is the
 * initializer's exception.
 */
public class BrokenExecutorException extends RejectedExecutionException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message names the pool and what broke it
   * @param cause the initializer's exception
   */
  public BrokenExecutorException(String message, Throwable cause) {
    super(message, cause);
  }
}
