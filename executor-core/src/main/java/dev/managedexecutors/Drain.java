package dev.managedexecutors;

import dev.managedexecutors.stats.PoolStats;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The graceful shutdown of one pool: stop accepting, wait, then cancel what never started and
 * interrupt what still runs, then wait a short grace for the interrupted tasks. Counts what
 * happened from the pool's statistics before and after.
 */
final class Drain {
  private Drain() {}

  static ShutdownReport drain(
      ManagedThreadPool pool, PoolEngine engine, Duration await, boolean cancelPending) {
    engine.workers.refuseWaitFromOwnWorker("shutdown(awaitTermination)");
    long started = System.nanoTime();
    PoolStats before = pool.stats();
    pool.shutdown(false, cancelPending);
    boolean terminated = awaitQuietly(pool, await);
    PoolStats atDeadline = pool.stats();
    int interrupted = 0;
    if (!terminated) {
      // "Interrupted" counts the tasks running when the wait ended: those shutdownNow interrupts.
      interrupted = atDeadline.activeWorkers();
      pool.shutdownNow();
      terminated = awaitQuietly(pool, ManagedThreadPool.INTERRUPT_GRACE);
    }
    PoolStats after = pool.stats();
    return new ShutdownReport(
        pool.name(),
        ran(atDeadline) - ran(before),
        after.cancelled() - before.cancelled(),
        interrupted,
        terminated ? 0 : after.activeWorkers(),
        await,
        Duration.ofNanos(System.nanoTime() - started),
        terminated);
  }

  /** Tasks that ran to the end, normally or by throwing. */
  private static long ran(PoolStats s) {
    return s.completed() + s.failed();
  }

  /**
   * Waits for the pool to terminate. An interrupt ends the wait early and is kept (the interrupt
   * status is set again), so that the caller's caller sees it.
   */
  private static boolean awaitQuietly(ManagedThreadPool pool, Duration timeout) {
    try {
      return pool.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return pool.isTerminated();
    }
  }
}
