package dev.managedexecutors.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.managedexecutors.ManagedThreadPool;
import dev.managedexecutors.autoconfigure.ManagedExecutorsAutoConfiguration;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The customizers of docs/spring-integration.md do what the page says. */
class PoolCustomizersTests {

  @Test
  void theCustomizersSetTheWorkersMdcAndCountTheReportsPoolsFailures() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ManagedExecutorsAutoConfiguration.class))
        .withUserConfiguration(PoolCustomizers.class)
        .withPropertyValues(
            "managed-executors.pools.reports.max-size=1",
            "managed-executors.pools.io.max-size=1",
            "managed-executors.context-propagation.enabled=false")
        .run(
            context -> {
              ManagedThreadPool reports = context.getBean("reports", ManagedThreadPool.class);
              ManagedThreadPool io = context.getBean("io", ManagedThreadPool.class);
              assertThat(io.submit(() -> MDC.get("pool")).result(Duration.ofSeconds(30)))
                  .isEqualTo("io");
              long before = PoolCustomizers.FAILED_REPORTS.sum();
              reports.submit(
                  () -> {
                    throw new IllegalStateException("report failed");
                  });
              io.submit(
                  () -> {
                    throw new IllegalStateException("not a report");
                  });
              await()
                  .atMost(Duration.ofSeconds(30))
                  .until(() -> PoolCustomizers.FAILED_REPORTS.sum() == before + 1);
              assertThat(io.shutdown(Duration.ofSeconds(30), false).clean()).isTrue();
              assertThat(PoolCustomizers.FAILED_REPORTS.sum()).isEqualTo(before + 1);
            });
  }
}
