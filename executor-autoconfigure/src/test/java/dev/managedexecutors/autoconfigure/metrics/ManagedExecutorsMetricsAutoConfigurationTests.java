package dev.managedexecutors.autoconfigure.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.managedexecutors.ManagedThreadPool;
import dev.managedexecutors.autoconfigure.ManagedExecutorsAutoConfiguration;
import dev.managedexecutors.autoconfigure.ManagedExecutorsProperties;
import dev.managedexecutors.autoconfigure.ManagedExecutorsTaskExecutionAutoConfiguration;
import dev.managedexecutors.autoconfigure.ManagedThreadPoolCustomizer;
import dev.managedexecutors.autoconfigure.ManagedThreadPoolRegistry;
import dev.managedexecutors.micrometer.ManagedThreadPoolMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport.ConditionAndOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport.ConditionAndOutcomes;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.task.TaskExecutorMetricsAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.task.TaskDecorator;

/** Micrometer meters for every pool bean, wired into Spring Boot's metrics. */
class ManagedExecutorsMetricsAutoConfigurationTests {
  private static final Duration LONG = Duration.ofSeconds(30);

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  ManagedExecutorsAutoConfiguration.class,
                  TaskExecutionAutoConfiguration.class,
                  ManagedExecutorsTaskExecutionAutoConfiguration.class,
                  MetricsAutoConfiguration.class,
                  SimpleMetricsExportAutoConfiguration.class,
                  CompositeMeterRegistryAutoConfiguration.class,
                  TaskExecutorMetricsAutoConfiguration.class,
                  ManagedExecutorsMetricsAutoConfiguration.class))
          .withPropertyValues("managed-executors.pools.io.max-size=2");

  @Test
  void eachPoolIsMeteredOnceTaggedWithItsNameAndBootDoesNotMeterItAgain() {
    runner.run(
        context -> {
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          assertThat(registry.find("executor.queued").gauges())
              .extracting(g -> g.getId().getTag("name"))
              .containsExactlyInAnyOrder("io", "default");
          for (String name :
              new String[] {
                "executor.queue.remaining", "executor.active", "executor.pool.size",
                "executor.pool.core", "executor.pool.max", "executor.completed",
                "executor.rejected", "executor.idle", "executor"
              }) {
            assertThat(registry.find(name).meters()).as(name).hasSize(2);
          }
          assertThat(registry.get("executor.pool.max").tag("name", "io").gauge().value())
              .isEqualTo(2.0);
        });
  }

  @Test
  void executorQueuedEqualsTheRealQueueLengthWhileEveryWorkerIsBlocked() {
    runner.run(
        context -> {
          ManagedThreadPool io = context.getBean("io", ManagedThreadPool.class);
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          CountDownLatch started = new CountDownLatch(2);
          CountDownLatch release = new CountDownLatch(1);
          for (int i = 0; i < 2; i++) {
            io.submit(
                () -> {
                  started.countDown();
                  release.await();
                  return null;
                });
          }
          assertThat(started.await(LONG.toSeconds(), TimeUnit.SECONDS)).isTrue();
          for (int i = 0; i < 6; i++) {
            io.submit(() -> "queued");
          }
          Gauge queued = registry.get("executor.queued").tag("name", "io").gauge();
          assertThat(queued.value()).isEqualTo(6.0).isEqualTo(io.queueDepth());
          assertThat(registry.get("executor.active").tag("name", "io").gauge().value())
              .isEqualTo(2.0);
          release.countDown();
          await().atMost(LONG).until(() -> queued.value() == 0.0);
        });
  }

  @Test
  void anApplicationPoolBeanIsMeteredToo() {
    ManagedThreadPool own = ManagedThreadPool.builder("reports").maxWorkers(1).build();
    runner
        .withBean("reportPool", ManagedThreadPool.class, () -> own)
        .run(
            context ->
                assertThat(
                        context
                            .getBean(MeterRegistry.class)
                            .find("executor.queued")
                            .tag("name", "reports")
                            .gauge())
                    .isNotNull());
  }

  @Test
  void whenTheContextClosesThenTheMetersAreRemoved() {
    MeterRegistry[] registry = new MeterRegistry[1];
    runner.run(
        context -> {
          registry[0] = context.getBean(MeterRegistry.class);
          assertThat(registry[0].find("executor.queued").gauges()).hasSize(2);
        });
    assertThat(registry[0].find("executor.queued").gauges()).isEmpty();
    assertThat(registry[0].find("executor").meters()).isEmpty();
  }

  @Test
  void byDefaultTheTimersAreFunctionTimersOverThePoolsOwnTotals() {
    runner.run(
        context -> {
          ManagedThreadPool io = context.getBean("io", ManagedThreadPool.class);
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          assertThat(io.taskTotals().timing()).isTrue();
          io.submit(() -> "timed").result(LONG);
          await()
              .atMost(LONG)
              .until(
                  () -> registry.get("executor").tag("name", "io").functionTimer().count() == 1.0);
          assertThat(registry.get("executor.idle").tag("name", "io").functionTimer().count())
              .isEqualTo(1.0);
        });
  }

  @Test
  void whenTimersAreOffThenThePoolsHaveNoTimersAndReadNoClock() {
    runner
        .withPropertyValues("managed-executors.metrics.timers=false")
        .run(
            context -> {
              ManagedThreadPool io = context.getBean("io", ManagedThreadPool.class);
              MeterRegistry registry = context.getBean(MeterRegistry.class);
              io.submit(() -> "untimed").result(LONG);
              assertThat(registry.find("executor").meters()).isEmpty();
              assertThat(registry.find("executor.idle").meters()).isEmpty();
              assertThat(registry.find("executor.queued").gauges()).hasSize(2);
              assertThat(io.taskTotals().timing()).isFalse();
              assertThat(io.taskTotals().runCount()).isZero();
            });
  }

  @Test
  void whenSloBoundariesAreConfiguredThenTheTimersAreTheRegistrysOwnWithThoseBuckets() {
    runner
        .withPropertyValues("management.metrics.distribution.slo.executor=10ms")
        .run(
            context -> {
              ManagedThreadPool io = context.getBean("io", ManagedThreadPool.class);
              MeterRegistry registry = context.getBean(MeterRegistry.class);
              io.submit(() -> "recorded").result(LONG);
              assertThat(io.taskTotals().timing()).isFalse();
              await()
                  .atMost(LONG)
                  .until(() -> registry.get("executor").tag("name", "io").timer().count() == 1L);
              assertThat(
                      registry
                          .get("executor.idle")
                          .tag("name", "io")
                          .timer()
                          .takeSnapshot()
                          .histogramCounts())
                  .hasSize(1);
            });
  }

  @Test
  void whenMicrometerIsAbsentThenTheClassConditionBacksOffAndThePoolsWork() {
    runner
        .withClassLoader(new FilteredClassLoader("io.micrometer"))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).hasBean("io").hasBean("default");
              assertThat(context).doesNotHaveBean("managedThreadPoolsMeterBinder");
              // Without Micrometer there is no registry either, so the bean condition alone would
              // also back off: the class condition is checked by its own outcome.
              assertThat(classConditionOutcome(context))
                  .hasValueSatisfying(
                      outcome -> {
                        assertThat(outcome.isMatch()).isFalse();
                        assertThat(outcome.getMessage())
                            .contains("io.micrometer.core.instrument.MeterRegistry");
                      });
              ManagedThreadPool io = context.getBean("io", ManagedThreadPool.class);
              assertThat(io.submit(() -> "works").result(LONG)).isEqualTo("works");
            });
  }

  @Test
  void whenTheBinderModuleIsAbsentThenThereIsNoMetricsBeanEvenWithAMeterRegistry() {
    runner
        .withClassLoader(new FilteredClassLoader(ManagedThreadPoolMetrics.class))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).hasSingleBean(MeterRegistry.class);
              assertThat(context).hasBean("io").hasBean("default");
              assertThat(context).doesNotHaveBean("managedThreadPoolsMeterBinder");
              assertThat(classConditionOutcome(context))
                  .hasValueSatisfying(
                      outcome -> {
                        assertThat(outcome.isMatch()).isFalse();
                        assertThat(outcome.getMessage())
                            .contains(ManagedThreadPoolMetrics.class.getName());
                      });
              ManagedThreadPool io = context.getBean("io", ManagedThreadPool.class);
              assertThat(io.submit(() -> "works").result(LONG)).isEqualTo("works");
            });
  }

  /** The outcome of the auto-configuration's {@code @ConditionalOnClass}, if it was evaluated. */
  private static Optional<ConditionOutcome> classConditionOutcome(
      AssertableApplicationContext context) {
    ConditionAndOutcomes outcomes =
        ConditionEvaluationReport.get(context.getBeanFactory())
            .getConditionAndOutcomesBySource()
            .get(ManagedExecutorsMetricsAutoConfiguration.class.getName());
    if (outcomes == null) {
      return Optional.empty();
    }
    return StreamSupport.stream(outcomes.spliterator(), false)
        .map(ConditionAndOutcome::getOutcome)
        .filter(outcome -> outcome.getMessage().contains("@ConditionalOnClass"))
        .findFirst();
  }

  @Test
  void whenThereIsNoMeterRegistryThenNoBinderIsCreated() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                ManagedExecutorsAutoConfiguration.class,
                ManagedExecutorsMetricsAutoConfiguration.class))
        .run(context -> assertThat(context).doesNotHaveBean(ManagedThreadPoolsMeterBinder.class));
  }

  @Test
  void whenTheApplicationDefinesItsOwnBinderThenOursBacksOff() {
    ManagedThreadPoolsMeterBinder own =
        new ManagedThreadPoolsMeterBinder(
            new ManagedThreadPoolRegistry(
                new ManagedExecutorsProperties(),
                new StandardEnvironment(),
                new DefaultListableBeanFactory().getBeanProvider(TaskDecorator.class),
                new DefaultListableBeanFactory()
                    .getBeanProvider(ManagedThreadPoolCustomizer.class)));
    runner
        .withBean(ManagedThreadPoolsMeterBinder.class, () -> own)
        .run(
            context -> {
              assertThat(context).getBean(ManagedThreadPoolsMeterBinder.class).isSameAs(own);
              assertThat(context.getBean(MeterRegistry.class).find("executor.queued").gauges())
                  .isEmpty();
            });
  }

  @Test
  void aLazyConfiguredPoolIsNotCreatedByTheMetersAndIsMeteredOnceCreated() {
    AtomicInteger built = new AtomicInteger();
    runner
        .withBean(
            ManagedThreadPoolCustomizer.class,
            () -> ManagedThreadPoolCustomizer.forPool("io", b -> built.incrementAndGet()))
        .withInitializer(
            context ->
                context.addBeanFactoryPostProcessor(
                    beanFactory -> beanFactory.getBeanDefinition("io").setLazyInit(true)))
        .run(
            context -> {
              MeterRegistry registry = context.getBean(MeterRegistry.class);
              assertThat(registry.find("executor.queued").gauges())
                  .extracting(g -> g.getId().getTag("name"))
                  .containsExactly("default");
              assertThat(built).hasValue(0);
              assertThat(context.getBean(ManagedThreadPoolRegistry.class).find("io")).isEmpty();

              context.getBean("io", ManagedThreadPool.class);

              assertThat(built).hasValue(1);
              assertThat(registry.find("executor.queued").gauges())
                  .extracting(g -> g.getId().getTag("name"))
                  .containsExactlyInAnyOrder("default", "io");
            });
  }

  @Test
  void whenAPoolLeavesTheRegistryThenItsMetersGo() {
    runner.run(
        context -> {
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          context.getBean(ManagedThreadPoolRegistry.class).remove("io");
          assertThat(registry.find("executor.queued").tag("name", "io").gauges()).isEmpty();
          assertThat(registry.find("executor.queued").tag("name", "default").gauges()).hasSize(1);
        });
  }

  @Test
  void whenAskedThePrimaryPoolKeepsTheSeriesBootPublishedForApplicationTaskExecutor() {
    // What Spring Boot alone publishes for its own executor: the series dashboards rely on.
    Map<String, Meter.Type> boots = new TreeMap<>();
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                TaskExecutionAutoConfiguration.class,
                MetricsAutoConfiguration.class,
                SimpleMetricsExportAutoConfiguration.class,
                CompositeMeterRegistryAutoConfiguration.class,
                TaskExecutorMetricsAutoConfiguration.class))
        .run(
            context ->
                context.getBean(MeterRegistry.class).getMeters().stream()
                    .map(Meter::getId)
                    .filter(id -> "applicationTaskExecutor".equals(id.getTag("name")))
                    .forEach(id -> boots.put(id.getName(), id.getType())));
    assertThat(boots).containsKeys("executor.active", "executor.queued", "executor.completed");

    runner
        .withPropertyValues("managed-executors.metrics.primary-name-tag=applicationTaskExecutor")
        .run(
            context -> {
              MeterRegistry registry = context.getBean(MeterRegistry.class);
              Map<String, Meter.Type> ours = new TreeMap<>();
              registry.getMeters().stream()
                  .map(Meter::getId)
                  .filter(id -> "applicationTaskExecutor".equals(id.getTag("name")))
                  .forEach(id -> ours.put(id.getName(), id.getType()));
              assertThat(ours).containsAllEntriesOf(boots);
              // The primary pool is "default"; it no longer has series of its own name, while
              // the other pools keep theirs.
              assertThat(registry.find("executor.queued").tag("name", "default").gauges())
                  .isEmpty();
              assertThat(registry.find("executor.queued").tag("name", "io").gauges()).hasSize(1);
            });
  }

  @Test
  void withoutThePropertyThePrimaryPoolIsMeteredUnderItsOwnName() {
    runner.run(
        context ->
            assertThat(
                    context
                        .getBean(MeterRegistry.class)
                        .find("executor.queued")
                        .tag("name", "applicationTaskExecutor")
                        .gauges())
                .isEmpty());
  }
}
