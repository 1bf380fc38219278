package dev.managedexecutors.benchmarks;

import java.util.function.BiFunction;

/**
 * The executors compared, as the benchmarks' {@code executor} parameter. Each starts a fresh
 * executor with the given number of workers; all have equal pool sizes and an unbounded queue.
 */
public enum ExecutorKind {
  /** The baseline: a raw {@code ThreadPoolExecutor}, tasks as {@code FutureTask}s. */
  RAW_TPE("raw TPE", RawThreadPoolAdapter::new),
  /** Our {@code ManagedThreadPool}. */
  MANAGED("ours", ManagedPoolAdapter::new),
  /** Our {@code ManagedThreadPool} with Micrometer timers and gauges attached. */
  MANAGED_METRICS("ours + metrics", MeteredPoolAdapter::new),
  /** Spring's {@code ThreadPoolTaskExecutor.submitCompletable}. */
  SPRING("Spring TPTE", SpringTaskExecutorAdapter::new),
  /** {@code CompletableFuture.supplyAsync} on a raw {@code ThreadPoolExecutor}. */
  CF_RAW("CF on raw TPE", CompletableFutureAdapter::new),
  /** dynamic-tp's {@code DtpExecutor}. */
  DYNAMIC_TP("dynamic-tp", DynamicTpAdapter::new);

  private final String label;
  private final BiFunction<String, Integer, BenchExecutor> factory;

  ExecutorKind(String label, BiFunction<String, Integer, BenchExecutor> factory) {
    this.label = label;
    this.factory = factory;
  }

  /**
   * Returns the name used in reports.
   *
   * @return a short human-readable name
   */
  public String label() {
    return label;
  }

  /**
   * Starts an executor of this kind.
   *
   * @param workers the number of workers (core = max)
   * @return the running executor; close it when done
   */
  public BenchExecutor start(int workers) {
    return factory.apply("bench-" + name().toLowerCase(java.util.Locale.ROOT), workers);
  }
}
