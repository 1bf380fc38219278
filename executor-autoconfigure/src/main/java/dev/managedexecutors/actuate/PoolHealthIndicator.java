package dev.managedexecutors.actuate;

import dev.managedexecutors.ManagedThreadPool;
import dev.managedexecutors.stats.PoolStats;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The health of one pool:
 *
 * <ul>
 *   <li>{@code DOWN} when it is broken (a worker's initializer failed);
 *   <li>{@code OUT_OF_SERVICE} when it is shut down (it accepts no more tasks);
 *   <li>the configured saturated status when it has been saturated (see {@link SaturationRule}) at
 *       every check for at least the rule's duration; {@code UP} by default, so saturation shows in
 *       the details without changing the application's status;
 *   <li>{@code UP} otherwise.
 * </ul>
 *
 * Details: {@code state}, {@code queueDepth}, {@code queueCapacity}, {@code activeWorkers}, {@code
 * maxWorkers}, {@code saturated} and, while saturated, {@code saturatedFor} (ISO-8601).
 *
 * <p>"For a while" is measured between health checks: the pool is saturated since the first check
 * that found it so, as long as every later check does too; one check that finds it not saturated
 * starts the count again.
 *
 * <p>Implementation notes: one field, {@code saturatedSince} (nanoTime of the first saturated
 * check, or {@link #NOT_SATURATED}), updated with compare-and-set so that concurrent checks agree
 * on the start. Thread-safe; never blocks.
 */
public final class PoolHealthIndicator implements HealthIndicator {
  private static final long NOT_SATURATED = Long.MIN_VALUE;

  private final ManagedThreadPool pool;
  private final SaturationRule rule;
  private final Status saturatedStatus;
  private final LongSupplier nanoClock;
  private final AtomicLong saturatedSince = new AtomicLong(NOT_SATURATED);

  /**
   * Creates the indicator.
   *
   * @param pool the pool
   * @param rule when the pool counts as saturated
   * @param saturatedStatus the status of a saturated pool
   */
  public PoolHealthIndicator(ManagedThreadPool pool, SaturationRule rule, Status saturatedStatus) {
    this(pool, rule, saturatedStatus, System::nanoTime);
  }

  /**
   * Creates the indicator with a clock, for tests.
   *
   * @param pool the pool
   * @param rule when the pool counts as saturated
   * @param saturatedStatus the status of a saturated pool
   * @param nanoClock the time in nanoseconds, as {@link System#nanoTime()}
   */
  public PoolHealthIndicator(
      ManagedThreadPool pool, SaturationRule rule, Status saturatedStatus, LongSupplier nanoClock) {
    this.pool = pool;
    this.rule = rule;
    this.saturatedStatus = saturatedStatus;
    this.nanoClock = nanoClock;
  }

  /**
   * Checks the pool.
   *
   * @return its health
   */
  @Override
  public Health health() {
    PoolStats stats = pool.stats();
    Health.Builder health =
        new Health.Builder()
            .withDetail("queueDepth", stats.queueDepth())
            .withDetail("queueCapacity", stats.queueCapacity())
            .withDetail("activeWorkers", stats.activeWorkers())
            .withDetail("maxWorkers", stats.maxWorkers());
    if (stats.broken()) {
      saturatedSince.set(NOT_SATURATED);
      return health
          .down()
          .withDetail("state", "BROKEN")
          .withDetail("reason", "a worker's initializer failed; every submission is refused")
          .build();
    }
    if (stats.shutdown()) {
      saturatedSince.set(NOT_SATURATED);
      return health
          .outOfService()
          .withDetail("state", stats.terminated() ? "TERMINATED" : "SHUTDOWN")
          .build();
    }
    health.withDetail("state", "RUNNING");
    if (!rule.saturated(stats)) {
      saturatedSince.set(NOT_SATURATED);
      return health.up().withDetail("saturated", false).build();
    }
    long now = nanoClock.getAsLong();
    saturatedSince.compareAndSet(NOT_SATURATED, now);
    Duration saturatedFor = Duration.ofNanos(Math.max(0, now - saturatedSince.get()));
    boolean reported = saturatedFor.compareTo(rule.duration()) >= 0;
    return health
        .status(reported ? saturatedStatus : Status.UP)
        .withDetail("saturated", reported)
        .withDetail("saturatedFor", saturatedFor.toString())
        .build();
  }
}
