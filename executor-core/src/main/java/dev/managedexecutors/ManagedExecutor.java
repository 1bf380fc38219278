package dev.managedexecutors;

import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * An {@link ExecutorService} with Python's executor API: {@code submit} returns a {@link
 * ManagedFuture}; {@code map} runs a function over inputs and yields the results in input order;
 * {@code shutdown(wait, cancelFutures)}; and {@link #close()} waits, so that try-with-resources
 * behaves like Python's {@code with}.
 *
 * <p>After shutdown, every submission throws {@link
 * java.util.concurrent.RejectedExecutionException} whose message says "cannot schedule new tasks
 * after shutdown" and names the executor.
 *
 * <p>Thread-safety: implementations are safe for use by many threads. Memory consistency effects:
 * actions in a thread before it submits a task <i>happen-before</i> the task runs, which in turn
 * happens-before the result is retrieved through the task's future.
 *
 * <p>A task that waits on the future of another task of the same bounded executor can deadlock when
 * every worker is waiting in this way (Python documents the same trap). Thread names carry the
 * executor's name, and its statistics show all workers active with work queued, to diagnose it.
 */
public interface ManagedExecutor extends ExecutorService, AutoCloseable {

  /**
   * Returns the executor's name, used in thread names, messages and metrics.
   *
   * @return the name
   */
  String name();

  /**
   * Schedules {@code task} and returns a future for its result. Never blocks, except as a
   * configured rejection policy says.
   *
   * @param task the task
   * @param <T> the type of the result
   * @return the task's future
   * @throws java.util.concurrent.RejectedExecutionException if the task cannot be accepted
   *     (shutdown, saturated, broken)
   * @throws NullPointerException if {@code task} is {@code null}
   */
  @Override
  <T extends @Nullable Object> ManagedFuture<T> submit(Callable<T> task);

  /**
   * Schedules {@code task} and returns a future whose result is {@code null}.
   *
   * @param task the task
   * @return the task's future
   * @throws java.util.concurrent.RejectedExecutionException if the task cannot be accepted
   * @throws NullPointerException if {@code task} is {@code null}
   */
  @Override
  ManagedFuture<?> submit(Runnable task);

  /**
   * Schedules {@code task} and returns a future whose result is {@code result}.
   *
   * @param task the task
   * @param result the result to give on success
   * @param <T> the type of the result
   * @return the task's future
   * @throws java.util.concurrent.RejectedExecutionException if the task cannot be accepted
   * @throws NullPointerException if {@code task} is {@code null}
   */
  @Override
  <T extends @Nullable Object> ManagedFuture<T> submit(Runnable task, T result);

  /**
   * Same as {@link #map(Function, Iterable, MapOptions)} with {@link MapOptions#defaults()}: all
   * items are read and submitted now, and results come in input order.
   *
   * @param fn the function to apply to each item
   * @param items the inputs
   * @param <T> the type of the inputs
   * @param <R> the type of the results
   * @return the results, lazily, in input order
   * @throws NullPointerException if {@code fn} or {@code items} is {@code null}
   * @throws java.util.concurrent.RejectedExecutionException if a task cannot be submitted (those
   *     already submitted are cancelled)
   */
  default <T extends @Nullable Object, R extends @Nullable Object> CloseableIterator<R> map(
      Function<? super T, ? extends R> fn, Iterable<? extends T> items) {
    return map(fn, items, MapOptions.defaults());
  }

  /**
   * Applies {@code fn} to every item concurrently and returns the results lazily, <b>in the order
   * of the inputs</b>, like Python's {@code Executor.map}.
   *
   * <ul>
   *   <li>Without a buffer size, all items are read and submitted at this call. With {@code
   *       buffersize = n}, the first {@code n} tasks are submitted now, and each result taken lets
   *       one more be submitted, so at most {@code n} submitted tasks await consumption; this works
   *       on an infinite {@code Iterable}. With {@code chunksize = k}, a task is a chunk of up to
   *       {@code k} consecutive items.
   *   <li>The timeout runs from this call: taking a result after the deadline, while it is not
   *       ready, throws {@link FutureTimeoutException} naming the unfinished count ({@code "2 (of
   *       4) futures unfinished"}).
   *   <li>If {@code fn} throws for an item, taking that item's result throws {@link
   *       TaskFailedException} with that exception as its cause; earlier results are still
   *       delivered. That ends the iteration and cancels the tasks not yet started.
   *   <li>Closing the iterator early, or any exception thrown by {@code next()}, cancels every task
   *       not yet started. Tasks already running finish; no task is left pending forever.
   *   <li>If a task cannot be submitted while refilling the buffer, the rejection is thrown (as is)
   *       when its position is reached, after every earlier result.
   * </ul>
   *
   * <p>Arguments are checked before any item is read or any task submitted. {@code next()} blocks
   * until the next result is ready; it throws {@link java.util.concurrent.CancellationException} if
   * that task was cancelled (for example by {@code shutdown(false, true)}) and {@link
   * WaitInterruptedException} if the thread is interrupted.
   *
   * @param fn the function to apply to each item
   * @param items the inputs
   * @param options timeout, chunk size and buffer size
   * @param <T> the type of the inputs
   * @param <R> the type of the results
   * @return the results, lazily, in input order; close it if you stop early
   * @throws NullPointerException if {@code fn}, {@code items} or {@code options} is {@code null}
   * @throws java.util.concurrent.RejectedExecutionException if a task cannot be submitted during
   *     this call (those already submitted are cancelled)
   */
  default <T extends @Nullable Object, R extends @Nullable Object> CloseableIterator<R> map(
      Function<? super T, ? extends R> fn, Iterable<? extends T> items, MapOptions options) {
    Objects.requireNonNull(fn, "fn");
    Objects.requireNonNull(items, "items");
    Objects.requireNonNull(options, "options");
    Iterator<? extends T> it = items.iterator();
    MapIterator.Source<R> source =
        new MapIterator.Source<>() {
          @Override
          public boolean hasNext() {
            return it.hasNext();
          }

          @Override
          public @Nullable Object next() {
            return it.next();
          }

          @Override
          @SuppressWarnings("unchecked") // every argument came from next()
          public R apply(@Nullable Object arg) {
            return fn.apply((T) arg);
          }
        };
    return MapIterator.start(this, source, options);
  }

  /**
   * Same as {@link #map(BiFunction, Iterable, Iterable, MapOptions)} with {@link
   * MapOptions#defaults()}.
   *
   * @param fn the function to apply to each pair of items
   * @param first the first inputs
   * @param second the second inputs
   * @param <A> the type of the first inputs
   * @param <B> the type of the second inputs
   * @param <R> the type of the results
   * @return the results, lazily, in input order
   * @throws NullPointerException if an argument is {@code null}
   * @throws java.util.concurrent.RejectedExecutionException if a task cannot be submitted
   */
  default <A extends @Nullable Object, B extends @Nullable Object, R extends @Nullable Object>
      CloseableIterator<R> map(
          BiFunction<? super A, ? super B, ? extends R> fn,
          Iterable<? extends A> first,
          Iterable<? extends B> second) {
    return map(fn, first, second, MapOptions.defaults());
  }

  /**
   * Like {@link #map(Function, Iterable, MapOptions)}, over two sources read in step ({@code fn(a1,
   * b1)}, {@code fn(a2, b2)}, …), stopping at the end of the shorter one, as Python's {@code
   * map(fn, xs, ys)} does.
   *
   * @param fn the function to apply to each pair of items
   * @param first the first inputs
   * @param second the second inputs
   * @param options timeout, chunk size and buffer size
   * @param <A> the type of the first inputs
   * @param <B> the type of the second inputs
   * @param <R> the type of the results
   * @return the results, lazily, in input order
   * @throws NullPointerException if an argument is {@code null}
   * @throws java.util.concurrent.RejectedExecutionException if a task cannot be submitted during
   *     this call
   */
  default <A extends @Nullable Object, B extends @Nullable Object, R extends @Nullable Object>
      CloseableIterator<R> map(
          BiFunction<? super A, ? super B, ? extends R> fn,
          Iterable<? extends A> first,
          Iterable<? extends B> second,
          MapOptions options) {
    Objects.requireNonNull(fn, "fn");
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(second, "second");
    Objects.requireNonNull(options, "options");
    Iterator<? extends A> as = first.iterator();
    Iterator<? extends B> bs = second.iterator();
    MapIterator.Source<R> source =
        new MapIterator.Source<>() {
          @Override
          public boolean hasNext() {
            return as.hasNext() && bs.hasNext();
          }

          @Override
          public @Nullable Object next() {
            A a = as.next();
            return new MapIterator.Pair(a, bs.next());
          }

          @Override
          @SuppressWarnings("unchecked") // every argument came from next()
          public R apply(@Nullable Object arg) {
            MapIterator.Pair p = (MapIterator.Pair) Objects.requireNonNull(arg);
            return fn.apply((A) p.first(), (B) p.second());
          }
        };
    return MapIterator.start(this, source, options);
  }

  /**
   * Same as {@link #shutdown(boolean, boolean) shutdown(wait, false)}.
   *
   * @param wait whether to return only when every accepted task has ended and the workers are gone
   */
  default void shutdown(boolean wait) {
    shutdown(wait, false);
  }

  /**
   * Stops accepting tasks. Tasks already accepted still run, unless {@code cancelFutures} cancels
   * those that have not started (their futures become {@code CANCELLED} and their callbacks run);
   * running and finished tasks are untouched. Calling it again is harmless.
   *
   * <p>With {@code wait}, blocks until every accepted task has ended and the workers are gone. If
   * the waiting thread is interrupted, the executor is shut down now (as {@link #shutdownNow()})
   * and the wait goes on until the running tasks end; the interrupt status is then set again.
   *
   * @param wait whether to block until everything has ended
   * @param cancelFutures whether to cancel the tasks that have not started
   * @throws IllegalStateException if {@code wait} is {@code true} and the calling thread is one of
   *     this executor's own workers (it would wait for itself forever)
   */
  void shutdown(boolean wait, boolean cancelFutures);

  /**
   * Stops accepting tasks; already accepted ones still run. Does not wait: same as {@link
   * #shutdown(boolean) shutdown(false)}.
   */
  @Override
  void shutdown();

  /**
   * Same as {@link #shutdown(boolean) shutdown(true)}: try-with-resources waits for every task, as
   * Python's {@code with} block does.
   *
   * @throws IllegalStateException if called from one of this executor's own workers
   */
  @Override
  default void close() {
    shutdown(true);
  }
}
