package dev.managedexecutors.autoconfigure.metrics;

import dev.managedexecutors.ManagedThreadPool;
import dev.managedexecutors.autoconfigure.PoolBeans;
import dev.managedexecutors.micrometer.ManagedThreadPoolMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.IdentityHashMap;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ListableBeanFactory;

/**
 * Binds a {@link ManagedThreadPoolMetrics} for every {@link ManagedThreadPool} bean of the
 * application context, its own and those this starter creates, tagged with the pool's name. Spring
 * Boot binds it to the meter registry once every singleton exists; when the context closes, {@link
 * #destroy()} removes the meters (each pool's meters also go when that pool terminates).
 *
 * <p>Thread-safety: safe for use by many threads.
 */
public final class ManagedThreadPoolsMeterBinder implements MeterBinder, DisposableBean {
  private final ListableBeanFactory beanFactory;
  private final IdentityHashMap<ManagedThreadPool, ManagedThreadPoolMetrics> metrics =
      new IdentityHashMap<>();

  /**
   * Creates the binder.
   *
   * @param beanFactory where to find the pools when binding
   */
  public ManagedThreadPoolsMeterBinder(ListableBeanFactory beanFactory) {
    this.beanFactory = beanFactory;
  }

  /**
   * Binds the meters of every {@link ManagedThreadPool} bean to {@code registry}.
   *
   * @param registry the registry
   */
  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    for (ManagedThreadPool pool : PoolBeans.existing(beanFactory).values()) {
      metrics
          .computeIfAbsent(pool, p -> new ManagedThreadPoolMetrics(p, Tags.empty()))
          .bindTo(registry);
    }
  }

  /** Removes every meter this binder registered. */
  @Override
  public synchronized void destroy() {
    metrics.values().forEach(ManagedThreadPoolMetrics::close);
    metrics.clear();
  }
}
