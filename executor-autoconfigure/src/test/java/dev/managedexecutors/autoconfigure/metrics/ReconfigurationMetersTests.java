package dev.managedexecutors.autoconfigure.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.managedexecutors.autoconfigure.ManagedExecutorsAutoConfiguration;
import dev.managedexecutors.autoconfigure.refresh.ManagedExecutorsRefreshAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.core.env.MapPropertySource;

/** {@code executor.reconfigurations}: live reconfigurations counted by pool and outcome. */
class ReconfigurationMetersTests {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  ManagedExecutorsAutoConfiguration.class,
                  ManagedExecutorsRefreshAutoConfiguration.class,
                  MetricsAutoConfiguration.class,
                  SimpleMetricsExportAutoConfiguration.class,
                  CompositeMeterRegistryAutoConfiguration.class,
                  ManagedExecutorsMetricsAutoConfiguration.class))
          .withPropertyValues("managed-executors.pools.io.max-size=2");

  @Test
  void whenAChangeIsAppliedOrRefusedThenItIsCountedByPoolAndOutcome() {
    runner.run(
        context -> {
          change(context, "3");
          change(context, "4");
          change(context, "-1");
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          assertThat(
                  registry
                      .get(ReconfigurationMeters.NAME)
                      .tags("name", "io", "outcome", "applied")
                      .counter()
                      .count())
              .isEqualTo(2.0);
          assertThat(
                  registry
                      .get(ReconfigurationMeters.NAME)
                      .tags("name", "io", "outcome", "refused")
                      .counter()
                      .count())
              .isEqualTo(1.0);
        });
  }

  @Test
  void whenSpringCloudContextIsAbsentThenNoReconfigurationMetersExist() {
    runner
        .withClassLoader(new FilteredClassLoader(EnvironmentChangeEvent.class))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(ReconfigurationMeters.class);
            });
  }

  private static void change(AssertableApplicationContext context, String maxSize) {
    Map<String, Object> values = new HashMap<>();
    values.put("managed-executors.pools.io.max-size", maxSize);
    context
        .getEnvironment()
        .getPropertySources()
        .addFirst(new MapPropertySource("change-" + maxSize, values));
    context.publishEvent(
        new EnvironmentChangeEvent(context, Set.of("managed-executors.pools.io.max-size")));
  }
}
