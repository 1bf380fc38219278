package dev.managedexecutors.autoconfigure.events;

import dev.managedexecutors.ManagedThreadPool;
import dev.managedexecutors.stats.PoolStats;
import java.time.Duration;
import org.springframework.context.ApplicationEvent;

/**
 * Published when a pool rejected tasks (refused them, or discarded them from its queue) since the
 * previous check, about once a second while rejections go on: one event per burst and check, with
 * the count. Its source is the pool. Listeners run in the pools' watcher thread: do not block it.
 */
public final class PoolRejectionsEvent extends ApplicationEvent {
  private static final long serialVersionUID = 1L;

  private final long rejected;
  private final Duration within;
  private final transient PoolStats stats;

  /**
   * Creates the event.
   *
   * @param pool the pool that rejected tasks
   * @param rejected how many tasks it rejected since the previous check, 1 or more
   * @param within the time since the previous check
   * @param stats its statistics at this check
   */
  public PoolRejectionsEvent(
      ManagedThreadPool pool, long rejected, Duration within, PoolStats stats) {
    super(pool);
    this.rejected = rejected;
    this.within = within;
    this.stats = stats;
  }

  /**
   * Returns the pool.
   *
   * @return the pool that rejected tasks
   */
  public ManagedThreadPool getPool() {
    return (ManagedThreadPool) getSource();
  }

  /**
   * Returns how many tasks were rejected since the previous check.
   *
   * @return 1 or more
   */
  public long getRejected() {
    return rejected;
  }

  /**
   * Returns the time since the previous check.
   *
   * @return the time over which {@link #getRejected()} were counted
   */
  public Duration getWithin() {
    return within;
  }

  /**
   * Returns the pool's statistics at this check.
   *
   * @return the statistics
   */
  public PoolStats getStats() {
    return stats;
  }
}
