package dev.managedexecutors;

import java.util.Arrays;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * The iterator behind {@link ManagedExecutor#map}. Not thread-safe (one consumer).
 *
 * <p>Implementation notes. The ordering, buffering, timeout and closing are {@link
 * AbstractMapIterator}'s; this class reads the {@link Source} and submits. With {@code chunksize} 1
 * a task's outcome is the result itself; with chunks it is a {@link AbstractMapIterator.Batch}
 * built from an array of the inputs, which the chunk's task overwrites with the results, so
 * chunking allocates per chunk, not per input.
 */
final class MapIterator<R extends @Nullable Object> extends AbstractMapIterator<R, Object> {
  private final ManagedExecutor executor;
  private final Source<R> source;

  private MapIterator(ManagedExecutor executor, Source<R> source, MapOptions options) {
    super(options);
    this.executor = executor;
    this.source = source;
  }

  static <R extends @Nullable Object> MapIterator<R> start(
      ManagedExecutor executor, Source<R> source, MapOptions options) {
    MapIterator<R> it = new MapIterator<>(executor, source, options);
    it.fill();
    return it;
  }

  @Override
  protected boolean hasMoreInput() {
    return source.hasNext();
  }

  @Override
  protected ManagedFuture<?> submitNext() {
    int chunksize = chunksize();
    if (chunksize == 1) {
      Object arg = source.next();
      return executor.submit(() -> source.apply(arg));
    }
    @Nullable Object[] batch = new Object[Math.min(chunksize, 64)];
    int n = 0;
    while (n < chunksize && source.hasNext()) {
      if (n == batch.length) {
        batch = Arrays.copyOf(batch, (int) Math.min(chunksize, 2L * n));
      }
      batch[n++] = source.next();
    }
    return executor.submit(new ChunkTask<>(source, batch, n));
  }

  @Override
  protected R single(Object outcome) {
    @SuppressWarnings("unchecked")
    R r = (R) outcome;
    return r;
  }

  @Override
  protected Batch batch(Object outcome) {
    return (Batch) outcome;
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

  /**
   * Runs a chunk's arguments in order, replacing each with its result, and stops at the first
   * failure (the iteration ends there).
   */
  private static final class ChunkTask<R extends @Nullable Object> implements Callable<Batch> {
    private final Source<R> source;
    private final @Nullable Object[] args;
    private final int count;

    ChunkTask(Source<R> source, @Nullable Object[] args, int count) {
      this.source = source;
      this.args = args;
      this.count = count;
    }

    @Override
    public Batch call() {
      for (int i = 0; i < count; i++) {
        try {
          args[i] = source.apply(args[i]);
        } catch (Throwable e) {
          return new Batch(args, i, e);
        }
      }
      return new Batch(args, count, null);
    }
  }
}
