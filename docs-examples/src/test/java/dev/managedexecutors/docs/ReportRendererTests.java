package dev.managedexecutors.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.managedexecutors.autoconfigure.ManagedExecutorsAutoConfiguration;
import dev.managedexecutors.autoconfigure.ManagedExecutorsTaskExecutionAutoConfiguration;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableAsync;

/** The service of docs/spring.md gets the pool it names and runs its @Async method on "cpu". */
class ReportRendererTests {

  @Configuration(proxyBeanMethods = false)
  @EnableAsync
  @Import(ReportRenderer.class)
  static class App {}

  @Test
  void theQualifiedPoolAndTheAsyncPoolAreTheOnesTheSnippetNames() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                ManagedExecutorsAutoConfiguration.class,
                ManagedExecutorsTaskExecutionAutoConfiguration.class))
        .withUserConfiguration(App.class)
        .withPropertyValues(
            "managed-executors.pools.io.max-size=2", "managed-executors.pools.cpu.max-size=2")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              ReportRenderer renderer = context.getBean(ReportRenderer.class);
              assertThat(renderer.fetch("db").result(Duration.ofSeconds(30)))
                  .isEqualTo("data from db");
              assertThat(renderer.render("x").get(30, TimeUnit.SECONDS))
                  .startsWith("report of x on cpu-");
            });
  }
}
