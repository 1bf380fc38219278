package dev.managedexecutors.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.managedexecutors.ManagedThreadPool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;

/**
 * Mistakes that used to pass silently fail start-up or warn: a bean that is not an executor taking
 * a pool's name, {@code @Async} without {@code @EnableAsync}, and several invalid settings, of
 * which only the first was reported.
 */
@ExtendWith(OutputCaptureExtension.class)
class NoSilentTrapsTests {
  private static final String ASYNC_WARNING =
      "has no effect: asynchronous execution is not enabled";

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  ManagedExecutorsAutoConfiguration.class,
                  TaskExecutionAutoConfiguration.class,
                  ManagedExecutorsTaskExecutionAutoConfiguration.class));

  @Test
  void whenABeanThatIsNotAnExecutorHasAPoolsNameThenStartUpFailsNamingThePoolTheBeanAndItsType() {
    FailureAnalysis analysis =
        analyze(
            runner
                .withPropertyValues("managed-executors.pools.reports.max-size=4")
                .withBean("reports", Reports.class, Reports::new));
    assertThat(analysis.getDescription())
        .contains("Property: managed-executors.pools.reports")
        .contains("bean named 'reports'")
        .contains(Reports.class.getName())
        .contains("not an Executor");
    assertThat(analysis.getAction())
        .contains("Rename the pool or the bean")
        .contains("ManagedExecutor bean named 'reports'");
  }

  @Test
  void whenAManagedExecutorBeanHasAPoolsNameThenItStillReplacesThePool() {
    ManagedThreadPool own = ManagedThreadPool.builder("own").build();
    runner
        .withPropertyValues("managed-executors.pools.reports.max-size=4")
        .withBean("reports", ManagedThreadPool.class, () -> own)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean("reports")).isSameAs(own);
            });
    own.shutdownNow();
  }

  @Test
  void whenAsyncMethodsExistWithoutEnableAsyncThenOneWarningNamesAMethodAndTheFix(
      CapturedOutput output) {
    runner.withBean(AsyncReports.class).run(context -> assertThat(context).hasNotFailed());
    assertThat(output).contains(AsyncReports.class.getName() + ".").contains("@EnableAsync");
    assertThat(output.getOut().split(ASYNC_WARNING, -1)).hasSize(2);
  }

  @Test
  void whenAsyncIsEnabledThenThereIsNoWarning(CapturedOutput output) {
    runner
        .withUserConfiguration(AsyncConfiguration.class)
        .withBean(AsyncReports.class)
        .run(context -> assertThat(context).hasNotFailed());
    assertThat(output).doesNotContain(ASYNC_WARNING);
  }

  @Test
  void whenSeveralPropertiesAreInvalidThenOneReportListsEachWithItsOrigin() {
    String yaml =
        """
        managed-executors:
          pools:
            io:
              rejection: foo
              max-size: 0
            cpu:
              keep-alive: abc
              unknown-key: 1
        """;
    FailureAnalysis analysis = analyze(runner.withInitializer(context -> load(context, yaml)));
    assertThat(analysis.getDescription())
        .contains("Property: managed-executors.pools.io.rejection")
        .contains("Property: managed-executors.pools.io.max-size")
        .contains("Property: managed-executors.pools.cpu.keep-alive")
        .contains("Property: managed-executors.pools.cpu.unknown-key")
        .contains("application.yml - 4:")
        .contains("application.yml - 5:")
        .contains("application.yml - 7:")
        .contains("application.yml - 8:");
    assertThat(analysis.getAction())
        .contains("managed-executors.pools.io.rejection: Use one of")
        .contains("managed-executors.pools.cpu.keep-alive: Use a duration");
  }

  private static void load(
      org.springframework.context.ConfigurableApplicationContext context, String yaml) {
    try {
      ByteArrayResource resource =
          new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8), "application.yml") {
            @Override
            public String getDescription() {
              return "application.yml";
            }
          };
      new YamlPropertySourceLoader()
          .load("application.yml", resource)
          .forEach(s -> context.getEnvironment().getPropertySources().addFirst(s));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static FailureAnalysis analyze(ApplicationContextRunner runner) {
    FailureAnalysis[] analysis = new FailureAnalysis[1];
    runner.run(
        context -> {
          assertThat(context).hasFailed();
          analysis[0] =
              new InvalidPoolPropertyFailureAnalyzer().analyze(context.getStartupFailure());
        });
    assertThat(analysis[0]).as("analysis").isNotNull();
    return analysis[0];
  }

  static class Reports {}

  static class AsyncReports {
    @Async
    public void build() {}

    @Async("io")
    public void send() {}
  }

  @Configuration(proxyBeanMethods = false)
  @EnableAsync
  static class AsyncConfiguration {}
}
