package dev.managedexecutors.autoconfigure.events;

import dev.managedexecutors.ManagedThreadPool;
import dev.managedexecutors.stats.PoolStats;
import dev.managedexecutors.stats.TimeoutKind;
import java.time.Duration;
import org.springframework.context.ApplicationEvent;

/**
 * Published when tasks of a pool timed out ({@code queue-timeout}: cancelled before they ran;
 * {@code run-timeout}: interrupted while running) since the previous check, about once a second
 * while timeouts go on: one event per kind and check, with the count. Its source is the pool.
 * Listeners run in the pools' watcher thread: do not block it.
 */
public final class PoolTimeoutsEvent extends ApplicationEvent {
  private static final long serialVersionUID = 1L;

  private final TimeoutKind kind;
  private final long timedOut;
  private final Duration within;
  private final transient PoolStats stats;

  /**
   * Creates the event.
   *
   * @param pool the pool whose tasks timed out
   * @param kind which timeout they reached
   * @param timedOut how many tasks timed out since the previous check, 1 or more
   * @param within the time since the previous check
   * @param stats its statistics at this check
   */
  public PoolTimeoutsEvent(
      ManagedThreadPool pool, TimeoutKind kind, long timedOut, Duration within, PoolStats stats) {
    super(pool);
    this.kind = kind;
    this.timedOut = timedOut;
    this.within = within;
    this.stats = stats;
  }

  /**
   * Returns the pool.
   *
   * @return the pool whose tasks timed out
   */
  public ManagedThreadPool getPool() {
    return (ManagedThreadPool) getSource();
  }

  /**
   * Returns which timeout the tasks reached.
   *
   * @return {@link TimeoutKind#QUEUE} or {@link TimeoutKind#RUN}
   */
  public TimeoutKind getKind() {
    return kind;
  }

  /**
   * Returns how many tasks timed out since the previous check.
   *
   * @return 1 or more
   */
  public long getTimedOut() {
    return timedOut;
  }

  /**
   * Returns the time since the previous check.
   *
   * @return the time over which {@link #getTimedOut()} were counted
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
