package dev.managedexecutors.autoconfigure.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.managedexecutors.ManagedThreadPool;
import dev.managedexecutors.actuate.ExecutorsHealthContributor;
import dev.managedexecutors.autoconfigure.HealthRules;
import dev.managedexecutors.autoconfigure.ManagedExecutorsAutoConfiguration;
import dev.managedexecutors.autoconfigure.actuate.ManagedExecutorsHealthAutoConfiguration;
import dev.managedexecutors.autoconfigure.events.ManagedExecutorsEventsAutoConfiguration;
import dev.managedexecutors.autoconfigure.events.PoolWatcher;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.core.env.MapPropertySource;

/** When the live reconfiguration is configured, and that it stays out of the way otherwise. */
class ManagedExecutorsRefreshAutoConfigurationTests {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  ManagedExecutorsAutoConfiguration.class,
                  ManagedExecutorsRefreshAutoConfiguration.class))
          .withPropertyValues("managed-executors.pools.io.max-size=4");

  @Test
  void whenSpringCloudContextIsAbsentThenThePoolsStartAndNothingOfTheRefreshIsLoaded() {
    runner
        .withClassLoader(new FilteredClassLoader(EnvironmentChangeEvent.class))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).hasBean("io");
              assertThat(context).doesNotHaveBean(PoolReconfigurer.class);
              assertThat(context).doesNotHaveBean(ReconfigurationHistory.class);
              assertThat(context).doesNotHaveBean(EnvironmentChangeListener.class);
            });
  }

  @Test
  void whenSpringCloudContextIsPresentThenAnEnvironmentChangeEventResizesThePool() {
    runner.run(
        context -> {
          assertThat(context).hasSingleBean(PoolReconfigurer.class);
          Map<String, Object> values = new HashMap<>();
          values.put("managed-executors.pools.io.max-size", "6");
          context
              .getEnvironment()
              .getPropertySources()
              .addFirst(new MapPropertySource("changed", values));
          context.publishEvent(
              new EnvironmentChangeEvent(context, Set.of("managed-executors.pools.io.max-size")));
          assertThat(context.getBean("io", ManagedThreadPool.class).maxWorkers()).isEqualTo(6);
        });
  }

  @Test
  void whenActuatorIsAbsentThenAChangeOfTheHealthRulesStillReachesTheRulesTheWatcherReads() {
    runner
        .withConfiguration(
            AutoConfigurations.of(
                ManagedExecutorsEventsAutoConfiguration.class,
                ManagedExecutorsHealthAutoConfiguration.class))
        .withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(ExecutorsHealthContributor.class);
              assertThat(context).hasSingleBean(PoolWatcher.class);
              Map<String, Object> values = new HashMap<>();
              values.put("managed-executors.health.saturation.duration", "5s");
              context
                  .getEnvironment()
                  .getPropertySources()
                  .addFirst(new MapPropertySource("changed", values));
              context.publishEvent(new EnvironmentChangeEvent(context, values.keySet()));
              assertThat(context.getBean(HealthRules.class).saturation().rule().duration())
                  .isEqualTo(Duration.ofSeconds(5));
              assertThat(context.getBean(ReconfigurationHistory.class).recent())
                  .singleElement()
                  .satisfies(
                      r ->
                          assertThat(r.changes())
                              .containsExactly(
                                  "managed-executors.health.saturation.duration 30s -> 5s"));
            });
  }

  @Test
  void whenTheApplicationSetsNoNeverRefreshableListThenOurPropertiesAreOnIt() {
    runner.run(
        context ->
            assertThat(
                    context
                        .getEnvironment()
                        .getProperty(EnvironmentChangeListener.NEVER_REFRESHABLE))
                .isEqualTo(
                    "com.zaxxer.hikari.HikariDataSource,"
                        + "dev.managedexecutors.autoconfigure.ManagedExecutorsProperties"));
  }
}
