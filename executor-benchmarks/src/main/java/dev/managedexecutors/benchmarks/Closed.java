package dev.managedexecutors.benchmarks;

import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

/** The executor a benchmark holds before its setup ran: it refuses everything. */
final class Closed implements BenchExecutor {
  @Override
  public <T> Future<T> submit(Task<T> task) {
    throw new RejectedExecutionException("not started");
  }

  @Override
  public void submitWithCallbacks(Task<?> task, Fanout fanout) {
    throw new RejectedExecutionException("not started");
  }

  @Override
  public void close() {}
}
