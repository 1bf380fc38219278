package dev.managedexecutors.hazelcast;

import dev.managedexecutors.CloseableIterator;
import dev.managedexecutors.FutureTimeoutException;
import dev.managedexecutors.ManagedFuture;
import dev.managedexecutors.MapOptions;
import dev.managedexecutors.TaskFailedException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The iterator behind {@link DistributedPool#map}: the same contract as the core's, with every
 * remote task a serializable {@link RemoteTasks.Chunk} (one item when {@code chunksize} is 1). Not
 * thread-safe (one consumer).
 *
 * <p>Implementation notes: {@code pending} holds the submitted chunks in input order; taking a
 * result pops the oldest into {@code current}, submits one more chunk when buffered, then waits on
 * {@code current}. A finished chunk is served from {@code chunk}. A failure to read the next input
 * or to submit while refilling is kept in {@code deferred} and thrown once everything before it was
 * delivered. Any exception leaving {@code next()} closes the iterator, which cancels what is left.
 */
final class DistributedMapIterator<R extends @Nullable Object> implements CloseableIterator<R> {
  private final DistributedPool pool;
  private final Function<Object, Object> fn;
  private final BooleanSupplier hasMore;
  private final Supplier<@Nullable Object> nextItem;
  private final int chunksize;
  private final int buffersize;
  private final boolean timed;
  private final long deadline;

  private final ArrayDeque<ManagedFuture<@Nullable Object[]>> pending = new ArrayDeque<>();
  private @Nullable ManagedFuture<@Nullable Object[]> current;
  private @Nullable Object @Nullable [] chunk;
  private int chunkPos;
  private @Nullable RuntimeException deferred;
  private int submittedTasks;
  private boolean closed;

  private DistributedMapIterator(
      DistributedPool pool,
      Function<Object, Object> fn,
      BooleanSupplier hasMore,
      Supplier<@Nullable Object> nextItem,
      MapOptions options) {
    this.pool = pool;
    this.fn = fn;
    this.hasMore = hasMore;
    this.nextItem = nextItem;
    this.chunksize = options.chunksize();
    this.buffersize = options.buffersize();
    Duration timeout = options.timeout();
    this.timed = timeout != null;
    this.deadline = timeout == null ? 0L : System.nanoTime() + saturatedNanos(timeout);
  }

  static <R extends @Nullable Object> DistributedMapIterator<R> start(
      DistributedPool pool,
      Function<Object, Object> fn,
      BooleanSupplier hasMore,
      Supplier<@Nullable Object> nextItem,
      MapOptions options) {
    DistributedMapIterator<R> it =
        new DistributedMapIterator<>(pool, fn, hasMore, nextItem, options);
    try {
      int limit = it.buffersize == 0 ? Integer.MAX_VALUE : it.buffersize;
      for (int i = 0; i < limit && hasMore.getAsBoolean(); i++) {
        it.submitNext();
      }
    } catch (RuntimeException | Error e) {
      it.close();
      throw e;
    }
    return it;
  }

  @Override
  public boolean hasNext() {
    return !closed && (chunk != null || !pending.isEmpty() || deferred != null);
  }

  @Override
  public R next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    try {
      @Nullable Object[] c = chunk;
      if (c != null) {
        return take(c);
      }
      ManagedFuture<@Nullable Object[]> f = pending.poll();
      if (f == null) {
        RuntimeException e = Objects.requireNonNull(deferred);
        deferred = null;
        throw e;
      }
      current = f;
      refill();
      @Nullable Object[] values = Objects.requireNonNull(await(f));
      current = null;
      chunk = values;
      chunkPos = 0;
      return take(values);
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    chunk = null;
    deferred = null;
    ManagedFuture<?> c = current;
    current = null;
    if (c != null) {
      c.cancel();
    }
    for (ManagedFuture<?> f : pending) {
      f.cancel();
    }
    pending.clear();
  }

  @SuppressWarnings("unchecked")
  private R take(@Nullable Object[] c) {
    Object v = c[chunkPos++];
    if (chunkPos == c.length) {
      chunk = null;
    }
    if (v instanceof RemoteTasks.ChunkFailure failure) {
      chunk = null;
      throw new TaskFailedException(failure.failure());
    }
    return (R) v;
  }

  private @Nullable Object @Nullable [] await(ManagedFuture<@Nullable Object[]> f) {
    if (!timed) {
      return f.result();
    }
    try {
      return f.result(Duration.ofNanos(deadline - System.nanoTime()));
    } catch (FutureTimeoutException e) {
      int unfinished = f.done() ? 0 : 1;
      for (ManagedFuture<?> p : pending) {
        if (!p.done()) {
          unfinished++;
        }
      }
      throw new FutureTimeoutException(
          unfinished + " (of " + submittedTasks + ") futures unfinished");
    }
  }

  private void refill() {
    if (buffersize == 0 || deferred != null) {
      return;
    }
    try {
      if (hasMore.getAsBoolean()) {
        submitNext();
      }
    } catch (RuntimeException e) {
      deferred = e;
    }
  }

  private void submitNext() {
    List<@Nullable Object> batch = new ArrayList<>(Math.min(chunksize, 64));
    while (batch.size() < chunksize && hasMore.getAsBoolean()) {
      batch.add(nextItem.get());
    }
    pending.add(pool.submit(new RemoteTasks.Chunk(fn, batch.toArray())));
    submittedTasks++;
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException overflow) {
      return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }
}
