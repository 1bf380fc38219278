package dev.managedexecutors;

import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * An iterator over results that arrive asynchronously, which must be closed when abandoned early,
 * as Python's generators are: returned by {@link ManagedExecutor#map} and {@link
 * Futures#asCompleted}. Use it in try-with-resources, or through {@link #stream()} (closing the
 * stream closes the iterator).
 *
 * <p>{@link #next()} may block until the next result is there, and throws the exceptions its
 * producer documents; an exception thrown by {@code next()} ends the iteration and closes it. Not
 * thread-safe: use one iterator from one thread at a time.
 *
 * @param <T> the type of the elements
 */
public interface CloseableIterator<T> extends Iterator<T>, AutoCloseable {
  /**
   * Ends the iteration: {@link #hasNext()} is {@code false} afterwards, and whatever the producer
   * still holds is released (for {@code map}, tasks not yet started are cancelled). Idempotent;
   * never blocks and never throws.
   */
  @Override
  void close();

  /**
   * Returns the remaining elements as a sequential, ordered stream; closing the stream closes this
   * iterator.
   *
   * @return a stream over the remaining elements
   */
  default Stream<T> stream() {
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED), false)
        .onClose(this::close);
  }
}
