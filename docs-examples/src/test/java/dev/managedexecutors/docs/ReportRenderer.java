package dev.managedexecutors.docs;

import dev.managedexecutors.ManagedExecutor;
import dev.managedexecutors.ManagedFuture;
import java.util.concurrent.CompletableFuture;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Service;

// tag::qualifier-and-async[]
@Service
class ReportRenderer {
  private final ManagedExecutor io;

  ReportRenderer(@Qualifier("io") ManagedExecutor io) {
    this.io = io;
  }

  ManagedFuture<String> fetch(String source) {
    return io.submit(() -> "data from " + source);
  }

  @Async("cpu") // needs @EnableAsync on a configuration class
  public CompletableFuture<String> render(String data) {
    return CompletableFuture.completedFuture(
        "report of " + data + " on " + Thread.currentThread().getName());
  }
}
// end::qualifier-and-async[]
