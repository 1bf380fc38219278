package dev.managedexecutors.autoconfigure;

import dev.managedexecutors.ManagedExecutor;
import dev.managedexecutors.ManagedFuture;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.springframework.scheduling.concurrent.ConcurrentTaskExecutor;

/**
 * Spring's {@code AsyncTaskExecutor} over a {@link ManagedExecutor}, whose every route ties the
 * caller's future to the pool's {@link ManagedFuture}: when the pool drops a task (shutdown with
 * {@code cancel-pending}, or at the end of its await-termination), the caller's future is cancelled
 * rather than left pending.
 *
 * <ul>
 *   <li>{@code submit}: the pool's own future, as {@link ConcurrentTaskExecutor} already returns.
 *   <li>{@code submitCompletable}: Spring's default wraps the task in {@code
 *       CompletableFuture.supplyAsync(task, this)}, whose future nothing completes once the pool
 *       drops the wrapping task. Here the {@code CompletableFuture} completes with the pool's
 *       future (same result, same exception, or cancelled); cancelling it cancels the task if it
 *       has not started (without interrupting it: {@code CompletableFuture.cancel} has no such
 *       option).
 *   <li>{@code execute} of a task that is itself a {@link Future} (a {@code FutureTask}, say): the
 *       task is cancelled if the pool drops it. A {@code CompletableFuture}'s own internal task
 *       ({@code supplyAsync(…, executor)}) cannot be completed by anyone but itself, so {@code
 *       submitCompletable} is the route for {@code CompletableFuture}s.
 * </ul>
 *
 * <p>Thread-safety: safe for use by many threads, as the pool is. Never blocks, except as the pool
 * itself does when it is saturated with {@code rejection: block}.
 */
final class ManagedExecutorTaskExecutor extends ConcurrentTaskExecutor {
  private final ManagedExecutor pool;

  ManagedExecutorTaskExecutor(ManagedExecutor pool) {
    super(pool);
    this.pool = pool;
  }

  @Override
  public void execute(Runnable task) {
    if (task instanceof Future<?> future) {
      // A Future's run() reports its failures to the future itself, so submit loses nothing that
      // execute would report to the uncaught-exception handler.
      pool.submit(task)
          .addDoneCallback(
              f -> {
                if (f.cancelled()) {
                  future.cancel(false);
                }
              });
    } else {
      super.execute(task);
    }
  }

  @Override
  public CompletableFuture<Void> submitCompletable(Runnable task) {
    return completable(pool.submit(Executors.callable(task, (Void) null)));
  }

  @Override
  public <T> CompletableFuture<T> submitCompletable(Callable<T> task) {
    return completable(pool.submit(task));
  }

  private static <T> CompletableFuture<T> completable(ManagedFuture<T> future) {
    CompletableFuture<T> completable = future.toCompletableFuture();
    // The stage returned completes as soon as completable does; nothing to observe on it.
    CompletableFuture<T> unused =
        completable.whenComplete(
            (result, failure) -> {
              if (completable.isCancelled()) {
                future.cancel();
              }
            });
    return completable;
  }
}
