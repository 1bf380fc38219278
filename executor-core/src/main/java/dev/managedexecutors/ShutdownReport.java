package dev.managedexecutors;

import java.time.Duration;

/**
 * What a {@link Drainable#shutdown(Duration, boolean) graceful shutdown} did to a pool's tasks, as
 * {@link ManagedThreadPool#shutdown(Duration, boolean)} counts them; another kind of pool says in
 * its {@code shutdown} how it maps its own outcomes onto these counts. Immutable.
 *
 * @param pool the pool's name
 * @param completed tasks that ran to their end (normally or by throwing) during the shutdown
 * @param cancelled tasks cancelled during the shutdown: never started, or removed from the queue
 * @param interrupted tasks still running when the wait ended, which were interrupted
 * @param stillRunning tasks that ignored the interrupt and were still running when the shutdown
 *     gave up on them (0 if the pool terminated)
 * @param awaited how long the shutdown was allowed to wait for the tasks before interrupting
 * @param elapsed how long the shutdown took
 * @param terminated whether the pool terminated (no task and no worker left) before the shutdown
 *     returned
 */
public record ShutdownReport(
    String pool,
    long completed,
    long cancelled,
    int interrupted,
    int stillRunning,
    Duration awaited,
    Duration elapsed,
    boolean terminated) {

  /**
   * Returns whether every task accepted before the shutdown ended by itself: nothing was
   * interrupted and the pool terminated.
   *
   * @return whether the shutdown was clean
   */
  public boolean clean() {
    return interrupted == 0 && terminated;
  }
}
