package dev.managedexecutors.benchmarks;

import dev.managedexecutors.ManagedThreadPool;
import dev.managedexecutors.stats.TaskListener;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Our pool with Micrometer metrics attached, on a {@link SimpleMeterRegistry}.
 *
 * <p>The real binder ({@code dev.managedexecutors.micrometer}, in executor-autoconfigure) is not on
 * this branch yet. {@link #bind} stands in for it and does what it will do: a {@link TaskListener}
 * that records time queued and time running into timers, and gauges that read the pool's cheap
 * getters. When the binder lands, replace the body of {@link #bind} with a call to it; nothing else
 * in the benchmarks changes.
 */
final class MeteredPoolAdapter extends ManagedPoolAdapter {
  private final MeterRegistry registry = new SimpleMeterRegistry();

  MeteredPoolAdapter(String name, int workers) {
    super(name, workers);
    bind(pool, registry);
  }

  /** Binds the pool's meters to {@code registry}: the one place to swap in the real binder. */
  static void bind(ManagedThreadPool pool, MeterRegistry registry) {
    Tags tags = Tags.of("name", pool.name());
    Timer idle = Timer.builder("executor.idle").tags(tags).register(registry);
    Timer run = Timer.builder("executor").tags(tags).register(registry);
    Gauge.builder("executor.queued", pool, ManagedThreadPool::queueDepth)
        .tags(tags)
        .register(registry);
    Gauge.builder("executor.active", pool, ManagedThreadPool::activeWorkers)
        .tags(tags)
        .register(registry);
    Gauge.builder("executor.pool.size", pool, ManagedThreadPool::poolSize)
        .tags(tags)
        .register(registry);
    pool.addTaskListener(
        new TaskListener() {
          @Override
          public void taskStarted(long queuedNanos) {
            idle.record(queuedNanos, TimeUnit.NANOSECONDS);
          }

          @Override
          public void taskFinished(long queuedNanos, long runNanos, @Nullable Throwable failure) {
            run.record(runNanos, TimeUnit.NANOSECONDS);
          }
        });
  }

  @Override
  public void close() {
    super.close();
    registry.close();
  }
}
