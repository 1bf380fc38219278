package dev.managedexecutors.actuate;

import dev.managedexecutors.ManagedThreadPool;
import dev.managedexecutors.SaturationRule;
import dev.managedexecutors.SaturationTracker;
import dev.managedexecutors.stats.PoolStats;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
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
 * <p>"For a while" is measured between health checks by the core's {@link SaturationTracker}: the
 * pool is saturated since the first check that found it so, as long as every later check does too;
 * one check that finds it not saturated starts the count again. This class only maps what the
 * tracker observed onto a {@link Health}.
 *
 * <p>The rule and the status may change at run time (the live reconfiguration of {@code
 * managed-executors.health.saturation.*}): an indicator made with suppliers reads both at every
 * check, so a new rule applies from the next check on. A check that runs while both are replaced
 * may see one of them new and the other old; the next check sees both new.
 *
 * <p>Thread-safe; never blocks. Memory consistency effects: those of the suppliers, as {@link
 * SaturationTracker} says.
 */
public final class PoolHealthIndicator implements HealthIndicator {
  private final ManagedThreadPool pool;
  private final SaturationTracker tracker;
  private final Supplier<Status> saturatedStatus;
  private final LongSupplier nanoClock;

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
    this(pool, new SaturationTracker(rule), () -> saturatedStatus, nanoClock);
  }

  /**
   * Creates the indicator for rules that change at run time, read at every check.
   *
   * @param pool the pool
   * @param rule returns when the pool counts as saturated now; must not block
   * @param saturatedStatus returns the status of a saturated pool now; must not block
   * @param nanoClock the time in nanoseconds, as {@link System#nanoTime()}
   */
  public PoolHealthIndicator(
      ManagedThreadPool pool,
      Supplier<SaturationRule> rule,
      Supplier<Status> saturatedStatus,
      LongSupplier nanoClock) {
    this(pool, new SaturationTracker(rule), saturatedStatus, nanoClock);
  }

  private PoolHealthIndicator(
      ManagedThreadPool pool,
      SaturationTracker tracker,
      Supplier<Status> saturatedStatus,
      LongSupplier nanoClock) {
    this.pool = pool;
    this.tracker = tracker;
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
    SaturationTracker.Observation saturation = tracker.observe(stats, nanoClock.getAsLong());
    Health.Builder health =
        new Health.Builder()
            .withDetail("queueDepth", stats.queueDepth())
            .withDetail("queueCapacity", stats.queueCapacity())
            .withDetail("activeWorkers", stats.activeWorkers())
            .withDetail("maxWorkers", stats.maxWorkers());
    if (stats.broken()) {
      return health
          .down()
          .withDetail("state", "BROKEN")
          .withDetail("reason", "a worker's initializer failed; every submission is refused")
          .build();
    }
    if (stats.shutdown()) {
      return health
          .outOfService()
          .withDetail("state", stats.terminated() ? "TERMINATED" : "SHUTDOWN")
          .build();
    }
    health.withDetail("state", "RUNNING");
    if (!saturation.saturated()) {
      return health.up().withDetail("saturated", false).build();
    }
    return health
        .status(saturation.reported() ? saturatedStatus.get() : Status.UP)
        .withDetail("saturated", saturation.reported())
        .withDetail("saturatedFor", saturation.saturatedFor().toString())
        .build();
  }
}
