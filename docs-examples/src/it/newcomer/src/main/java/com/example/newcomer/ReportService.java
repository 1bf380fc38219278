package com.example.newcomer;

import dev.managedexecutors.ManagedExecutor;
import dev.managedexecutors.ManagedFuture;
import java.util.concurrent.CompletableFuture;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Service;

// tag::service[]
@Service
public class ReportService {
  private final ManagedExecutor reports;

  public ReportService(@Qualifier("reports") ManagedExecutor reports) {
    this.reports = reports;
  }

  public ManagedFuture<String> render(String name) {
    return reports.submit(() -> name + " rendered on " + Thread.currentThread().getName());
  }

  @Async("reports")
  public CompletableFuture<String> renderLater(String name) {
    return CompletableFuture.completedFuture(
        name + " rendered on " + Thread.currentThread().getName());
  }
}
// end::service[]
