package dev.managedexecutors.actuate;

import dev.managedexecutors.ManagedThreadPool;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;

/**
 * The {@code executors} health contributor: one {@link PoolHealthIndicator} per {@link
 * ManagedThreadPool} of the application, named after the pool ({@code
 * /actuator/health/executors/{name}}), the name its meters and the endpoint use too.
 *
 * <p>Thread-safety: safe for use by many threads. Each pool keeps one indicator (and so one
 * saturation count) for the life of the contributor.
 */
public final class ExecutorsHealthContributor implements CompositeHealthContributor {
  private final Supplier<Map<String, ManagedThreadPool>> pools;
  private final Function<ManagedThreadPool, PoolHealthIndicator> indicatorFactory;
  private final Map<ManagedThreadPool, PoolHealthIndicator> indicators = new ConcurrentHashMap<>();

  /**
   * Creates the contributor.
   *
   * @param pools returns the pools, by pool name; called on every check
   * @param indicatorFactory creates the indicator of a pool, once per pool
   */
  public ExecutorsHealthContributor(
      Supplier<Map<String, ManagedThreadPool>> pools,
      Function<ManagedThreadPool, PoolHealthIndicator> indicatorFactory) {
    this.pools = pools;
    this.indicatorFactory = indicatorFactory;
  }

  /**
   * Returns the indicator of one pool.
   *
   * @param name the pool's name
   * @return its indicator, or {@code null} if there is no such pool
   */
  @Override
  public @Nullable HealthContributor getContributor(String name) {
    ManagedThreadPool pool = pools.get().get(name);
    return pool == null ? null : indicator(pool);
  }

  /**
   * Returns the indicators of every pool.
   *
   * @return one entry per pool
   */
  @Override
  public Stream<HealthContributors.Entry> stream() {
    return pools.get().entrySet().stream()
        .map(e -> new HealthContributors.Entry(e.getKey(), indicator(e.getValue())));
  }

  private PoolHealthIndicator indicator(ManagedThreadPool pool) {
    return indicators.computeIfAbsent(pool, indicatorFactory);
  }
}
