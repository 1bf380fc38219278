package dev.managedexecutors;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The skeleton of the iterator that {@link ManagedExecutor#map} returns, for executors of other
 * modules (a distributed pool) that must keep its contract: results in input order, at most {@code
 * buffersize} tasks submitted ahead of the consumer (all at once when 0), one overall {@code
 * timeout} that ends the iteration with a {@link FutureTimeoutException} naming how many tasks were
 * unfinished, a task's failure delivered at its position as a {@link TaskFailedException} (the
 * results before it first), a failure to read or submit the next input delivered once everything
 * before it was, and every exception leaving {@link #next()} closing the iterator, which cancels
 * the tasks not yet done. A subclass only reads its inputs, submits them, and unpacks a task's
 * outcome.
 *
 * <p>A subclass's factory constructs it and then calls {@link #fill()} once, before handing it out.
 *
 * <p>Thread-safety: not thread-safe; one consumer thread calls {@code hasNext}, {@code next} and
 * {@code close}, and the hooks run in that thread. {@link #next()} blocks until the oldest task's
 * outcome is in, or the timeout passes.
 *
 * @param <R> the type of the results
 * @param <T> the type of a task's outcome: a result when {@code chunksize} is 1, else whatever
 *     {@link #batch} unpacks
 */
public abstract class AbstractMapIterator<R extends @Nullable Object, T extends @Nullable Object>
    implements CloseableIterator<R> {
  /*
   * Implementation notes. `pending` holds the submitted tasks' futures in input order, oldest first.
   * Taking a result pops the oldest into `current`, submits one more task when buffered (so at most
   * `buffersize` popped-but-unconsumed-or-queued tasks exist, as in CPython 3.14), then waits on
   * `current`. With chunks, a finished chunk is kept in `chunk` and served item by item. A failure
   * to read the next input or to submit while refilling is kept in `deferred` and thrown once
   * everything submitted before it was delivered. Any exception leaving next() closes the iterator,
   * which cancels `current` and everything in `pending`: only tasks not yet done are affected.
   */

  private final int chunksize;
  private final int buffersize;
  private final boolean timed;
  private final long deadline;

  private final ArrayDeque<ManagedFuture<? extends T>> pending = new ArrayDeque<>();
  private @Nullable ManagedFuture<? extends T> current;
  private @Nullable Batch chunk;
  private int chunkPos;
  private @Nullable RuntimeException deferred;
  private int submittedTasks;
  private boolean closed;

  /**
   * Starts the iterator; the deadline of the options' timeout, if any, runs from now.
   *
   * @param options the chunk size, buffer size and timeout, already checked
   * @throws NullPointerException if {@code options} is {@code null}
   */
  protected AbstractMapIterator(MapOptions options) {
    this.chunksize = options.chunksize();
    this.buffersize = options.buffersize();
    Duration timeout = options.timeout();
    this.timed = timeout != null;
    this.deadline = timeout == null ? 0L : System.nanoTime() + FutureStates.saturatedNanos(timeout);
  }

  /**
   * Submits the first tasks: {@code buffersize} of them, or every input when it is 0. Call once,
   * from the factory, after construction. If reading or submitting fails, the iterator is closed
   * (what was submitted is cancelled) and the failure is thrown.
   *
   * @throws RuntimeException what {@link #hasMoreInput} or {@link #submitNext} threw
   */
  protected final void fill() {
    try {
      int limit = buffersize == 0 ? Integer.MAX_VALUE : buffersize;
      for (int i = 0; i < limit && hasMoreInput(); i++) {
        submit();
      }
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  /**
   * Returns how many inputs a task takes, from the options.
   *
   * @return the chunk size, 1 or more
   */
  protected final int chunksize() {
    return chunksize;
  }

  /**
   * Returns whether an input is left to read.
   *
   * @return whether {@link #submitNext} has something to submit
   */
  protected abstract boolean hasMoreInput();

  /**
   * Reads the next input, or up to {@link #chunksize()} of them, and submits one task for them.
   * Called only when {@link #hasMoreInput} said so.
   *
   * @return the task's future
   * @throws RuntimeException if reading or submitting fails; while refilling, it is delivered after
   *     the results before it
   */
  protected abstract ManagedFuture<? extends T> submitNext();

  /**
   * Unpacks the outcome of a task of one input ({@link #chunksize()} is 1).
   *
   * @param outcome what the task's future returned
   * @return the result
   * @throws TaskFailedException if the outcome says that the function failed
   */
  protected abstract R single(T outcome);

  /**
   * Unpacks the outcome of a task of a chunk ({@link #chunksize()} is more than 1).
   *
   * @param outcome what the task's future returned
   * @return the chunk's results, and its failure if the function failed
   */
  protected abstract Batch batch(T outcome);

  @Override
  public final boolean hasNext() {
    return !closed && (chunk != null || !pending.isEmpty() || deferred != null);
  }

  /**
   * Returns the next result, in input order, waiting for it if needed.
   *
   * @return the next result
   * @throws NoSuchElementException if there is none, or the iterator is closed
   * @throws TaskFailedException if the function failed on this input; the iteration ends
   * @throws FutureTimeoutException if the overall timeout passed; the iteration ends
   * @throws java.util.concurrent.CancellationException if the task was cancelled
   */
  @Override
  public final R next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    try {
      Batch c = chunk;
      if (c != null) {
        return take(c);
      }
      ManagedFuture<? extends T> f = pending.poll();
      if (f == null) {
        RuntimeException e = Objects.requireNonNull(deferred);
        deferred = null;
        throw e;
      }
      current = f;
      refill();
      T outcome = await(f);
      current = null;
      if (chunksize == 1) {
        return single(outcome);
      }
      Batch b = batch(outcome);
      chunk = b;
      chunkPos = 0;
      return take(b);
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  /** Ends the iteration and cancels the tasks not yet done. Idempotent; never blocks. */
  @Override
  public final void close() {
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

  private R take(Batch c) {
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

  private T await(ManagedFuture<? extends T> f) {
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
      if (hasMoreInput()) {
        submit();
      }
    } catch (RuntimeException e) {
      // Results already submitted stay deliverable; this failure surfaces at its own position.
      deferred = e;
    }
  }

  private void submit() {
    pending.add(submitNext());
    submittedTasks++;
  }

  /**
   * The outcome of a chunk: its first {@code count} results, in input order, then possibly the
   * failure that ended it. Immutable once handed to the iterator (the array is not copied).
   */
  public static final class Batch {
    final @Nullable Object[] values;
    final int count;
    final @Nullable Throwable failure;

    /**
     * Creates the outcome of a chunk.
     *
     * @param values the results, in input order, from index 0 (the array is used as is)
     * @param count how many of {@code values} are results, {@code 0 <= count <= values.length}
     * @param failure the failure that ended the chunk after those results, or {@code null}
     * @throws IndexOutOfBoundsException if {@code count} is out of range
     */
    public Batch(@Nullable Object[] values, int count, @Nullable Throwable failure) {
      Objects.checkFromToIndex(0, count, values.length);
      this.values = values;
      this.count = count;
      this.failure = failure;
    }
  }
}
