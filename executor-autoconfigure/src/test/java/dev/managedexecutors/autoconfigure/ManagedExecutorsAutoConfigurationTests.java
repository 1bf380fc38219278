package dev.managedexecutors.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import dev.managedexecutors.ManagedExecutor;
import dev.managedexecutors.ManagedThreadPool;
import dev.managedexecutors.RejectionPolicy;
import dev.managedexecutors.autoconfigure.lifecycle.GracefulShutdownLifecycle;
import dev.managedexecutors.stats.TimeoutKind;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.task.TaskDecorator;

/** Pools from {@code managed-executors.pools.*}: one bean per pool, the primary one, back-off. */
class ManagedExecutorsAutoConfigurationTests {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ManagedExecutorsAutoConfiguration.class));

  @Test
  void whenNothingIsConfiguredThenOnePrimaryPoolNamedDefaultHasPythonsDefaults() {
    runner.run(
        context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBeansOfType(ManagedThreadPool.class)).containsOnlyKeys("default");
          ManagedThreadPool pool = context.getBean("default", ManagedThreadPool.class);
          assertThat(context.getBean(ManagedExecutor.class)).isSameAs(pool);
          assertThat(context.getBean(ExecutorService.class)).isSameAs(pool);
          assertThat(pool.name()).isEqualTo("default");
          assertThat(pool.coreWorkers()).isZero();
          assertThat(pool.maxWorkers()).isEqualTo(ManagedThreadPool.defaultMaxWorkers());
          assertThat(pool.queueCapacity()).isEqualTo(ManagedThreadPool.UNBOUNDED);
          assertThat(pool.keepAlive()).isEqualTo(Duration.ofSeconds(60));
          assertThat(pool.rejection()).isEqualTo(RejectionPolicy.ABORT);
          assertThat(pool.virtualThreads()).isFalse();
          assertThat(pool.poolSize()).isZero();
        });
  }

  @Test
  void whenPoolsAreDeclaredThenEachIsABeanNamedAfterItAndInjectableByQualifier() {
    runner
        .withPropertyValues(
            "managed-executors.pools.io.max-size=3", "managed-executors.pools.cpu.max-size=2")
        .withBean(QualifiedClient.class)
        .run(
            context -> {
              assertThat(context.getBeansOfType(ManagedThreadPool.class))
                  .containsOnlyKeys("io", "cpu", "default");
              QualifiedClient client = context.getBean(QualifiedClient.class);
              assertThat(client.io.name()).isEqualTo("io");
              assertThat(client.cpu.name()).isEqualTo("cpu");
              assertThat(client.io.maxWorkers()).isEqualTo(3);
              assertThat(client.cpu.maxWorkers()).isEqualTo(2);
              assertThat(context.getBean(ManagedExecutor.class).name()).isEqualTo("default");
            });
  }

  @Test
  void whenAPoolIsMarkedPrimaryThenItIsPrimaryAndNoDefaultPoolIsCreated() {
    runner
        .withPropertyValues(
            "managed-executors.pools.io.primary=true", "managed-executors.pools.cpu.max-size=2")
        .run(
            context -> {
              assertThat(context.getBeansOfType(ManagedThreadPool.class))
                  .containsOnlyKeys("io", "cpu");
              assertThat(context.getBean(ManagedExecutor.class).name()).isEqualTo("io");
            });
  }

  @Test
  void whenTheDefaultPoolIsDeclaredWithoutPrimaryThenItIsPrimary() {
    runner
        .withPropertyValues(
            "managed-executors.pools.io.max-size=2", "managed-executors.pools.default.max-size=5")
        .run(
            context -> {
              ManagedExecutor primary = context.getBean(ManagedExecutor.class);
              assertThat(primary.name()).isEqualTo("default");
              assertThat(((ManagedThreadPool) primary).maxWorkers()).isEqualTo(5);
            });
  }

  @Test
  void coreSizeSetsTheCoreWorkers() {
    runner
        .withPropertyValues("managed-executors.pools.io.core-size=2")
        .run(context -> assertThat(pool(context, "io").coreWorkers()).isEqualTo(2));
  }

  @Test
  void maxSizeSetsTheMaximumWorkers() {
    runner
        .withPropertyValues("managed-executors.pools.io.max-size=7")
        .run(context -> assertThat(pool(context, "io").maxWorkers()).isEqualTo(7));
  }

  @Test
  void queueCapacitySetsTheQueueCapacity() {
    runner
        .withPropertyValues("managed-executors.pools.io.queue-capacity=0")
        .run(context -> assertThat(pool(context, "io").queueCapacity()).isZero());
  }

  @Test
  void keepAliveSetsTheKeepAlive() {
    runner
        .withPropertyValues("managed-executors.pools.io.keep-alive=1500ms")
        .run(
            context ->
                assertThat(pool(context, "io").keepAlive()).isEqualTo(Duration.ofMillis(1500)));
  }

  @Test
  void threadNamePrefixNamesTheWorkers() throws Exception {
    runner
        .withPropertyValues("managed-executors.pools.io.thread-name-prefix=fetcher")
        .run(
            context ->
                assertThat(pool(context, "io").submit(() -> Thread.currentThread().getName()).get())
                    .isEqualTo("fetcher-1"));
  }

  @Test
  void withoutThreadNamePrefixWorkersAreNamedAfterThePool() {
    runner
        .withPropertyValues("managed-executors.pools.io.max-size=1")
        .run(
            context ->
                assertThat(pool(context, "io").submit(() -> Thread.currentThread().getName()).get())
                    .isEqualTo("io-1"));
  }

  @Test
  void rejectionAcceptsKebabCaseAndSetsThePolicy() {
    runner
        .withPropertyValues("managed-executors.pools.io.rejection=caller-runs")
        .run(
            context ->
                assertThat(pool(context, "io").rejection()).isEqualTo(RejectionPolicy.CALLER_RUNS));
  }

  @Test
  void blockTimeoutBoundsTheWaitOfTheBlockPolicy() {
    runner
        .withPropertyValues(
            "managed-executors.pools.io.max-size=1",
            "managed-executors.pools.io.queue-capacity=0",
            "managed-executors.pools.io.rejection=block",
            "managed-executors.pools.io.block-timeout=20ms",
            "managed-executors.pools.io.shutdown.await-termination=0s")
        .run(
            context -> {
              ManagedThreadPool io = pool(context, "io");
              CountDownLatch release = new CountDownLatch(1);
              io.submit(
                  () -> {
                    release.await();
                    return null;
                  });
              assertThatExceptionOfType(RejectedExecutionException.class)
                  .isThrownBy(() -> io.submit(() -> "never runs"))
                  .withMessageContaining("block-timeout 20 ms");
              release.countDown();
            });
  }

  @Test
  void queueTimeoutAndRunTimeoutAreAppliedToThePool() {
    runner
        .withPropertyValues(
            "managed-executors.pools.io.max-size=1",
            "managed-executors.pools.io.queue-timeout=1h",
            "managed-executors.pools.io.run-timeout=20ms")
        .run(
            context -> {
              ManagedThreadPool io = pool(context, "io");
              CountDownLatch never = new CountDownLatch(1);
              assertThat(
                      io.submit(
                              () -> {
                                never.await();
                                return "not interrupted";
                              })
                          .exception(Duration.ofSeconds(30)))
                  .isInstanceOf(InterruptedException.class);
              assertThat(io.taskTotals().timeouts(TimeoutKind.RUN)).isEqualTo(1);
              assertThat(io.submit(() -> "in time").result(Duration.ofSeconds(30)))
                  .isEqualTo("in time");
              assertThat(io.taskTotals().timeouts(TimeoutKind.QUEUE)).isZero();
            });
  }

  @Test
  void aZeroQueueTimeoutFailsStartUpNamingTheProperty() {
    runner
        .withPropertyValues("managed-executors.pools.io.queue-timeout=0s")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .rootCause()
                  .hasMessageContaining("queueTimeout must be positive");
              assertThat(context.getStartupFailure())
                  .hasMessageContaining("managed-executors.pools.io.queue-timeout");
            });
  }

  @Test
  void prestartStartsTheCoreWorkersAtStartUp() {
    runner
        .withPropertyValues(
            "managed-executors.pools.io.core-size=2", "managed-executors.pools.io.prestart=true")
        .run(
            context -> {
              ManagedThreadPool io = pool(context, "io");
              // The threads are started at start-up; each counts itself once it runs.
              await().atMost(Duration.ofSeconds(30)).until(() -> io.poolSize() == 2);
              assertThat(io.stats().submitted()).as("no task started them").isZero();
            });
  }

  @Test
  void daemonMakesWorkersDaemonThreads() {
    runner
        .withPropertyValues("managed-executors.pools.io.daemon=true")
        .run(
            context -> {
              assertThat(pool(context, "io").submit(() -> Thread.currentThread().isDaemon()).get())
                  .isTrue();
              assertThat(
                      pool(context, "default")
                          .submit(() -> Thread.currentThread().isDaemon())
                          .get())
                  .isFalse();
            });
  }

  @Test
  void whenATaskDecoratorBeanExistsThenEveryTaskOfThePoolsIsDecorated() {
    ThreadLocal<String> context = new ThreadLocal<>();
    TaskDecorator decorator =
        task ->
            () -> {
              context.set("decorated");
              try {
                task.run();
              } finally {
                context.remove();
              }
            };
    runner
        .withBean(TaskDecorator.class, () -> decorator)
        .withPropertyValues("managed-executors.pools.io.max-size=1")
        .run(
            ctx -> {
              assertThat(pool(ctx, "io").submit(context::get).get()).isEqualTo("decorated");
              assertThat(pool(ctx, "default").submit(context::get).get()).isEqualTo("decorated");
            });
  }

  @Test
  void whenTheApplicationDefinesABeanNamedLikeAPoolThenThatPoolBacksOff() {
    ManagedThreadPool own = ManagedThreadPool.builder("own-io").maxWorkers(1).build();
    runner
        .withBean("io", ManagedThreadPool.class, () -> own)
        .withPropertyValues("managed-executors.pools.io.max-size=4")
        .run(
            context -> {
              assertThat(context.getBean("io")).isSameAs(own);
              assertThat(context.getBean(ManagedExecutor.class).name()).isEqualTo("default");
            });
    own.shutdownNow();
  }

  @Test
  void whenTheApplicationDefinesItsOwnManagedExecutorThenNoDefaultPoolIsCreated() {
    ManagedThreadPool own = ManagedThreadPool.builder("mine").maxWorkers(1).build();
    runner
        .withBean("mine", ManagedThreadPool.class, () -> own)
        .run(
            context -> {
              assertThat(context.getBeansOfType(ManagedThreadPool.class)).containsOnlyKeys("mine");
              assertThat(context.getBean(ManagedExecutor.class)).isSameAs(own);
            });
    own.shutdownNow();
  }

  @Test
  void whenTheApplicationDefinesItsOwnShutdownLifecycleThenOursBacksOff() {
    GracefulShutdownLifecycle own =
        new GracefulShutdownLifecycle(java.util.List.of(), Duration.ZERO);
    runner
        .withBean(GracefulShutdownLifecycle.class, () -> own)
        .run(context -> assertThat(context).getBean(GracefulShutdownLifecycle.class).isSameAs(own));
  }

  @Test
  void thePropertiesAreAlsoABean() {
    runner
        .withPropertyValues("managed-executors.pools.io.max-size=3")
        .run(
            context ->
                assertThat(
                        context
                            .getBean(ManagedExecutorsProperties.class)
                            .getPools()
                            .get("io")
                            .getMaxSize())
                    .isEqualTo(3));
  }

  private static ManagedThreadPool pool(
      org.springframework.context.ApplicationContext context, String name) {
    return context.getBean(name, ManagedThreadPool.class);
  }

  static class QualifiedClient {
    final ManagedThreadPool io;
    final ManagedThreadPool cpu;

    QualifiedClient(@Qualifier("io") ManagedExecutor io, @Qualifier("cpu") ExecutorService cpu) {
      this.io = (ManagedThreadPool) io;
      this.cpu = (ManagedThreadPool) cpu;
    }
  }
}
