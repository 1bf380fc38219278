package dev.managedexecutors.benchmarks;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The ordered map for executors that have none: submit every task now, then take the results in
 * input order. With a chunk size {@code k > 1}, each task computes {@code k} consecutive items into
 * an array. Not thread-safe (one consumer).
 *
 * @param <R> the type of the results
 */
final class OrderedMap<R> implements Iterator<R> {
  private final @Nullable Future<?>[] futures;
  private final boolean chunked;
  private int nextFuture;
  private @Nullable Object[] chunk = new Object[0];
  private int chunkPos;

  private OrderedMap(@Nullable Future<?>[] futures, boolean chunked) {
    this.futures = futures;
    this.chunked = chunked;
  }

  static <T, R> Iterator<R> submitAll(
      BenchExecutor executor, Function<? super T, ? extends R> fn, List<T> items, int chunksize) {
    int n = items.size();
    if (chunksize == 1) {
      Future<?>[] futures = new Future<?>[n];
      for (int i = 0; i < n; i++) {
        T item = items.get(i);
        futures[i] = executor.submit(() -> fn.apply(item));
      }
      return new OrderedMap<>(futures, false);
    }
    Future<?>[] futures = new Future<?>[(n + chunksize - 1) / chunksize];
    for (int c = 0; c < futures.length; c++) {
      int from = c * chunksize;
      int to = Math.min(n, from + chunksize);
      futures[c] =
          executor.submit(
              () -> {
                @Nullable Object[] out = new Object[to - from];
                for (int i = from; i < to; i++) {
                  out[i - from] = fn.apply(items.get(i));
                }
                return out;
              });
    }
    return new OrderedMap<>(futures, true);
  }

  @Override
  public boolean hasNext() {
    return chunkPos < chunk.length || nextFuture < futures.length;
  }

  @Override
  @SuppressWarnings("unchecked")
  public R next() {
    if (chunkPos < chunk.length) {
      return (R) chunk[chunkPos++];
    }
    if (nextFuture == futures.length) {
      throw new NoSuchElementException();
    }
    Object value = BenchExecutor.await(Objects.requireNonNull(futures[nextFuture]));
    futures[nextFuture++] = null; // let results be collected as they are consumed
    if (!chunked) {
      return (R) value;
    }
    chunk = (Object[]) value;
    chunkPos = 1;
    return (R) chunk[0];
  }
}
