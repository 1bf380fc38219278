package dev.managedexecutors.autoconfigure.metrics;

import dev.managedexecutors.hazelcast.DistributedPool;
import dev.managedexecutors.micrometer.DistributedPoolMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.IdentityHashMap;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * Binds a {@link DistributedPoolMetrics} for every singleton {@link DistributedPool} bean that
 * exists when Spring Boot binds the meter binders (once every singleton exists), its own and those
 * declared under {@code managed-executors.distributed}: {@code executor.*} meters tagged with the
 * pool's name and, per member, the member's address. When the context closes, {@link #destroy()}
 * removes them.
 *
 * <p>Thread-safety: safe for use by many threads.
 */
public final class DistributedPoolsMeterBinder implements MeterBinder, DisposableBean {
  private final ConfigurableListableBeanFactory beanFactory;
  private final IdentityHashMap<DistributedPool, DistributedPoolMetrics> metrics =
      new IdentityHashMap<>();

  /**
   * Creates the binder.
   *
   * @param beanFactory where to find the pools when binding
   */
  public DistributedPoolsMeterBinder(ConfigurableListableBeanFactory beanFactory) {
    this.beanFactory = beanFactory;
  }

  /**
   * Binds the meters of every existing {@link DistributedPool} bean to {@code registry}.
   *
   * @param registry the registry
   */
  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    // Neither prototypes nor factory beans are initialised just to learn their type.
    for (String name : beanFactory.getBeanNamesForType(DistributedPool.class, false, false)) {
      if (beanFactory.containsSingleton(name)) {
        metrics
            .computeIfAbsent(
                beanFactory.getBean(name, DistributedPool.class),
                p -> new DistributedPoolMetrics(p, Tags.empty()))
            .bindTo(registry);
      }
    }
  }

  /** Removes every meter this binder registered. */
  @Override
  public synchronized void destroy() {
    metrics.values().forEach(DistributedPoolMetrics::close);
    metrics.clear();
  }
}
