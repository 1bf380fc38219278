package dev.managedexecutors;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * The iterator behind {@link ManagedExecutor#map}. Not thread-safe (one consumer).
 *
 * <p>Implementation notes. {@code pending} holds the submitted futures in input order, oldest
 * first. Taking a result pops the oldest into {@code current}, submits one more task when buffered
 * (so at most {@code buffersize} popped-but-unconsumed-or-queued tasks exist, as in CPython 3.14),
 * then waits on {@code current}. With chunks, a finished chunk is kept in {@code chunk} and served
 * item by item. A failure to read the next input or to submit while refilling is kept in {@code
 * deferred} and thrown once everything submitted before it was delivered. Any exception leaving
 * {@code next()} closes the iterator, which cancels {@code current} and everything in {@code
 * pending}: only tasks that have not started are affected. A chunk is an array of the inputs, which
 * its task overwrites with the results, so chunking allocates per chunk, not per input.
 */
final class MapIterator<R extends @Nullable Object> implements CloseableIterator<R> {
  private final ManagedExecutor executor;
  private final Source<R> source;
  private final int chunksize;
  private final int buffersize;
  private final boolean timed;
  private final long deadline;

  private final ArrayDeque<ManagedFuture<?>> pending = new ArrayDeque<>();
  private @Nullable ManagedFuture<?> current;
  private @Nullable Chunk chunk;
  private int chunkPos;
  private @Nullable RuntimeException deferred;
  private int submittedTasks;
  private boolean closed;

  private MapIterator(ManagedExecutor executor, Source<R> source, MapOptions options) {
    this.executor = executor;
    this.source = source;
    this.chunksize = options.chunksize();
    this.buffersize = options.buffersize();
    Duration timeout = options.timeout();
    this.timed = timeout != null;
    this.deadline = timeout == null ? 0L : System.nanoTime() + FutureStates.saturatedNanos(timeout);
  }

  static <R extends @Nullable Object> MapIterator<R> start(
      ManagedExecutor executor, Source<R> source, MapOptions options) {
    MapIterator<R> it = new MapIterator<>(executor, source, options);
    try {
      int limit = it.buffersize == 0 ? Integer.MAX_VALUE : it.buffersize;
      for (int i = 0; i < limit && source.hasNext(); i++) {
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
      if (chunk != null) {
        return takeFromChunk(chunk);
      }
      ManagedFuture<?> f = pending.poll();
      if (f == null) {
        RuntimeException e = java.util.Objects.requireNonNull(deferred);
        deferred = null;
        throw e;
      }
      current = f;
      refill();
      Object value = await(f);
      current = null;
      if (chunksize == 1) {
        @SuppressWarnings("unchecked")
        R r = (R) value;
        return r;
      }
      Chunk c = (Chunk) value;
      chunk = c;
      chunkPos = 0;
      return takeFromChunk(c);
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

  private R takeFromChunk(Chunk c) {
    if (chunkPos < c.count) {
      @SuppressWarnings("unchecked")
      R r = (R) c.values[chunkPos++];
      if (chunkPos == c.count && c.failure == null) {
        chunk = null;
      }
      return r;
    }
    Throwable failure = c.failure;
    chunk = null;
    throw new TaskFailedException(
        failure == null ? new IllegalStateException("empty chunk") : failure);
  }

  private Object await(ManagedFuture<?> f) {
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
      throw FutureTimeoutException.unfinished(unfinished, submittedTasks);
    }
  }

  private void refill() {
    if (buffersize == 0 || deferred != null) {
      return;
    }
    try {
      if (source.hasNext()) {
        submitNext();
      }
    } catch (RuntimeException e) {
      // Results already submitted stay deliverable; this failure surfaces at its own position.
      deferred = e;
    }
  }

  private void submitNext() {
    if (chunksize == 1) {
      Object arg = source.next();
      pending.add(executor.submit(() -> source.apply(arg)));
    } else {
      @Nullable Object[] batch = new Object[Math.min(chunksize, 64)];
      int n = 0;
      while (n < chunksize && source.hasNext()) {
        if (n == batch.length) {
          batch = Arrays.copyOf(batch, (int) Math.min(chunksize, 2L * n));
        }
        batch[n++] = source.next();
      }
      pending.add(executor.submit(new ChunkTask<>(source, batch, n)));
    }
    submittedTasks++;
  }

  /**
   * What a map reads and runs: its inputs, one argument at a time (an item, or a {@link Pair} of
   * items), and the function applied to one argument. Read by the consuming thread only; {@code
   * apply} runs on the workers.
   */
  interface Source<R extends @Nullable Object> {
    boolean hasNext();

    @Nullable Object next();

    R apply(@Nullable Object arg);
  }

  /** The argument of a function of two inputs. */
  record Pair(@Nullable Object first, @Nullable Object second) {}

  /** The outcome of a chunk: the first {@code count} values, then possibly a failure. */
  private static final class Chunk {
    final @Nullable Object[] values;
    final int count;
    final @Nullable Throwable failure;

    Chunk(@Nullable Object[] values, int count, @Nullable Throwable failure) {
      this.values = values;
      this.count = count;
      this.failure = failure;
    }
  }

  /**
   * Runs a chunk's arguments in order, replacing each with its result, and stops at the first
   * failure (the iteration ends there).
   */
  private static final class ChunkTask<R extends @Nullable Object> implements Callable<Chunk> {
    private final Source<R> source;
    private final @Nullable Object[] args;
    private final int count;

    ChunkTask(Source<R> source, @Nullable Object[] args, int count) {
      this.source = source;
      this.args = args;
      this.count = count;
    }

    @Override
    public Chunk call() {
      for (int i = 0; i < count; i++) {
        try {
          args[i] = source.apply(args[i]);
        } catch (Throwable e) {
          return new Chunk(args, i, e);
        }
      }
      return new Chunk(args, count, null);
    }
  }
}
