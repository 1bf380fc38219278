package dev.managedexecutors.benchmarks;

import dev.managedexecutors.ManagedThreadPool;
import dev.managedexecutors.micrometer.ManagedThreadPoolMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Our pool with the project's Micrometer binder ({@link ManagedThreadPoolMetrics}, what the starter
 * attaches to every pool) bound to a {@link SimpleMeterRegistry}: gauges, counters and the
 * time-queued and time-running timers fed by a task listener.
 */
final class MeteredPoolAdapter extends ManagedPoolAdapter {
  private final MeterRegistry registry = new SimpleMeterRegistry();

  MeteredPoolAdapter(String name, int workers) {
    super(name, workers);
    bind(pool, registry);
  }

  /** Binds the pool's meters to {@code registry} with the starter's own binder. */
  static void bind(ManagedThreadPool pool, MeterRegistry registry) {
    new ManagedThreadPoolMetrics(pool, Tags.empty()).bindTo(registry);
  }

  @Override
  public void close() {
    super.close();
    registry.close();
  }
}
