package dev.managedexecutors.autoconfigure.metrics;

import dev.managedexecutors.ManagedThreadPool;
import dev.managedexecutors.autoconfigure.PoolBeans;
import dev.managedexecutors.micrometer.ManagedThreadPoolMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ListableBeanFactory;

/**
 * Binds a {@link ManagedThreadPoolMetrics} for every singleton {@link ManagedThreadPool} bean of
 * the application context, its own and those this starter creates, tagged with the pool's name; a
 * lazy pool is metered when it is created. A prototype-scoped pool bean is never metered (nor
 * created to be metered). Spring Boot binds it to the meter registry once every singleton exists;
 * when the context closes, {@link #destroy()} removes the meters (each pool's meters also go when
 * that pool terminates).
 *
 * <p>Thread-safety: safe for use by many threads.
 */
public final class ManagedThreadPoolsMeterBinder implements MeterBinder, DisposableBean {
  private final ListableBeanFactory beanFactory;
  private final boolean timers;
  private final IdentityHashMap<ManagedThreadPool, ManagedThreadPoolMetrics> metrics =
      new IdentityHashMap<>();
  private final List<MeterRegistry> registries = new ArrayList<>();

  /**
   * Creates the binder.
   *
   * @param beanFactory where to find the pools when binding
   */
  public ManagedThreadPoolsMeterBinder(ListableBeanFactory beanFactory) {
    this(beanFactory, true);
  }

  /**
   * Creates the binder.
   *
   * @param beanFactory where to find the pools when binding
   * @param timers whether to register each pool's timers ({@code managed-executors.metrics.timers})
   */
  public ManagedThreadPoolsMeterBinder(ListableBeanFactory beanFactory, boolean timers) {
    this.beanFactory = beanFactory;
    this.timers = timers;
  }

  /**
   * Binds the meters of every {@link ManagedThreadPool} bean to {@code registry}.
   *
   * @param registry the registry
   */
  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    registries.add(registry);
    for (ManagedThreadPool pool : PoolBeans.existing(beanFactory).values()) {
      metrics
          .computeIfAbsent(pool, p -> new ManagedThreadPoolMetrics(p, Tags.empty(), timers))
          .bindTo(registry);
    }
  }

  /**
   * Meters a singleton pool bean created after the registries were bound (a lazy one, say), in
   * every registry bound so far; a pool already metered is left as it is.
   *
   * @param pool the pool
   */
  synchronized void bindCreatedLater(ManagedThreadPool pool) {
    if (registries.isEmpty() || metrics.containsKey(pool)) {
      return; // bindTo will find it, or already did
    }
    ManagedThreadPoolMetrics poolMetrics = new ManagedThreadPoolMetrics(pool, Tags.empty(), timers);
    metrics.put(pool, poolMetrics);
    registries.forEach(poolMetrics::bindTo);
  }

  /** Removes every meter this binder registered. */
  @Override
  public synchronized void destroy() {
    metrics.values().forEach(ManagedThreadPoolMetrics::close);
    metrics.clear();
    registries.clear();
  }
}
