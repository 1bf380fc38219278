package dev.managedexecutors;

import dev.managedexecutors.stats.PoolStats;
import java.time.Duration;
import java.util.Objects;

/**
 * When a pool counts as saturated: every worker is busy ({@code activeWorkers >= maxWorkers}) and
 * the queue is at least {@code queueThreshold} full. A pool with direct hand-off (capacity 0) is
 * saturated as soon as every worker is busy; an unbounded queue never fills, so such a pool is
 * never saturated by this rule. {@link #duration()} is how long a pool must stay saturated before
 * it is reported (see {@link SaturationTracker}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param queueThreshold fill ratio of the queue, in (0, 1]
 * @param duration how long a pool must stay saturated before it is reported, 0 or more
 */
public record SaturationRule(double queueThreshold, Duration duration) {

  /**
   * Validates the rule.
   *
   * @param queueThreshold fill ratio of the queue, in (0, 1]
   * @param duration how long a pool must stay saturated before it is reported, 0 or more
   * @throws InvalidSettingException if {@code queueThreshold} is not in (0, 1] (setting {@code
   *     queueThreshold}) or {@code duration} is negative (setting {@code duration})
   * @throws NullPointerException if {@code duration} is {@code null}
   */
  public SaturationRule {
    if (!(queueThreshold > 0 && queueThreshold <= 1)) {
      throw new InvalidSettingException(
          InvalidSettingException.QUEUE_THRESHOLD,
          queueThreshold,
          "queueThreshold must be > 0 and <= 1, was " + queueThreshold);
    }
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new InvalidSettingException(
          InvalidSettingException.DURATION, duration, "duration must be >= 0, was " + duration);
    }
  }

  /**
   * Returns whether a pool in this state is saturated now.
   *
   * @param stats the pool's statistics
   * @return whether every worker is busy and the queue is at least {@code queueThreshold} full
   */
  public boolean saturated(PoolStats stats) {
    if (stats.activeWorkers() < stats.maxWorkers()) {
      return false;
    }
    int capacity = stats.queueCapacity();
    if (capacity == 0) {
      return true;
    }
    if (capacity == ManagedThreadPool.UNBOUNDED) {
      return false;
    }
    return stats.queueDepth() >= Math.ceil(queueThreshold * capacity);
  }
}
