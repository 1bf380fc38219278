package dev.managedexecutors.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.managedexecutors.ManagedThreadPool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;

/**
 * The context closes while the pools are loaded: whatever route a task took into a pool
 * ({@code @Async} returning {@code void}, {@code Future} or {@code CompletableFuture}, qualified or
 * not; the {@code applicationTaskExecutor}'s {@code submit}, {@code submitCompletable} and {@code
 * execute}, which Spring MVC async handling uses too), no caller's future is left pending once the
 * context is closed, whether the pools run their queued tasks, cancel them ({@code
 * cancel-pending}), or drop them when their await-termination ends.
 */
class ContextCloseUnderLoadTests {
  private static final Duration LONG = Duration.ofSeconds(60);
  private static final int ROUNDS = 100;

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  ManagedExecutorsAutoConfiguration.class,
                  ManagedExecutorsTaskExecutionAutoConfiguration.class,
                  TaskExecutionAutoConfiguration.class))
          .withUserConfiguration(AsyncConfiguration.class)
          .withBean(AsyncService.class)
          .withPropertyValues(
              "managed-executors.pools.default.max-size=1",
              "managed-executors.pools.io.max-size=1");

  /** How the pools treat the tasks still queued when the context closes. */
  enum Shutdown {
    /** They run: nothing is dropped. */
    DRAIN(false, "30s"),
    /** {@code cancel-pending}: they are cancelled at once. */
    CANCEL_PENDING(true, "30s"),
    /** The await-termination ends at once: they are removed and cancelled with the running one. */
    AWAIT_ENDS(false, "0s");

    final boolean cancelPending;
    final String awaitTermination;

    Shutdown(boolean cancelPending, String awaitTermination) {
      this.cancelPending = cancelPending;
      this.awaitTermination = awaitTermination;
    }
  }

  @ParameterizedTest
  @EnumSource(Shutdown.class)
  void whenTheContextClosesUnderLoadThenNoCallerFutureIsLeftPending(Shutdown shutdown) {
    List<String> properties = new ArrayList<>();
    for (String pool : List.of("default", "io")) {
      String prefix = "managed-executors.pools." + pool + ".shutdown.";
      properties.add(prefix + "cancel-pending=" + shutdown.cancelPending);
      properties.add(prefix + "await-termination=" + shutdown.awaitTermination);
    }
    runner
        .withPropertyValues(properties.toArray(String[]::new))
        .run(
            context -> {
              ManagedThreadPool primary = context.getBean("default", ManagedThreadPool.class);
              ManagedThreadPool io = context.getBean("io", ManagedThreadPool.class);
              AsyncTaskExecutor adapter =
                  context.getBean("applicationTaskExecutor", AsyncTaskExecutor.class);
              AsyncService service = context.getBean(AsyncService.class);

              // One worker each, held, so that everything submitted below is queued at close.
              CountDownLatch started = new CountDownLatch(2);
              CountDownLatch release = new CountDownLatch(1);
              for (ManagedThreadPool pool : List.of(primary, io)) {
                pool.submit(
                    () -> {
                      started.countDown();
                      release.await();
                      return null;
                    });
              }
              assertThat(started.await(LONG.toSeconds(), TimeUnit.SECONDS)).isTrue();

              List<Future<?>> callers = new ArrayList<>();
              for (int i = 0; i < ROUNDS; i++) {
                service.unqualifiedVoid();
                callers.add(service.unqualifiedFuture());
                callers.add(service.unqualifiedCompletable());
                service.ioVoid();
                callers.add(service.ioFuture());
                callers.add(service.ioCompletable());
                callers.add(adapter.submit(() -> "callable"));
                callers.add(adapter.submit(() -> {}));
                callers.add(adapter.submitCompletable(() -> "callable"));
                callers.add(adapter.submitCompletable(() -> {}));
                FutureTask<String> executed = new FutureTask<>(() -> "executed");
                adapter.execute(executed);
                callers.add(executed);
              }
              assertThat(primary.queueDepth()).isGreaterThanOrEqualTo(ROUNDS * 8);
              assertThat(io.queueDepth()).isGreaterThanOrEqualTo(ROUNDS * 3);

              Thread closer = closeInBackground(context);
              await().atMost(LONG).until(() -> primary.isShutdown() && io.isShutdown());
              release.countDown();
              closer.join(LONG.toMillis());
              assertThat(closer.isAlive()).isFalse();

              long pending = callers.stream().filter(f -> !f.isDone()).count();
              assertThat(pending).as("caller futures left pending of %d", callers.size()).isZero();
              long cancelled = callers.stream().filter(Future::isCancelled).count();
              if (shutdown == Shutdown.DRAIN) {
                assertThat(cancelled).isZero();
              } else {
                assertThat(cancelled).isEqualTo(callers.size());
              }
            });
  }

  private static Thread closeInBackground(ConfigurableApplicationContext context) {
    Thread closer = new Thread(context::close, "test-context-closer");
    closer.start();
    return closer;
  }

  @Configuration(proxyBeanMethods = false)
  @EnableAsync
  static class AsyncConfiguration {}

  static class AsyncService {
    @Async
    public void unqualifiedVoid() {}

    @Async
    public Future<String> unqualifiedFuture() {
      return CompletableFuture.completedFuture("unqualified");
    }

    @Async
    public CompletableFuture<String> unqualifiedCompletable() {
      return CompletableFuture.completedFuture("unqualified");
    }

    @Async("io")
    public void ioVoid() {}

    @Async("io")
    public Future<String> ioFuture() {
      return CompletableFuture.completedFuture("io");
    }

    @Async("io")
    public CompletableFuture<String> ioCompletable() {
      return CompletableFuture.completedFuture("io");
    }
  }
}
