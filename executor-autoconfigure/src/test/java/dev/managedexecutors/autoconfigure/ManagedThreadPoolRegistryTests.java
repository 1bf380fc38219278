package dev.managedexecutors.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.managedexecutors.ManagedThreadPool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/** The registry of pools (one name per pool, add/remove events) and the customizers it applies. */
class ManagedThreadPoolRegistryTests {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ManagedExecutorsAutoConfiguration.class))
          .withPropertyValues("managed-executors.pools.io.max-size=2");

  @Test
  void whenACustomizerBeanExistsThenItReachesEveryConfiguredPoolBeforeItIsBuilt() {
    runner
        .withUserConfiguration(CustomizerConfiguration.class)
        .run(
            context -> {
              ManagedThreadPool io = context.getBean("io", ManagedThreadPool.class);
              ManagedThreadPool fallback = context.getBean("default", ManagedThreadPool.class);
              // The customizer set an initializer: it names the worker thread it ran in.
              assertThat(io.submit(CustomizerConfiguration.INITIALIZED::get).result())
                  .isEqualTo("initialized io");
              assertThat(fallback.submit(CustomizerConfiguration.INITIALIZED::get).result())
                  .isEqualTo("initialized default");
              assertThat(context.getBean(CustomizerConfiguration.class).order)
                  .containsExactly("first io", "second io", "first default", "second default");
            });
  }

  @Test
  void whenACustomizerIsForOnePoolThenOnlyThatPoolSeesIt() {
    List<String> seen = new CopyOnWriteArrayList<>();
    runner
        .withBean(
            ManagedThreadPoolCustomizer.class,
            () -> ManagedThreadPoolCustomizer.forPool("io", b -> seen.add("io customized")))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(seen).containsExactly("io customized");
            });
  }

  @Test
  void whenACustomizerMakesASettingInvalidThenStartUpFailsNamingThePool() {
    runner
        .withBean(
            ManagedThreadPoolCustomizer.class,
            () -> ManagedThreadPoolCustomizer.forPool("io", b -> b.coreWorkers(5)))
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .hasStackTraceContaining("managed-executors.pools.io.max-size"));
  }

  @Test
  void theRegistryFindsEachPoolByItsNameAndTellsListenersOfAdditionsAndRemovals() {
    runner.run(
        context -> {
          ManagedThreadPoolRegistry registry = context.getBean(ManagedThreadPoolRegistry.class);
          ManagedThreadPool io = context.getBean("io", ManagedThreadPool.class);
          assertThat(registry.find("io")).containsSame(io);
          assertThat(registry.find("nope")).isEmpty();
          assertThat(registry.names()).containsExactlyInAnyOrder("io", "default");
          assertThat(registry.settings("io"))
              .hasValueSatisfying(s -> assertThat(s.getMaxSize()).isEqualTo(2));

          List<String> events = new ArrayList<>();
          ManagedThreadPoolRegistry.Listener listener =
              new ManagedThreadPoolRegistry.Listener() {
                @Override
                public void poolAdded(String name, ManagedThreadPool pool) {
                  events.add("added " + name);
                }

                @Override
                public void poolRemoved(String name, ManagedThreadPool pool) {
                  events.add("removed " + name);
                }
              };
          registry.addListener(listener);
          assertThat(events).containsExactlyInAnyOrder("added io", "added default");
          ManagedThreadPool extra = ManagedThreadPool.builder("extra").maxWorkers(1).build();
          try {
            registry.register(extra, "a test");
            registry.register(extra, "a test"); // the same pool again: nothing happens
            assertThat(registry.remove("extra")).containsSame(extra);
            assertThat(events).endsWith("added extra", "removed extra");
          } finally {
            extra.shutdownNow();
          }
        });
  }

  @Test
  void updatedSettingsOfABuiltPoolAreWhatTheRegistryAndTheShutdownUseFromThenOn() {
    runner.run(
        context -> {
          ManagedThreadPoolRegistry registry = context.getBean(ManagedThreadPoolRegistry.class);
          context.getBean("io", ManagedThreadPool.class);
          ManagedExecutorsProperties.Pool changed = new ManagedExecutorsProperties.Pool();
          changed.getShutdown().setCancelPending(true);
          ManagedExecutorsProperties.Pool previous = registry.updateSettings("io", changed);
          assertThat(previous.getMaxSize()).isEqualTo(2);
          assertThat(registry.settings("io")).containsSame(changed);
          assertThatIllegalArgumentException()
              .isThrownBy(() -> registry.updateSettings("nope", changed))
              .withMessageContaining("'nope'");
        });
  }

  @Test
  void whenTwoPoolsHaveOneNameThenStartUpFailsWithAReportNamingBoth() {
    runner
        .withUserConfiguration(ClashingPoolConfiguration.class)
        .run(
            context -> {
              assertThat(context).hasFailed();
              Throwable failure = context.getStartupFailure();
              assertThat(failure).hasRootCauseInstanceOf(PoolNameClashException.class);
              FailureAnalysis analysis = new PoolNameClashFailureAnalyzer().analyze(failure);
              assertThat(analysis).isNotNull();
              assertThat(analysis.getDescription())
                  .contains("Two pools are named 'io'")
                  .contains("bean 'reportPool'")
                  .contains("pool 'io' of managed-executors.pools");
              assertThat(analysis.getAction()).contains("Give each pool its own name");
            });
  }

  @Test
  void whenTheApplicationReplacesAConfiguredPoolByBeanNameThenThereIsNoClash() {
    runner
        .withUserConfiguration(ReplacingPoolConfiguration.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(ManagedThreadPoolRegistry.class).find("io"))
                  .containsSame(context.getBean("io", ManagedThreadPool.class));
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class CustomizerConfiguration {
    static final ThreadLocal<String> INITIALIZED = new ThreadLocal<>();
    final List<String> order = new CopyOnWriteArrayList<>();

    @Bean
    @Order(2)
    ManagedThreadPoolCustomizer second() {
      return (name, builder) -> order.add("second " + name);
    }

    @Bean
    @Order(1)
    ManagedThreadPoolCustomizer first() {
      return (name, builder) -> {
        order.add("first " + name);
        builder.initializer(() -> INITIALIZED.set("initialized " + name));
      };
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class ClashingPoolConfiguration {
    @Bean(destroyMethod = "shutdownNow")
    ManagedThreadPool reportPool() {
      return ManagedThreadPool.builder("io").maxWorkers(1).build();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class ReplacingPoolConfiguration {
    @Bean(destroyMethod = "shutdownNow")
    ManagedThreadPool io() {
      return ManagedThreadPool.builder("io").maxWorkers(1).build();
    }
  }
}
