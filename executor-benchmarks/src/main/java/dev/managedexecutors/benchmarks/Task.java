package dev.managedexecutors.benchmarks;

import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * A benchmark task: both a {@link Callable} (for executors that take one) and a {@link Supplier}
 * (for {@link java.util.concurrent.CompletableFuture#supplyAsync}), so that no adapter has to wrap
 * it in a per-call lambda and every executor pays only for its own machinery.
 *
 * @param <T> the type of the result
 */
@FunctionalInterface
public interface Task<T> extends Callable<T>, Supplier<T> {
  /** The task that does nothing and returns the same object each time. */
  Task<Integer> NOOP = () -> 1;

  /**
   * Runs the task. Unlike {@link Callable#call()}, throws no checked exception.
   *
   * @return the result
   */
  @Override
  T call();

  /**
   * Same as {@link #call()}.
   *
   * @return the result
   */
  @Override
  default T get() {
    return call();
  }
}
