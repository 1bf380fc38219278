package dev.managedexecutors.autoconfigure.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.managedexecutors.ManagedExecutor;
import dev.managedexecutors.ManagedFuture;
import dev.managedexecutors.ManagedThreadPool;
import dev.managedexecutors.actuate.ExecutorsEndpoint;
import dev.managedexecutors.autoconfigure.InvalidPoolPropertyException;
import dev.managedexecutors.autoconfigure.ManagedExecutorsAutoConfiguration;
import dev.managedexecutors.autoconfigure.actuate.ManagedExecutorsEndpointAutoConfiguration;
import dev.managedexecutors.autoconfigure.metrics.ManagedExecutorsDistributedMetricsAutoConfiguration;
import dev.managedexecutors.hazelcast.DistributedPool;
import dev.managedexecutors.hazelcast.testing.LoopbackMembers;
import dev.managedexecutors.hazelcast.testing.Tasks;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hazelcast.autoconfigure.HazelcastAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Distributed pools declared in properties, over a Hazelcast member bound to 127.0.0.1 (TCP-IP
 * join, multicast and auto-detection off, phone-home off). Most tests share one member, given to
 * the context as its {@code HazelcastInstance} bean; one lets Spring Boot's Hazelcast
 * auto-configuration create the member from a {@code Config} bean.
 */
