package dev.managedexecutors.demo;

import java.util.concurrent.CompletableFuture;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Service;

/** Work run through {@code @Async}: on the primary pool, or on a pool named by qualifier. */
@Service
public class AsyncJobs {

  /** Creates the service; Spring proxies it so that its methods run on a pool. */
  public AsyncJobs() {}

  /**
   * Builds a report on the primary pool ({@code default}), as {@code @Async} without a qualifier
   * does.
   *
   * @param millis how long the report takes
   * @return the name of the thread that built it
   */
  @Async
  public CompletableFuture<String> report(int millis) {
    Work.blockingCall(millis);
    return CompletableFuture.completedFuture(Thread.currentThread().getName());
  }

  /**
   * Calls another service on the {@code io} pool, chosen by {@code @Async("io")}.
   *
   * @param millis how long the call takes
   * @return the name of the thread that made it
   */
  @Async("io")
  public CompletableFuture<String> fetch(int millis) {
    Work.blockingCall(millis);
    return CompletableFuture.completedFuture(Thread.currentThread().getName());
  }
}
