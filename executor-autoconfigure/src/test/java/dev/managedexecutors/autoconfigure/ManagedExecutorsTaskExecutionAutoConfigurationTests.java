package dev.managedexecutors.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.managedexecutors.ManagedThreadPool;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.AsyncConfigurer;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.concurrent.ConcurrentTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/** The primary pool takes the place of Boot's applicationTaskExecutor: @Async and bootstrap. */
class ManagedExecutorsTaskExecutionAutoConfigurationTests {
  private static final long TIMEOUT_SECONDS = 30;

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  ManagedExecutorsAutoConfiguration.class,
                  TaskExecutionAutoConfiguration.class,
                  ManagedExecutorsTaskExecutionAutoConfiguration.class))
          .withPropertyValues("managed-executors.pools.io.max-size=2");

  @Test
  void whenThePoolsArePresentThenBootsExecutorBacksOffAndApplicationTaskExecutorIsThePrimaryPool() {
    runner.run(
        context -> {
          assertThat(context).doesNotHaveBean(ThreadPoolTaskExecutor.class);
          Object applicationTaskExecutor = context.getBean("applicationTaskExecutor");
          assertThat(applicationTaskExecutor).isInstanceOf(ConcurrentTaskExecutor.class);
          ManagedThreadPool primary = context.getBean("default", ManagedThreadPool.class);
          assertThat(((ConcurrentTaskExecutor) applicationTaskExecutor).getConcurrentExecutor())
              .isSameAs(primary);
          // Components that want a Spring TaskExecutor get it; those that want an Executor get
          // the primary pool itself: two kinds of Executor bean, no ambiguity.
          assertThat(context.getBean(TaskExecutor.class)).isSameAs(applicationTaskExecutor);
          assertThat(context.getBean(AsyncTaskExecutor.class)).isSameAs(applicationTaskExecutor);
          assertThat(context.getBean(Executor.class)).isSameAs(primary);
          CompletableFuture<String> thread =
              ((AsyncTaskExecutor) applicationTaskExecutor)
                  .submitCompletable(() -> Thread.currentThread().getName());
          assertThat(thread.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).startsWith("default-");
        });
  }

  @Test
  void whenAsyncIsEnabledThenAsyncWithoutQualifierRunsOnThePrimaryPoolEvenBesideAScheduler() {
    runner
        .withUserConfiguration(AsyncConfiguration.class)
        .withBean(AsyncService.class)
        // A scheduler is a TaskExecutor too: without our AsyncConfigurer, Spring would find two
        // and silently fall back to a thread per task.
        .withBean(ThreadPoolTaskScheduler.class)
        .run(
            context -> {
              AsyncService service = context.getBean(AsyncService.class);
              assertThat(service.unqualified().get(TIMEOUT_SECONDS, TimeUnit.SECONDS))
                  .startsWith("default-");
              assertThat(service.onIo().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).startsWith("io-");
            });
  }

  @Test
  void whenTheApplicationDefinesApplicationTaskExecutorThenOursBacksOffAndAsyncUsesTheirs() {
    runner
        .withUserConfiguration(AsyncConfiguration.class)
        .withBean(AsyncService.class)
        .withBean(
            "applicationTaskExecutor",
            SimpleAsyncTaskExecutor.class,
            () -> new SimpleAsyncTaskExecutor("mine-"))
        .run(
            context -> {
              assertThat(context.getBean("applicationTaskExecutor"))
                  .isInstanceOf(SimpleAsyncTaskExecutor.class);
              assertThat(
                      context
                          .getBean(AsyncService.class)
                          .unqualified()
                          .get(TIMEOUT_SECONDS, TimeUnit.SECONDS))
                  .startsWith("mine-");
            });
  }

  @Test
  void whenTheApplicationDefinesAnAsyncConfigurerThenOursBacksOffAndTheirsIsInCharge() {
    runner
        .withUserConfiguration(AsyncConfiguration.class)
        .withBean(AsyncService.class)
        .withBean(
            AsyncConfigurer.class,
            () ->
                new AsyncConfigurer() {
                  @Override
                  public Executor getAsyncExecutor() {
                    return new SimpleAsyncTaskExecutor("custom-");
                  }
                })
        .run(
            context -> {
              assertThat(context).doesNotHaveBean("managedExecutorsAsyncConfigurer");
              assertThat(
                      context
                          .getBean(AsyncService.class)
                          .unqualified()
                          .get(TIMEOUT_SECONDS, TimeUnit.SECONDS))
                  .startsWith("custom-");
            });
  }

  @Test
  void whenTaskExecutionModeIsForceThenBootsExecutorServesAsyncAndOursBacksOff() {
    runner
        .withUserConfiguration(AsyncConfiguration.class)
        .withBean(AsyncService.class)
        .withPropertyValues("spring.task.execution.mode=force")
        .run(
            context -> {
              assertThat(context.getBean("applicationTaskExecutor"))
                  .isInstanceOf(ThreadPoolTaskExecutor.class);
              assertThat(context).doesNotHaveBean("managedExecutorsAsyncConfigurer");
              assertThat(context).hasBean("io").hasBean("default");
              AsyncService service = context.getBean(AsyncService.class);
              assertThat(service.unqualified().get(TIMEOUT_SECONDS, TimeUnit.SECONDS))
                  .startsWith("task-");
              assertThat(service.onIo().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).startsWith("io-");
            });
  }

  @Test
  void whenTheContextStartsThenTheBootstrapExecutorIsThePrimaryPool() {
    runner
        .withUserConfiguration(BackgroundInitConfiguration.class)
        .run(
            context -> {
              Object applicationTaskExecutor = context.getBean("applicationTaskExecutor");
              assertThat(context.getBean("bootstrapExecutor")).isSameAs(applicationTaskExecutor);
              assertThat(
                      ((ConfigurableApplicationContext) context)
                          .getBeanFactory()
                          .getBootstrapExecutor())
                  .isSameAs(applicationTaskExecutor);
              assertThat(context.getBean(InitThread.class).name()).startsWith("default-");
            });
  }

  @Test
  void whenThereIsNoSinglePrimaryManagedExecutorThenNothingTakesBootsPlace() {
    ManagedThreadPool a = ManagedThreadPool.builder("a").build();
    ManagedThreadPool b = ManagedThreadPool.builder("b").build();
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                ManagedExecutorsAutoConfiguration.class,
                TaskExecutionAutoConfiguration.class,
                ManagedExecutorsTaskExecutionAutoConfiguration.class))
        .withBean("a", ManagedThreadPool.class, () -> a)
        .withBean("b", ManagedThreadPool.class, () -> b)
        .run(
            context -> {
              assertThat(context).doesNotHaveBean("default");
              assertThat(context).doesNotHaveBean("applicationTaskExecutor");
              assertThat(context).doesNotHaveBean(AsyncConfigurer.class);
            });
  }

  @Test
  void
      whenTheApplicationHasItsOwnThreadPoolTaskExecutorThenItKeepsServingAsyncAndPoolsServeByName() {
    runner
        .withUserConfiguration(AsyncConfiguration.class, OwnExecutorConfiguration.class)
        .withBean(AsyncService.class)
        .run(
            context -> {
              assertThat(context).doesNotHaveBean("default");
              assertThat(context).doesNotHaveBean("applicationTaskExecutor");
              assertThat(context).doesNotHaveBean(AsyncConfigurer.class);
              AsyncService service = context.getBean(AsyncService.class);
              assertThat(service.unqualified().get(TIMEOUT_SECONDS, TimeUnit.SECONDS))
                  .startsWith("own-");
              assertThat(service.onIo().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).startsWith("io-");
            });
  }

  @Test
  void whenTheApplicationHasItsOwnExecutorButMarksAPoolPrimaryThenThePoolServesAsync() {
    runner
        .withUserConfiguration(AsyncConfiguration.class, OwnExecutorConfiguration.class)
        .withBean(AsyncService.class)
        .withPropertyValues("managed-executors.pools.io.primary=true")
        .run(
            context -> {
              assertThat(context).hasBean("applicationTaskExecutor");
              AsyncService service = context.getBean(AsyncService.class);
              assertThat(service.unqualified().get(TIMEOUT_SECONDS, TimeUnit.SECONDS))
                  .startsWith("io-");
            });
  }

  @Configuration(proxyBeanMethods = false)
  @EnableAsync
  static class AsyncConfiguration {}

  @Configuration(proxyBeanMethods = false)
  static class OwnExecutorConfiguration {
    @Bean
    ThreadPoolTaskExecutor ownExecutor() {
      ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
      executor.setThreadNamePrefix("own-");
      return executor;
    }
  }

  static class AsyncService {
    @Async
    public CompletableFuture<String> unqualified() {
      return CompletableFuture.completedFuture(Thread.currentThread().getName());
    }

    @Async("io")
    public CompletableFuture<String> onIo() {
      return CompletableFuture.completedFuture(Thread.currentThread().getName());
    }
  }

  record InitThread(String name) {}

  @Configuration(proxyBeanMethods = false)
  static class BackgroundInitConfiguration {
    @Bean(bootstrap = Bean.Bootstrap.BACKGROUND)
    InitThread initThread() {
      return new InitThread(Thread.currentThread().getName());
    }
  }
}
