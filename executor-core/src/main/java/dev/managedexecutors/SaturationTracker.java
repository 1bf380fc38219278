package dev.managedexecutors;

import dev.managedexecutors.stats.PoolStats;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Applies a {@link SaturationRule} to successive observations of one pool and says when it has been
 * saturated "for a while": since the first observation that found it saturated, as long as every
 * later one does too; one observation that finds it not saturated (or broken, or shut down) starts
 * the count again.
 *
 * <p>Thread-safety: safe for use by many threads; never blocks. Concurrent observations agree on
 * when the saturation started.
 */
public final class SaturationTracker {
  /*
   * Implementation notes: one field, saturatedSince (the time of the first saturated observation,
   * or NOT_SATURATED), set with compare-and-set so that concurrent observers agree on the start;
   * cleared with a plain volatile set.
   */
  private static final long NOT_SATURATED = Long.MIN_VALUE;

  private final SaturationRule rule;
  private final AtomicLong saturatedSince = new AtomicLong(NOT_SATURATED);

  /**
   * What one observation found.
   *
   * @param saturated whether the pool is saturated now, by the rule
   * @param saturatedFor how long it has been saturated (zero if it is not)
   * @param reported whether it has been saturated for at least the rule's duration
   */
  public record Observation(boolean saturated, Duration saturatedFor, boolean reported) {}

  /**
   * Creates a tracker.
   *
   * @param rule the rule to apply
   */
  public SaturationTracker(SaturationRule rule) {
    this.rule = rule;
  }

  /**
   * Returns the rule this tracker applies.
   *
   * @return the rule
   */
  public SaturationRule rule() {
    return rule;
  }

  /**
   * Records one observation of the pool.
   *
   * @param stats the pool's statistics now
   * @param nanoTime the time now, as {@link System#nanoTime()}
   * @return what the observation found
   */
  public Observation observe(PoolStats stats, long nanoTime) {
    if (stats.broken() || stats.shutdown() || !rule.saturated(stats)) {
      saturatedSince.set(NOT_SATURATED);
      return new Observation(false, Duration.ZERO, false);
    }
    saturatedSince.compareAndSet(NOT_SATURATED, nanoTime);
    Duration saturatedFor = Duration.ofNanos(Math.max(0, nanoTime - saturatedSince.get()));
    return new Observation(true, saturatedFor, saturatedFor.compareTo(rule.duration()) >= 0);
  }
}
