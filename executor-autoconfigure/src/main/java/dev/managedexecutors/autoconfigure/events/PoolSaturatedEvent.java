package dev.managedexecutors.autoconfigure.events;

import dev.managedexecutors.ManagedThreadPool;
import dev.managedexecutors.stats.PoolStats;
import java.time.Duration;
import org.springframework.context.ApplicationEvent;

/**
 * Published once when a pool has been saturated (every worker busy and the queue at least {@code
 * managed-executors.health.saturation.queue-threshold} full) at every check for {@code
 * managed-executors.health.saturation.duration}; published again only after a check found it not
 * saturated. Its source is the pool. Listeners run in the pools' watcher thread: do not block it.
 */
public final class PoolSaturatedEvent extends ApplicationEvent {
  private static final long serialVersionUID = 1L;

  private final transient PoolStats stats;
  private final Duration saturatedFor;

  /**
   * Creates the event.
   *
   * @param pool the saturated pool
   * @param stats its statistics at the check that found it saturated for long enough
   * @param saturatedFor how long it has been saturated
   */
  public PoolSaturatedEvent(ManagedThreadPool pool, PoolStats stats, Duration saturatedFor) {
    super(pool);
    this.stats = stats;
    this.saturatedFor = saturatedFor;
  }

  /**
   * Returns the pool.
   *
   * @return the saturated pool
   */
  public ManagedThreadPool getPool() {
    return (ManagedThreadPool) getSource();
  }

  /**
   * Returns the pool's statistics at the check.
   *
   * @return the statistics
   */
  public PoolStats getStats() {
    return stats;
  }

  /**
   * Returns how long the pool has been saturated.
   *
   * @return the time since the first check that found it saturated
   */
  public Duration getSaturatedFor() {
    return saturatedFor;
  }
}
