package dev.managedexecutors.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Spring's {@link ThreadPoolTaskExecutor} with {@code core = max = workers}, its default unbounded
 * queue (a {@code LinkedBlockingQueue}) and prestarted workers; tasks go through {@code
 * submitCompletable}, whose {@link CompletableFuture} gives the callbacks ({@code whenComplete}).
 */
final class SpringTaskExecutorAdapter implements BenchExecutor {
  private final ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();

  SpringTaskExecutorAdapter(String name, int workers) {
    executor.setCorePoolSize(workers);
    executor.setMaxPoolSize(workers);
    executor.setThreadNamePrefix(name + "-");
    executor.setDaemon(true);
    executor.setPrestartAllCoreThreads(true);
    executor.initialize();
  }

  @Override
  public <T> Future<T> submit(Task<T> task) {
    return executor.submitCompletable(task);
  }

  @Override
  public void submitWithCallbacks(Task<?> task, Fanout fanout) {
    CompletableFuture<?> f = executor.submitCompletable(task);
    for (int i = 0, n = fanout.callbacks(); i < n; i++) {
      f.whenComplete(fanout);
    }
  }

  @Override
  public void close() {
    RawThreadPoolAdapter.shutdownAndWait(executor.getThreadPoolExecutor());
  }
}
