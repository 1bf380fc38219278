package dev.managedexecutors.hazelcast;

import dev.managedexecutors.InvalidSettingException;
import dev.managedexecutors.ShutdownReport;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The graceful shutdown of one distributed pool ({@link DistributedPool#shutdown(Duration,
 * boolean)}): stop accepting, wait, then cancel the futures not done (here and on their members),
 * then wait a short grace. Counts what happened from the pool's statistics before the shutdown and
 * at the deadline.
 */
final class DistributedDrain {
  private DistributedDrain() {}

  static ShutdownReport drain(DistributedPool pool, Duration await, boolean cancelPending) {
    InvalidSettingException.requireNotNegative(InvalidSettingException.AWAIT_TERMINATION, await);
    long started = System.nanoTime();
    DistributedPoolStats before = pool.stats();
    pool.shutdown(false, cancelPending);
    boolean terminated = awaitQuietly(pool, await);
    DistributedPoolStats atDeadline = pool.stats();
    int interrupted = 0;
    if (!terminated) {
      // "Interrupted" counts the futures not done at the deadline: those shutdownNow cancels.
      interrupted = atDeadline.inFlight();
      pool.shutdownNow();
      terminated = awaitQuietly(pool, DistributedPool.CANCEL_GRACE);
    }
    DistributedPoolStats after = pool.stats();
    return new ShutdownReport(
        pool.name(),
        ran(atDeadline) - ran(before),
        atDeadline.cancelled() - before.cancelled(),
        interrupted,
        terminated ? 0 : after.inFlight(),
        await,
        Duration.ofNanos(System.nanoTime() - started),
        terminated);
  }

  /** Futures that ended with the task's outcome: a result or a failure. */
  private static long ran(DistributedPoolStats s) {
    return s.completed() + s.failed();
  }

  /**
   * Waits for the pool to terminate. An interrupt ends the wait early and is kept (the interrupt
   * status is set again), so that the caller's caller sees it.
   */
  private static boolean awaitQuietly(DistributedPool pool, Duration timeout) {
    try {
      return pool.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return pool.isTerminated();
    }
  }
}
