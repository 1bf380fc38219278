package dev.managedexecutors.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.managedexecutors.ManagedExecutor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.ConcurrentTaskExecutor;

/**
 * A whole Spring Boot application, every auto-configuration on the test class path included:
 * {@code @Async} is routed by qualifier to the pool of that name, and without one to the primary
 * pool, although {@code @EnableScheduling} adds a second {@code TaskExecutor} (the scheduler).
 */
@SpringBootTest(
    classes = AsyncRoutingTests.Application.class,
    webEnvironment = SpringBootTest.WebEnvironment.NONE,
    properties = {
      "managed-executors.pools.io.max-size=4",
      "managed-executors.pools.cpu.max-size=2",
      "managed-executors.pools.cpu.thread-name-prefix=compute"
    })
class AsyncRoutingTests {
  private static final long TIMEOUT_SECONDS = 30;

  @Autowired AsyncService service;

  @Autowired
  @Qualifier("io")
  ManagedExecutor io;

  @Autowired ManagedExecutor primary;

  @Autowired Executor executor;

  // By name: with @EnableScheduling the scheduler is a TaskExecutor too, as in plain Spring Boot.
  @Autowired
  @Qualifier("applicationTaskExecutor")
  TaskExecutor taskExecutor;

  @Test
  void asyncWithoutAQualifierRunsOnThePrimaryPool() throws Exception {
    assertThat(service.unqualified().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).startsWith("default-");
  }

  @Test
  void asyncWithAQualifierRunsOnThePoolOfThatName() throws Exception {
    assertThat(service.onIo().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).startsWith("io-");
    assertThat(service.onCpu().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).startsWith("compute-");
  }

  @Test
  void poolsAreInjectedByQualifierAndThePrimaryOneByType() {
    assertThat(io.name()).isEqualTo("io");
    assertThat(primary.name()).isEqualTo("default");
    assertThat(executor).isSameAs(primary);
    assertThat(taskExecutor).isInstanceOf(ConcurrentTaskExecutor.class);
    assertThat(((ConcurrentTaskExecutor) taskExecutor).getConcurrentExecutor()).isSameAs(primary);
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @EnableAsync
  @EnableScheduling
  @Import(AsyncService.class)
  static class Application {}

  static class AsyncService {
    @Async
    public CompletableFuture<String> unqualified() {
      return CompletableFuture.completedFuture(Thread.currentThread().getName());
    }

    @Async("io")
    public CompletableFuture<String> onIo() {
      return CompletableFuture.completedFuture(Thread.currentThread().getName());
    }

    @Async("cpu")
    public CompletableFuture<String> onCpu() {
      return CompletableFuture.completedFuture(Thread.currentThread().getName());
    }
  }
}
