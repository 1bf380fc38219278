package dev.managedexecutors;

import java.time.Duration;

/**
 * An executor that can be shut down gracefully, reporting what happened to its tasks: a {@link
 * ManagedThreadPool}, or a pool of another module (a distributed pool runs its tasks on other
 * machines, yet drains the same way). {@link Shutdowns} drains any number of them in parallel.
 *
 * <p>Thread-safety: implementations must allow {@link #shutdown(Duration, boolean)} to be called
 * from any thread, concurrently with submissions, which it then refuses.
 */
public interface Drainable {
  /**
   * Returns the name the report and the log lines use.
   *
   * @return the name
   */
  String name();

  /**
   * Shuts the executor down gracefully: stops accepting tasks (cancelling those not started if
   * {@code cancelPending}), waits up to {@code awaitTermination} for the others to end, then
   * cancels and interrupts what is left and waits a short grace for it. No future is left pending,
   * except that of a task that ignores its interrupt.
   *
   * <p>Blocks for at most about {@code awaitTermination} plus the implementation's grace. If the
   * calling thread is interrupted, the current wait ends early and the interrupt status is kept.
   *
   * @param awaitTermination how long to wait for the tasks before cancelling; zero or positive
   * @param cancelPending whether to cancel the tasks not started at once instead of letting them
   *     run
   * @return what the shutdown did
   * @throws NullPointerException if {@code awaitTermination} is {@code null}
   * @throws InvalidSettingException if {@code awaitTermination} is negative (setting {@code
   *     awaitTermination}); the executor is then unchanged
   */
  ShutdownReport shutdown(Duration awaitTermination, boolean cancelPending);
}
