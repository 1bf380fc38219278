package dev.managedexecutors.aot;

import java.util.concurrent.CompletableFuture;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Service;

/** {@code @Async} methods that tell which thread ran them. Thread-safe: stateless. */
@Service
public class AsyncJobs {

  /**
   * Runs on the primary pool.
   *
   * @return the name of the thread that ran it
   */
  @Async
  public CompletableFuture<String> onPrimary() {
    return CompletableFuture.completedFuture(Thread.currentThread().getName());
  }

  /**
   * Runs on the pool {@code io}.
   *
   * @return the name of the thread that ran it
   */
  @Async("io")
  public CompletableFuture<String> onIo() {
    return CompletableFuture.completedFuture(Thread.currentThread().getName());
  }
}
