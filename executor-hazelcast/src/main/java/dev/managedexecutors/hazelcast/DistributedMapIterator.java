package dev.managedexecutors.hazelcast;

import dev.managedexecutors.AbstractMapIterator;
import dev.managedexecutors.ManagedFuture;
import dev.managedexecutors.MapOptions;
import dev.managedexecutors.TaskFailedException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The iterator behind {@link DistributedPool#map}: the core's contract ({@link AbstractMapIterator}
 * keeps the order, the buffer, the timeout and the closing), with every remote task a serializable
 * {@link RemoteTasks.Chunk} (one item when {@code chunksize} is 1), whose outcome is the array of
 * results, ended by a {@link RemoteTasks.ChunkFailure} if the function failed. Not thread-safe (one
 * consumer).
 */
final class DistributedMapIterator<R extends @Nullable Object>
    extends AbstractMapIterator<R, @Nullable Object[]> {
  private final DistributedPool pool;
  private final Function<Object, Object> fn;
  private final BooleanSupplier hasMore;
  private final Supplier<@Nullable Object> nextItem;

  private DistributedMapIterator(
      DistributedPool pool,
      Function<Object, Object> fn,
      BooleanSupplier hasMore,
      Supplier<@Nullable Object> nextItem,
      MapOptions options) {
    super(options);
    this.pool = pool;
    this.fn = fn;
    this.hasMore = hasMore;
    this.nextItem = nextItem;
  }

  static <R extends @Nullable Object> DistributedMapIterator<R> start(
      DistributedPool pool,
      Function<Object, Object> fn,
      BooleanSupplier hasMore,
      Supplier<@Nullable Object> nextItem,
      MapOptions options) {
    DistributedMapIterator<R> it =
        new DistributedMapIterator<>(pool, fn, hasMore, nextItem, options);
    it.fill();
    return it;
  }

  /** Starts a map of {@code fn} over {@code items}, after checking the arguments. */
  static <T extends @Nullable Object, R extends @Nullable Object>
      DistributedMapIterator<R> overItems(
          DistributedPool pool,
          MemberRouter router,
          Function<? super T, ? extends R> fn,
          Iterable<? extends T> items,
          MapOptions options) {
    Objects.requireNonNull(fn, "fn");
    Objects.requireNonNull(items, "items");
    Objects.requireNonNull(options, "options");
    router.requireSerializable(fn, "map function");
    @SuppressWarnings("unchecked")
    Function<Object, Object> f = (Function<Object, Object>) fn;
    Iterator<? extends T> it = items.iterator();
    return start(pool, f, it::hasNext, it::next, options);
  }

  /** Starts a map of {@code fn} over pairs of {@code first} and {@code second}, checked. */
  static <A extends @Nullable Object, B extends @Nullable Object, R extends @Nullable Object>
      DistributedMapIterator<R> overPairs(
          DistributedPool pool,
          MemberRouter router,
          BiFunction<? super A, ? super B, ? extends R> fn,
          Iterable<? extends A> first,
          Iterable<? extends B> second,
          MapOptions options) {
    Objects.requireNonNull(fn, "fn");
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(second, "second");
    Objects.requireNonNull(options, "options");
    router.requireSerializable(fn, "map function");
    @SuppressWarnings("unchecked")
    BiFunction<Object, Object, Object> f = (BiFunction<Object, Object, Object>) fn;
    Iterator<? extends A> as = first.iterator();
    Iterator<? extends B> bs = second.iterator();
    return start(
        pool,
        new RemoteTasks.PairFunction(f),
        () -> as.hasNext() && bs.hasNext(),
        () -> {
          A a = as.next();
          return new RemoteTasks.Pair(a, bs.next());
        },
        options);
  }

  @Override
  protected boolean hasMoreInput() {
    return hasMore.getAsBoolean();
  }

  @Override
  protected ManagedFuture<@Nullable Object[]> submitNext() {
    int chunksize = chunksize();
    List<@Nullable Object> batch = new ArrayList<>(Math.min(chunksize, 64));
    while (batch.size() < chunksize && hasMore.getAsBoolean()) {
      batch.add(nextItem.get());
    }
    return pool.submit(new RemoteTasks.Chunk(fn, batch.toArray()));
  }

  @Override
  @SuppressWarnings("unchecked")
  protected R single(@Nullable Object[] outcome) {
    Object v = outcome[0];
    if (v instanceof RemoteTasks.ChunkFailure failure) {
      throw new TaskFailedException(failure.failure());
    }
    return (R) v;
  }

  @Override
  protected Batch batch(@Nullable Object[] outcome) {
    int n = outcome.length;
    if (n > 0 && outcome[n - 1] instanceof RemoteTasks.ChunkFailure failure) {
      return new Batch(outcome, n - 1, failure.failure());
    }
    return new Batch(outcome, n, null);
  }
}
