package dev.managedexecutors;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Tasks that block until released, and a count of how many have started. */
final class Blocker implements AutoCloseable {
  private final CountDownLatch release = new CountDownLatch(1);
  final AtomicInteger started = new AtomicInteger();

  /** A task that records its start, waits for {@link #release()}, and returns {@code value}. */
  <T> java.util.concurrent.Callable<T> task(T value) {
    return () -> {
      started.incrementAndGet();
      if (!release.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("blocker never released");
      }
      return value;
    };
  }

  /**
   * Occupies one worker of {@code executor} with a task of this blocker, and returns once that task
   * runs.
   */
  void occupy(ManagedExecutor executor) {
    int before = started.get();
    executor.submit(runnable());
    org.awaitility.Awaitility.await().until(() -> started.get() > before);
  }

  Runnable runnable() {
    return () -> {
      started.incrementAndGet();
      try {
        if (!release.await(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("blocker never released");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
  }

  /**
   * A task that counts down {@code started}, then waits until interrupted and returns {@code
   * "interrupted"} (or {@code "not interrupted"} if it is never interrupted within a minute).
   */
  static java.util.concurrent.Callable<String> untilInterrupted(CountDownLatch started) {
    return () -> {
      started.countDown();
      try {
        return new CountDownLatch(1).await(60, TimeUnit.SECONDS) ? "released" : "not interrupted";
      } catch (InterruptedException e) {
        return "interrupted";
      }
    };
  }

  void release() {
    release.countDown();
  }

  @Override
  public void close() {
    release();
  }
}
