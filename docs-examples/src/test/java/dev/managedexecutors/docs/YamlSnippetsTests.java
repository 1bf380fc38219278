package dev.managedexecutors.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.managedexecutors.ManagedExecutor;
import dev.managedexecutors.ManagedThreadPool;
import dev.managedexecutors.RejectionPolicy;
import dev.managedexecutors.autoconfigure.DistributedPoolProperties;
import dev.managedexecutors.autoconfigure.ManagedExecutorsAutoConfiguration;
import dev.managedexecutors.autoconfigure.ManagedExecutorsProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.ClassPathResource;

/** The YAML snippets of the docs start an application and mean what the pages say. */
class YamlSnippetsTests {

  private static ApplicationContextRunner with(String yaml) {
    return new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                ManagedExecutorsAutoConfiguration.class, LifecycleAutoConfiguration.class))
        .withInitializer(
            context -> {
              try {
                new YamlPropertySourceLoader()
                    .load(yaml, new ClassPathResource("docs/" + yaml))
                    .forEach(context.getEnvironment().getPropertySources()::addFirst);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
  }

  @Test
  void theCompleteApplicationYmlStartsWithThePoolsItDescribes() {
    with("complete-application.yml")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(ManagedExecutor.class).name()).isEqualTo("default");
              ManagedThreadPool io = context.getBean("io", ManagedThreadPool.class);
              assertThat(io.coreWorkers()).isEqualTo(4);
              assertThat(io.maxWorkers()).isEqualTo(64);
              assertThat(io.queueCapacity()).isEqualTo(500);
              assertThat(io.keepAlive()).isEqualTo(Duration.ofSeconds(30));
              assertThat(io.rejection()).isEqualTo(RejectionPolicy.BLOCK);
              // prestart: the core workers start with the context, each counted once it runs.
              await().atMost(Duration.ofSeconds(30)).until(() -> io.poolSize() == 4);
              ManagedThreadPool cpu = context.getBean("cpu", ManagedThreadPool.class);
              assertThat(cpu.queueCapacity()).isZero();
              assertThat(cpu.rejection()).isEqualTo(RejectionPolicy.CALLER_RUNS);
            });
  }

  @Test
  void theAlertingSnippetTurnsOnTheHistogramsOfBothExecutorTimers() {
    with("alerting-histograms.yml")
        .run(
            context ->
                assertThat(
                        context
                            .getEnvironment()
                            .getProperty(
                                "management.metrics.distribution.percentiles-histogram.executor",
                                Boolean.class))
                    .isTrue());
  }

  @Test
  void theEndpointSnippetsBindAndSetWhatTheySay() {
    with("endpoint-exposure.yml")
        .run(
            context ->
                assertThat(
                        context
                            .getEnvironment()
                            .getProperty("management.endpoints.web.exposure.include"))
                    .isEqualTo("health, executors"));
    with("resize-enabled.yml")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(
                      context.getEnvironment().getProperty("management.endpoint.executors.access"))
                  .isEqualTo("unrestricted");
            });
  }

  @Test
  void theVirtualPoolSnippetStartsOnJava21AndIsRefusedWithTheFixBefore() {
    with("virtual-pool.yml")
        .run(
            context -> {
              if (Runtime.version().feature() >= 21) {
                assertThat(context).hasNotFailed();
                ManagedThreadPool calls = context.getBean("calls", ManagedThreadPool.class);
                assertThat(calls.maxWorkers()).isEqualTo(200);
                assertThat(calls.queueCapacity()).isEqualTo(1000);
              } else {
                assertThat(context)
                    .getFailure()
                    .hasStackTraceContaining("virtual threads need Java 21 or later");
              }
            });
  }

  @Test
  void theDistributedPoolsSnippetBindsEverySettingItShows() {
    with("distributed-pools.yml")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              Map<String, DistributedPoolProperties> distributed =
                  context.getBean(ManagedExecutorsProperties.class).getDistributed();
              assertThat(distributed).containsOnlyKeys("reports", "payments");
              assertThat(distributed.get("reports").getPoolSize()).isEqualTo(8);
              assertThat(distributed.get("reports").getCapacity()).isEqualTo(1000);
              assertThat(distributed.get("reports").getShutdown().getAwaitTermination())
                  .isEqualTo(Duration.ofSeconds(30));
              assertThat(distributed.get("payments").isDurable()).isTrue();
              assertThat(distributed.get("payments").getExecutorName())
                  .isEqualTo("payments-durable");
            });
  }
}
