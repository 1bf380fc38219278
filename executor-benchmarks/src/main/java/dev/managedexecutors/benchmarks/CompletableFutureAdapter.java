package dev.managedexecutors.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * {@link CompletableFuture#supplyAsync(java.util.function.Supplier, java.util.concurrent.Executor)}
 * on the same raw pool as the baseline: what a JDK user reaches for to get done-callbacks ({@code
 * whenComplete}).
 */
final class CompletableFutureAdapter implements BenchExecutor {
  private final ThreadPoolExecutor pool;

  CompletableFutureAdapter(String name, int workers) {
    this.pool = RawThreadPoolAdapter.newPool(name, workers);
    pool.prestartAllCoreThreads();
  }

  @Override
  public <T> Future<T> submit(Task<T> task) {
    return CompletableFuture.supplyAsync(task, pool);
  }

  @Override
  public void submitWithCallbacks(Task<?> task, Fanout fanout) {
    CompletableFuture<?> f = CompletableFuture.supplyAsync(task, pool);
    for (int i = 0, n = fanout.callbacks(); i < n; i++) {
      f.whenComplete(fanout);
    }
  }

  @Override
  public void close() {
    RawThreadPoolAdapter.shutdownAndWait(pool);
  }
}
