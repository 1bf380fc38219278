package dev.managedexecutors.benchmarks;

import dev.managedexecutors.ManagedThreadPool;
import dev.managedexecutors.RejectionPolicy;
import dev.managedexecutors.micrometer.ManagedThreadPoolMetrics;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The pools compared as peers by {@link PeerThroughputBenchmark} and {@link PeerHandoffBenchmark}
 * (issue 20): each used as a plain {@link ExecutorService}, the way its users submit to it, with
 * the same number of workers; unbounded, or bounded with the caller running what does not fit.
 */
public enum Peer {
  /** The baseline: a raw {@code ThreadPoolExecutor} (core = max), tasks as {@code FutureTask}s. */
  RAW_TPE,
  /** Our {@code ManagedThreadPool} (core = max, prestarted). */
  OURS,
  /**
   * {@link #OURS} with the starter's default meters: {@code ManagedThreadPoolMetrics} bound to a
   * {@code SimpleMeterRegistry} (issue 13).
   */
  OURS_METERED,
  /** {@link #OURS_METERED} with {@code managed-executors.metrics.timers=false}: no timers. */
  OURS_METERED_NO_TIMERS,
  /** {@link #OURS} with a queue timeout and a run timeout (1 h each, never reached; issue 14). */
  OURS_TIMEOUTS,
  /** {@code ForkJoinPool(workers)}, LIFO (the default mode). */
  FJP_LIFO,
  /** {@code ForkJoinPool(workers)} in {@code asyncMode} (FIFO for forked tasks). */
  FJP_ASYNC,
  /**
   * Micrometer's {@code ExecutorServiceMetrics.monitor} around a raw {@code ThreadPoolExecutor}.
   */
  MICROMETER_TPE;

  /**
   * Starts a pool of this kind.
   *
   * @param workers its number of workers
   * @param bound the queue's capacity, with CALLER_RUNS when full; 0 for unbounded
   * @return the running pool
   * @throws UnsupportedOperationException for a {@code ForkJoinPool} with a bound (it has none)
   */
  public ExecutorService start(int workers, int bound) {
    String name = "peer-" + name().toLowerCase(java.util.Locale.ROOT);
    return switch (this) {
      case RAW_TPE -> rawTpe(name, workers, bound);
      case OURS, OURS_METERED, OURS_METERED_NO_TIMERS, OURS_TIMEOUTS -> {
        ManagedThreadPool.Builder b =
            ManagedThreadPool.builder(name)
                .coreWorkers(workers)
                .maxWorkers(workers)
                .prestart(true)
                .daemon(true);
        if (bound > 0) {
          b.queueCapacity(bound).rejection(RejectionPolicy.CALLER_RUNS);
        }
        if (this == OURS_TIMEOUTS) {
          b.queueTimeout(java.time.Duration.ofHours(1)).runTimeout(java.time.Duration.ofHours(1));
        }
        ManagedThreadPool pool = b.build();
        if (this == OURS_METERED || this == OURS_METERED_NO_TIMERS) {
          new ManagedThreadPoolMetrics(pool, Tags.empty(), this == OURS_METERED)
              .bindTo(new SimpleMeterRegistry());
        }
        yield pool;
      }
      case FJP_LIFO, FJP_ASYNC -> {
        if (bound > 0) {
          throw new UnsupportedOperationException("ForkJoinPool has no queue bound");
        }
        yield new ForkJoinPool(
            workers, ForkJoinPool.defaultForkJoinWorkerThreadFactory, null, this == FJP_ASYNC);
      }
      case MICROMETER_TPE ->
          ExecutorServiceMetrics.monitor(
              new SimpleMeterRegistry(), rawTpe(name, workers, bound), name);
    };
  }

  private static ThreadPoolExecutor rawTpe(String name, int workers, int bound) {
    BlockingQueue<Runnable> queue =
        bound > 0 ? new ArrayBlockingQueue<>(bound) : new LinkedBlockingQueue<>();
    ThreadPoolExecutor tpe =
        new ThreadPoolExecutor(
            workers,
            workers,
            60,
            TimeUnit.SECONDS,
            queue,
            new WorkerThreads(name),
            new ThreadPoolExecutor.CallerRunsPolicy());
    tpe.prestartAllCoreThreads();
    return tpe;
  }
}
