package dev.managedexecutors.docs;

import dev.managedexecutors.ManagedThreadPool;
import dev.managedexecutors.micrometer.ManagedThreadPoolMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;

/**
 * The "Without Spring" snippet of docs/metrics.md, compiled; {@code PlainJavaMetricsTests} runs it.
 */
final class PlainJavaMetrics {

  String run(MeterRegistry registry) {
    // tag::plain[]
    try (ManagedThreadPool pool = ManagedThreadPool.builder("io").maxWorkers(8).build();
        ManagedThreadPoolMetrics metrics =
            new ManagedThreadPoolMetrics(pool, Tags.of("app", "billing"))) {
      metrics.bindTo(registry); // executor.queued{name=io,app=billing}, executor.active, ...
      return pool.submit(() -> "metered").result(Duration.ofSeconds(5));
    } // the binder closes (its meters leave the registry), then the pool shuts down
    // end::plain[]
  }
}
