package dev.managedexecutors.docs;

import dev.managedexecutors.autoconfigure.ManagedThreadPoolCustomizer;
import dev.managedexecutors.stats.TaskListener;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/** The customizers of docs/spring-integration.md. */
// tag::customizers[]
@Configuration(proxyBeanMethods = false)
class PoolCustomizers {
  static final LongAdder FAILED_REPORTS = new LongAdder();

  // Every configured pool: each worker thread starts with the pool's name in its MDC.
  @Bean
  @Order(1)
  ManagedThreadPoolCustomizer workerMdc() {
    return (name, builder) -> builder.initializer(() -> MDC.put("pool", name));
  }

  // One pool: count the failures of the reports pool.
  @Bean
  @Order(2)
  ManagedThreadPoolCustomizer reportFailures() {
    return ManagedThreadPoolCustomizer.forPool(
        "reports",
        builder ->
            builder.listener(
                new TaskListener() {
                  @Override
                  public void taskFinished(long queuedNanos, long runNanos, @Nullable Throwable e) {
                    if (e != null) {
                      FAILED_REPORTS.increment();
                    }
                  }
                }));
  }
}
// end::customizers[]
