package dev.managedexecutors.benchmarks;

import java.util.concurrent.CountDownLatch;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The done-callback of the fan-out benchmark: one object attached {@link #callbacks()} times to one
 * future, which counts down each time it is called. It is a {@link Consumer} (for {@code
 * ManagedFuture.addDoneCallback} and {@code FutureTask.done()}) and a {@link BiConsumer} (for
 * {@code CompletableFuture.whenComplete}), so no adapter allocates a wrapper per callback.
 *
 * <p>Thread-safe: callbacks may run in the worker and in the thread that adds them at once.
 */
public final class Fanout
    implements Consumer<Object>, BiConsumer<@Nullable Object, @Nullable Throwable> {
  private final int callbacks;
  private final CountDownLatch remaining;

  /**
   * Creates a fan-out of {@code callbacks} callbacks.
   *
   * @param callbacks how many times to attach this callback to the future
   */
  public Fanout(int callbacks) {
    this.callbacks = callbacks;
    this.remaining = new CountDownLatch(callbacks);
  }

  /**
   * Returns how many times the adapter attaches this callback.
   *
   * @return the number of callbacks
   */
  public int callbacks() {
    return callbacks;
  }

  /**
   * One callback ran (single-argument form).
   *
   * @param future the completed future (unused)
   */
  @Override
  public void accept(Object future) {
    remaining.countDown();
  }

  /**
   * One callback ran ({@code whenComplete} form).
   *
   * @param value the result (unused)
   * @param failure the exception (unused)
   */
  @Override
  public void accept(@Nullable Object value, @Nullable Throwable failure) {
    remaining.countDown();
  }

  /** Blocks until every callback has run. */
  public void await() {
    boolean interrupted = false;
    for (; ; ) {
      try {
        remaining.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
