package dev.managedexecutors;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Options of {@link ManagedExecutor#map}: Python's {@code timeout}, {@code chunksize} and {@code
 * buffersize}. Immutable; each {@code with…} method returns a new instance and validates its
 * argument at once, so a bad value fails where it is written.
 *
 * <pre>{@code
 * MapOptions.defaults().withTimeout(Duration.ofSeconds(5)).withChunksize(64).withBuffersize(8)
 * }</pre>
 */
public final class MapOptions {
  private static final MapOptions DEFAULTS = new MapOptions(null, 1, 0);

  private final @Nullable Duration timeout;
  private final int chunksize;
  private final int buffersize;

  private MapOptions(@Nullable Duration timeout, int chunksize, int buffersize) {
    this.timeout = timeout;
    this.chunksize = chunksize;
    this.buffersize = buffersize;
  }

  /**
   * Returns the defaults: no timeout, {@code chunksize} 1, no {@code buffersize} (all items read
   * and submitted at the call).
   *
   * @return the default options
   */
  public static MapOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Returns these options with a timeout, measured from the moment {@code map} is called: taking a
   * result after the deadline, while it is not ready, throws {@link FutureTimeoutException}.
   *
   * @param timeout the time allowed for the whole map, zero or more; {@code null} for none
   * @return new options
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public MapOptions withTimeout(@Nullable Duration timeout) {
    if (timeout != null && timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must be zero or positive, was " + timeout);
    }
    return new MapOptions(timeout, chunksize, buffersize);
  }

  /**
   * Returns these options with a chunk size: up to {@code chunksize} consecutive items are run by
   * one task, which saves hand-offs for tiny functions. Each item's result and failure stay its
   * own.
   *
   * @param chunksize items per task, 1 or more
   * @return new options
   * @throws IllegalArgumentException if {@code chunksize < 1}
   */
  public MapOptions withChunksize(int chunksize) {
    if (chunksize < 1) {
      throw new IllegalArgumentException("chunksize must be >= 1, was " + chunksize);
    }
    return new MapOptions(timeout, chunksize, buffersize);
  }

  /**
   * Returns these options with a buffer size: at most {@code buffersize} submitted tasks (chunks)
   * are outstanding whose results have not been taken, and items are read lazily, so that {@code
   * map} works on an infinite {@link Iterable}.
   *
   * @param buffersize tasks outstanding at most, 1 or more
   * @return new options
   * @throws IllegalArgumentException if {@code buffersize < 1}
   */
  public MapOptions withBuffersize(int buffersize) {
    if (buffersize < 1) {
      throw new IllegalArgumentException("buffersize must be >= 1, was " + buffersize);
    }
    return new MapOptions(timeout, chunksize, buffersize);
  }

  /**
   * Returns the timeout.
   *
   * @return the timeout, or {@code null} for none
   */
  public @Nullable Duration timeout() {
    return timeout;
  }

  /**
   * Returns the chunk size.
   *
   * @return items per task, at least 1
   */
  public int chunksize() {
    return chunksize;
  }

  /**
   * Returns the buffer size.
   *
   * @return tasks outstanding at most, or 0 when not buffered
   */
  public int buffersize() {
    return buffersize;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof MapOptions other
        && Objects.equals(timeout, other.timeout)
        && chunksize == other.chunksize
        && buffersize == other.buffersize;
  }

  @Override
  public int hashCode() {
    return Objects.hash(timeout, chunksize, buffersize);
  }

  @Override
  public String toString() {
    return "MapOptions[timeout="
        + timeout
        + ", chunksize="
        + chunksize
        + ", buffersize="
        + (buffersize == 0 ? "none" : buffersize)
        + "]";
  }
}
