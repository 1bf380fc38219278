package dev.managedexecutors.benchmarks;

import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * One executor under test, seen through the operations the benchmarks measure. Every benchmark
 * calls only this interface, so the same code runs against every executor in the same run; each
 * implementation uses its executor the way a user of that executor would.
 *
 * <p>Implementations are safe for use by several submitting threads.
 */
public interface BenchExecutor extends AutoCloseable {

  /**
   * Submits {@code task} and returns its future, as the executor's own {@code submit} does.
   *
   * @param task the task
   * @param <T> the type of the result
   * @return the task's future
   */
  <T> Future<T> submit(Task<T> task);

  /**
   * Submits {@code task} and attaches {@code fanout} to its future {@link Fanout#callbacks()}
   * times, with the executor's own done-callback mechanism. Returns without waiting.
   *
   * @param task the task
   * @param fanout the callback to attach
   */
  void submitWithCallbacks(Task<?> task, Fanout fanout);

  /**
   * Applies {@code fn} to every item on the executor and returns the results in input order, as
   * Python's {@code Executor.map} does: every task is submitted at this call, and the results are
   * taken lazily. With {@code chunksize > 1}, a task covers that many consecutive items. The
   * default is the ordered map a user of a plain {@code ExecutorService} writes by hand (see {@link
   * OrderedMap}); executors with a map of their own override it.
   *
   * @param fn the function
   * @param items the inputs
   * @param chunksize items per task, 1 or more
   * @param <T> the type of the inputs
   * @param <R> the type of the results
   * @return the results, in input order
   */
  default <T, R> Iterator<R> map(
      Function<? super T, ? extends R> fn, List<T> items, int chunksize) {
    return OrderedMap.submitAll(this, fn, items, chunksize);
  }

  /** Shuts the executor down and waits for its workers to end. */
  @Override
  void close();

  /**
   * Waits for {@code future} and returns its result, turning the JDK's checked exceptions into
   * unchecked ones (a benchmark task never fails).
   *
   * @param future the future
   * @param <T> the type of the result
   * @return the result
   */
  static <T> T await(Future<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("benchmark task failed", e.getCause());
    }
  }

  /**
   * One batch of the throughput benchmarks: submits {@link Task#NOOP} once per slot of {@code
   * futures} through {@code submit}, then waits for every one of them, in submission order.
   *
   * @param submit the pool's own submit
   * @param futures the batch's futures, overwritten
   */
  static void submitAndWaitAll(
      java.util.function.Function<Task<Integer>, Future<?>> submit, Future<?>[] futures) {
    for (int i = 0; i < futures.length; i++) {
      futures[i] = submit.apply(Task.NOOP);
    }
    for (Future<?> f : futures) {
      await(f);
    }
  }
}