@ExtendWith(OutputCaptureExtension.class)
class ManagedExecutorsHazelcastAutoConfigurationTests {
  private static final Duration LONG = Duration.ofSeconds(30);
  private static HazelcastInstance shared;

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  ManagedExecutorsAutoConfiguration.class,
                  ManagedExecutorsHazelcastAutoConfiguration.class))
          .withBean("hazelcastInstance", HazelcastInstance.class, () -> shared)
          .withPropertyValues("managed-executors.distributed.jobs.shutdown.await-termination=5s");

  @BeforeAll
  static void startMember() {
    shared = Hazelcast.newHazelcastInstance(loopbackConfig());
  }

  @AfterAll
  static void stopMember() {
    Tasks.releaseAll();
    shared.getLifecycleService().terminate();
  }

  static Config loopbackConfig() {
    return LoopbackMembers.single("autoconfigure");
  }

  @Test
  void
      whenBootsHazelcastAutoConfigurationCreatesTheMemberThenEachDistributedPoolIsABeanNamedAfterIt() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                ManagedExecutorsAutoConfiguration.class,
                HazelcastAutoConfiguration.class,
                ManagedExecutorsHazelcastAutoConfiguration.class))
        .withBean(Config.class, ManagedExecutorsHazelcastAutoConfigurationTests::loopbackConfig)
        .withPropertyValues("managed-executors.distributed.jobs.durable=true")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              DistributedPool jobs = context.getBean("jobs", DistributedPool.class);
              assertThat(jobs.durable()).isTrue();
              assertThat(jobs.submit(new Tasks.Constant("42")).result(LONG)).isEqualTo("42");
            });
  }

  @Test
  void whenInjectedWithItsQualifierThenTheDistributedPoolIsGivenAndByTypeTheLocalPoolIs() {
    runner
        .withPropertyValues("managed-executors.distributed.jobs.durable=false")
        .withUserConfiguration(Consumer.class)
        .run(
            context -> {
              Consumer consumer = context.getBean(Consumer.class);
              assertThat(consumer.jobs).isSameAs(context.getBean("jobs"));
              assertThat(consumer.byType).isInstanceOf(ManagedThreadPool.class);
              assertThat(consumer.jobs.submit(new Tasks.Constant("42")).result(LONG))
                  .isEqualTo("42");
            });
  }

  @Test
  void whenPoolSizeAndCapacityAreSetThenTheMembersExecutorServiceIsConfiguredWithThem() {
    runner
        .withPropertyValues(
            "managed-executors.distributed.sized.pool-size=3",
            "managed-executors.distributed.sized.capacity=50",
            "managed-executors.distributed.durably-sized.durable=true",
            "managed-executors.distributed.durably-sized.executor-name=durable-exec",
            "managed-executors.distributed.durably-sized.pool-size=2",
            "managed-executors.distributed.durably-sized.capacity=7")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(shared.getConfig().getExecutorConfig("sized").getPoolSize()).isEqualTo(3);
              assertThat(shared.getConfig().getExecutorConfig("sized").getQueueCapacity())
                  .isEqualTo(50);
              assertThat(shared.getConfig().getDurableExecutorConfig("durable-exec").getPoolSize())
                  .isEqualTo(2);
              assertThat(shared.getConfig().getDurableExecutorConfig("durable-exec").getCapacity())
                  .isEqualTo(7);
              assertThat(
                      context
                          .getBean("durably-sized", DistributedPool.class)
                          .stats()
                          .executorName())
                  .isEqualTo("durable-exec");
            });
  }

  @Test
  void whenTheCapacityIsZeroThenStartUpFailsNamingTheProperty() {
    runner
        .withPropertyValues("managed-executors.distributed.jobs.capacity=0")
        .run(
            context -> {
              assertThat(context).hasFailed();
              InvalidPoolPropertyException e = invalid(context.getStartupFailure());
              assertThat(e.getProperty()).isEqualTo("managed-executors.distributed.jobs.capacity");
              assertThat(e.getReason()).isEqualTo("must be 1 or more");
            });
  }

  @Test
  void whenADistributedPoolHasAnUnknownKeyThenStartUpFailsListingTheKeysItAccepts() {
    runner
        .withPropertyValues("managed-executors.distributed.jobs.pool-sise=3")
        .run(
            context -> {
              InvalidPoolPropertyException e = invalid(context.getStartupFailure());
              assertThat(e.getProperty()).isEqualTo("managed-executors.distributed.jobs.pool-sise");
              assertThat(e.getAction())
                  .contains("managed-executors.distributed.<name>.<key>")
                  .contains("pool-size");
            });
  }

  @Test
  void whenADistributedPoolIsNamedLikeALocalPoolThenStartUpFailsNamingTheProperty() {
    runner
        .withPropertyValues(
            "managed-executors.pools.jobs.max-size=2",
            "managed-executors.distributed.jobs.durable=false")
        .run(
            context -> {
              InvalidPoolPropertyException e = invalid(context.getStartupFailure());
              assertThat(e.getProperty()).isEqualTo("managed-executors.distributed.jobs");
              assertThat(e.getReason()).contains("exists already");
            });
  }

  @Test
  void whenHazelcastIsNotOnTheClassPathThenNothingOfItIsConfigured() {
    runner
        .withPropertyValues("managed-executors.distributed.jobs.durable=false")
        .withClassLoader(new FilteredClassLoader(HazelcastInstance.class))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(ManagedExecutorsHazelcastAutoConfiguration.class);
              assertThat(context).doesNotHaveBean("jobs");
            });
  }

  @Test
  void whenExecutorHazelcastIsNotOnTheClassPathThenNothingOfItIsConfigured() {
    runner
        .withPropertyValues("managed-executors.distributed.jobs.durable=false")
        .withClassLoader(new FilteredClassLoader(DistributedPool.class))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean("jobs");
            });
  }

  @Test
  void whenThereIsNoHazelcastInstanceThenNoDistributedPoolIsDeclared() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                ManagedExecutorsAutoConfiguration.class,
                ManagedExecutorsHazelcastAutoConfiguration.class))
        .withPropertyValues("managed-executors.distributed.jobs.durable=false")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean("jobs");
            });
  }

  @Test
  void whenTheContextClosesThenATaskStillRunningMayFinishWithinTheAwaitTermination(
      CapturedOutput output) {
    Tasks.Blocks held = Tasks.blocks();
    runner
        .withPropertyValues("managed-executors.distributed.jobs.durable=false")
        .run(
            context -> {
              DistributedPool jobs = context.getBean("jobs", DistributedPool.class);
              ManagedFuture<String> f = jobs.submit(held);
              CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
              await().atMost(LONG).until(jobs::isShutdown);
              assertThat(f.done()).isFalse();
              Tasks.release(held);
              closing.join();
              assertThat(f.result(Duration.ZERO)).isEqualTo(held.id());
            });
    assertThat(output)
        .containsPattern(
            "INFO .*Distributed pool 'jobs' shut down in \\d+ ms: 1 completed, 0 cancelled,"
                + " 0 interrupted");
  }

  @Test
  void whenCancelPendingIsSetThenTheFuturesNotDoneAreCancelledAtOnceAndTheLogSaysSo(
      CapturedOutput output) {
    ManagedFuture<String> f =
        closeWithATaskHeld("managed-executors.distributed.jobs.shutdown.cancel-pending=true");
    assertThat(f.cancelled()).isTrue();
    assertThat(output)
        .containsPattern(
            "Distributed pool 'jobs' shut down in \\d+ ms: 0 completed, 1 cancelled,"
                + " 0 interrupted");
  }

  @Test
  void whenTheAwaitTerminationEndsThenTheFuturesNotDoneAreCancelledAndTheLogWarnsWithTheWait(
      CapturedOutput output) {
    ManagedFuture<String> f =
        closeWithATaskHeld("managed-executors.distributed.jobs.shutdown.await-termination=50ms");
    assertThat(f.cancelled()).isTrue();
    assertThat(output)
        .containsPattern(
            "WARN .*Distributed pool 'jobs' shut down in \\d+ ms: 0 completed, 0 cancelled,"
                + " 1 interrupted \\(still running after 50 ms\\)");
  }

  /**
   * Submits a task that waits until released to the pool {@code jobs}, closes the context (which
   * must leave the pool terminated), then releases the task.
   */
  private ManagedFuture<String> closeWithATaskHeld(String shutdownProperty) {
    Tasks.Blocks held = Tasks.blocks();
    AtomicReference<ManagedFuture<String>> future = new AtomicReference<>();
    try {
      runner
          .withPropertyValues("managed-executors.distributed.jobs.durable=false", shutdownProperty)
          .run(
              context -> {
                DistributedPool jobs = context.getBean("jobs", DistributedPool.class);
                future.set(jobs.submit(held));
                context.close();
                assertThat(jobs.isTerminated()).isTrue();
              });
    } finally {
      Tasks.release(held);
    }
    return future.get();
  }

  @Test
  void theExecutorsEndpointListsTheDistributedPoolsWithTheirSettingsAndCounts() {
    runner
        .withConfiguration(AutoConfigurations.of(ManagedExecutorsEndpointAutoConfiguration.class))
        .withPropertyValues(
            "management.endpoints.web.exposure.include=executors",
            "managed-executors.distributed.jobs.pool-size=4")
        .run(
            context -> {
              DistributedPool jobs = context.getBean("jobs", DistributedPool.class);
              jobs.submit(new Tasks.Constant("42")).result(LONG);
              ExecutorsEndpoint endpoint = context.getBean(ExecutorsEndpoint.class);
              assertThat(endpoint.executors().pools()).containsOnlyKeys("default");
              assertThat(endpoint.executors().distributed()).containsOnlyKeys("jobs");
              DistributedPoolsEndpointContributor.DistributedPoolDescriptor d =
                  (DistributedPoolsEndpointContributor.DistributedPoolDescriptor)
                      endpoint.executors().distributed().get("jobs");
              assertThat(d.state()).isEqualTo("RUNNING");
              assertThat(d.settings().poolSize()).isEqualTo(4);
              await()
                  .atMost(LONG)
                  .untilAsserted(() -> assertThat(jobs.stats().completed()).isEqualTo(1));
              assertThat(d.stats().members()).hasSize(1);
            });
  }

  @Test
  void eachDistributedPoolIsMeteredWithTheMemberAsATag() {
    runner
        .withConfiguration(
            AutoConfigurations.of(
                MetricsAutoConfiguration.class,
                SimpleMetricsExportAutoConfiguration.class,
                CompositeMeterRegistryAutoConfiguration.class,
                ManagedExecutorsDistributedMetricsAutoConfiguration.class))
        .withPropertyValues("managed-executors.distributed.jobs.durable=false")
        .run(
            context -> {
              DistributedPool jobs = context.getBean("jobs", DistributedPool.class);
              jobs.submit(new Tasks.Constant("42")).result(LONG);
              MeterRegistry registry = context.getBean(MeterRegistry.class);
              String member = shared.getCluster().getLocalMember().getAddress().toString();
              await()
                  .atMost(LONG)
                  .untilAsserted(
                      () ->
                          assertThat(
                                  registry
                                      .get("executor.completed")
                                      .tags("name", "jobs", "member", member)
                                      .functionCounter()
                                      .count())
                              .isEqualTo(1.0));
            });
  }

  private static InvalidPoolPropertyException invalid(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof InvalidPoolPropertyException e) {
        return e;
      }
    }
    throw new AssertionError("no InvalidPoolPropertyException in the start-up failure", failure);
  }

  /** Injects a distributed pool by qualifier, and a ManagedExecutor by type. */
  @Configuration(proxyBeanMethods = false)
  static class Consumer {
    final ManagedExecutor jobs;
    final ManagedExecutor byType;

    Consumer(@Qualifier("jobs") ManagedExecutor jobs, ManagedExecutor byType) {
      this.jobs = jobs;
      this.byType = byType;
    }

    @Bean
    String marker() {
      return "consumer";
    }
  }
}
