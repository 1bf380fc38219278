package dev.managedexecutors.autoconfigure.metrics;

import dev.managedexecutors.ManagedThreadPool;
import dev.managedexecutors.autoconfigure.ManagedThreadPoolRegistry;
import dev.managedexecutors.micrometer.ManagedThreadPoolMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import org.springframework.beans.factory.DisposableBean;

/**
 * Meters every pool of the {@link ManagedThreadPoolRegistry}, tagged with the pool's name, by
 * following the registry's events: a pool is metered when it joins the registry (a lazy pool when
 * it is created, never before, and never created to be metered) and its meters are removed when it
 * leaves. Spring Boot binds this binder to each meter registry once every singleton exists; when
 * the context closes, {@link #destroy()} removes the meters (each pool's meters also go when that
 * pool terminates).
 *
 * <p>Thread-safety: safe for use by many threads.
 */
public final class ManagedThreadPoolsMeterBinder implements MeterBinder, DisposableBean {
  private final ManagedThreadPoolRegistry pools;
  private final boolean timers;
  private final IdentityHashMap<ManagedThreadPool, ManagedThreadPoolMetrics> metrics =
      new IdentityHashMap<>();
  private final List<MeterRegistry> registries = new ArrayList<>();
  private final ManagedThreadPoolRegistry.Listener listener =
      new ManagedThreadPoolRegistry.Listener() {
        @Override
        public void poolAdded(String name, ManagedThreadPool pool) {
          meter(pool);
        }

        @Override
        public void poolRemoved(String name, ManagedThreadPool pool) {
          unmeter(pool);
        }
      };
  private boolean listening;

  /**
   * Creates the binder.
   *
   * @param pools the registry whose pools to meter
   */
  public ManagedThreadPoolsMeterBinder(ManagedThreadPoolRegistry pools) {
    this(pools, true);
  }

  /**
   * Creates the binder.
   *
   * @param pools the registry whose pools to meter
   * @param timers whether to register each pool's timers ({@code managed-executors.metrics.timers})
   */
  public ManagedThreadPoolsMeterBinder(ManagedThreadPoolRegistry pools, boolean timers) {
    this.pools = pools;
    this.timers = timers;
  }

  /**
   * Binds the meters of every pool of the registry, now and as pools join it, to {@code registry}.
   *
   * @param registry the registry
   */
  @Override
  public void bindTo(MeterRegistry registry) {
    List<ManagedThreadPoolMetrics> existing;
    boolean subscribe;
    synchronized (this) {
      registries.add(registry);
      existing = new ArrayList<>(metrics.values());
      subscribe = !listening;
      listening = true;
    }
    existing.forEach(m -> m.bindTo(registry));
    if (subscribe) {
      pools.addListener(listener); // tells us about the pools already there, too
    }
  }

  private void meter(ManagedThreadPool pool) {
    ManagedThreadPoolMetrics poolMetrics;
    List<MeterRegistry> bound;
    synchronized (this) {
      if (metrics.containsKey(pool)) {
        return;
      }
      poolMetrics = new ManagedThreadPoolMetrics(pool, Tags.empty(), timers);
      metrics.put(pool, poolMetrics);
      bound = List.copyOf(registries);
    }
    bound.forEach(poolMetrics::bindTo);
  }

  private void unmeter(ManagedThreadPool pool) {
    ManagedThreadPoolMetrics poolMetrics;
    synchronized (this) {
      poolMetrics = metrics.remove(pool);
    }
    if (poolMetrics != null) {
      poolMetrics.close();
    }
  }

  /** Stops following the registry and removes every meter this binder registered. */
  @Override
  public void destroy() {
    pools.removeListener(listener);
    List<ManagedThreadPoolMetrics> all;
    synchronized (this) {
      all = new ArrayList<>(metrics.values());
      metrics.clear();
      registries.clear();
      listening = false;
    }
    all.forEach(ManagedThreadPoolMetrics::close);
  }
}
