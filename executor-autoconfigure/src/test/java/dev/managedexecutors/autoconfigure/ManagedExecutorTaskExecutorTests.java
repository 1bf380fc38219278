package dev.managedexecutors.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.managedexecutors.ManagedThreadPool;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The {@code applicationTaskExecutor} adapter's futures follow the pool's, both ways. */
class ManagedExecutorTaskExecutorTests {
  private static final long LONG_SECONDS = 30;

  private final ManagedThreadPool pool = ManagedThreadPool.builder("adapted").maxWorkers(1).build();
  private final ManagedExecutorTaskExecutor adapter = new ManagedExecutorTaskExecutor(pool);

  @AfterEach
  void shutdown() {
    pool.shutdownNow();
  }

  @Test
  void whenTheTaskFailsThenTheCompletableFutureFailsWithItsException() {
    IllegalStateException failure = new IllegalStateException("boom");
    CompletableFuture<String> future =
        adapter.submitCompletable(
            () -> {
              throw failure;
            });
    assertThatExceptionOfType(ExecutionException.class)
        .isThrownBy(() -> future.get(LONG_SECONDS, TimeUnit.SECONDS))
        .withCauseExactlyInstanceOf(IllegalStateException.class)
        .havingCause()
        .isSameAs(failure);
  }

  @Test
  void whenTheCompletableFutureIsCancelledBeforeTheTaskStartsThenTheTaskNeverRuns()
      throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    pool.submit(
        () -> {
          started.countDown();
          release.await();
          return null;
        });
    assertThat(started.await(LONG_SECONDS, TimeUnit.SECONDS)).isTrue();
    AtomicBoolean ran = new AtomicBoolean();
    CompletableFuture<Void> queued = adapter.submitCompletable(() -> ran.set(true));
    assertThat(queued.cancel(false)).isTrue();
    release.countDown();
    CompletableFuture<String> after = adapter.submitCompletable(() -> "after");
    assertThat(after.get(LONG_SECONDS, TimeUnit.SECONDS)).isEqualTo("after");
    assertThat(ran).isFalse();
  }
}
