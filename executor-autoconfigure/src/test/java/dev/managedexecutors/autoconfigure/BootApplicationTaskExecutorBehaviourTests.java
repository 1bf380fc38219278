package dev.managedexecutors.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.AsyncConfigurer;
import org.springframework.scheduling.annotation.EnableAsync;

/**
 * Spring Boot's own behaviour, without this starter, as README documents it: any {@code Executor}
 * bean makes {@code applicationTaskExecutor} and its {@code AsyncConfigurer} back off, and
 * {@code @Async} then silently runs each call on a new thread. If Boot changes this, the README and
 * {@link ManagedExecutorsTaskExecutionAutoConfiguration} need a second look.
 */
class BootApplicationTaskExecutorBehaviourTests {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class))
          .withUserConfiguration(AsyncConfiguration.class)
          .withBean(AsyncService.class);

  @Test
  void withoutAnExecutorBeanBootCreatesApplicationTaskExecutorAndAsyncUsesIt() {
    runner.run(
        context -> {
          assertThat(context)
              .hasBean("applicationTaskExecutor")
              .hasSingleBean(AsyncConfigurer.class);
          assertThat(threadOfAsyncCall(context.getBean(AsyncService.class))).startsWith("task-");
        });
  }

  @Test
  void withAnyExecutorBeanBootBacksOffAndAsyncFallsBackToAThreadPerTask() {
    runner
        .withBean("someExecutor", Executor.class, Executors::newSingleThreadExecutor)
        .run(
            context -> {
              assertThat(context).doesNotHaveBean("applicationTaskExecutor");
              assertThat(context).doesNotHaveBean(AsyncConfigurer.class);
              assertThat(threadOfAsyncCall(context.getBean(AsyncService.class)))
                  .startsWith("SimpleAsyncTaskExecutor-");
            });
  }

  private static String threadOfAsyncCall(AsyncService service) throws Exception {
    return service.threadName().get(30, TimeUnit.SECONDS);
  }

  @Configuration(proxyBeanMethods = false)
  @EnableAsync
  static class AsyncConfiguration {}

  static class AsyncService {
    @Async
    public CompletableFuture<String> threadName() {
      return CompletableFuture.completedFuture(Thread.currentThread().getName());
    }
  }
}
