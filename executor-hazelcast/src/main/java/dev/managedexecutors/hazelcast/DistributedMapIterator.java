package dev.managedexecutors.hazelcast;

import dev.managedexecutors.AbstractMapIterator;
import dev.managedexecutors.ManagedFuture;
import dev.managedexecutors.MapOptions;
import dev.managedexecutors.TaskFailedException;
import java.util.ArrayList;
import java.util.List;
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
