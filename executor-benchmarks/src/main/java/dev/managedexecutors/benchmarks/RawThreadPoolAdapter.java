package dev.managedexecutors.benchmarks;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The baseline: a raw JDK {@link ThreadPoolExecutor} with {@code core = max = workers}, an
 * unbounded {@link LinkedBlockingQueue} (what {@code Executors.newFixedThreadPool} builds) and
 * prestarted workers; {@code submit} makes a {@link FutureTask}.
 *
 * <p>Done-callbacks: a {@code FutureTask} has none, only its protected {@code done()} hook, so the
 * fan-out subclasses it with the callbacks fixed at submission. That is the cheapest callback
 * possible on the JDK (no registration, no ordering, none added later), which makes it a floor, not
 * an equivalent feature.
 */
class RawThreadPoolAdapter implements BenchExecutor {
  final ThreadPoolExecutor pool;

  RawThreadPoolAdapter(String name, int workers) {
    this(newPool(name, workers));
  }

  RawThreadPoolAdapter(ThreadPoolExecutor pool) {
    this.pool = pool;
    pool.prestartAllCoreThreads();
  }

  static ThreadPoolExecutor newPool(String name, int workers) {
    return new ThreadPoolExecutor(
        workers,
        workers,
        60,
        TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(),
        new WorkerThreads(name));
  }

  @Override
  public <T> Future<T> submit(Task<T> task) {
    return pool.submit(task);
  }

  @Override
  public void submitWithCallbacks(Task<?> task, Fanout fanout) {
    pool.execute(new CallbackTask<>(task, fanout));
  }

  @Override
  public void close() {
    shutdownAndWait(pool);
  }

  static void shutdownAndWait(ExecutorService pool) {
    pool.shutdown();
    try {
      if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("pool did not terminate: " + pool);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** A {@code FutureTask} whose {@code done()} hook runs the fan-out's callbacks. */
  static final class CallbackTask<T> extends FutureTask<T> {
    private final Fanout fanout;

    CallbackTask(Task<T> task, Fanout fanout) {
      super(task);
      this.fanout = fanout;
    }

    @Override
    protected void done() {
      for (int i = 0, n = fanout.callbacks(); i < n; i++) {
        fanout.accept(this);
      }
    }
  }
}
