package dev.managedexecutors.hazelcast;

import dev.managedexecutors.ManagedExecutor;
import dev.managedexecutors.ManagedFuture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * {@code invokeAll} and {@code invokeAny} of a {@link DistributedPool}, built on its {@code
 * submit}: every future they submit is done or cancelled when they return.
 *
 * <p>Thread-safety: stateless; safe for use by many threads.
 */
final class Invocations {
  private Invocations() {}

  static <T extends @Nullable Object> List<Future<T>> invokeAll(
      ManagedExecutor pool, Collection<? extends Callable<T>> tasks) throws InterruptedException {
    List<Future<T>> fs = submitAll(pool, tasks);
    for (Future<T> f : fs) {
      try {
        f.get();
      } catch (ExecutionException | CancellationException e) {
        // Reported by the future itself.
      } catch (InterruptedException e) {
        cancelAll(fs);
        throw e;
      }
    }
    return fs;
  }

  static <T extends @Nullable Object> List<Future<T>> invokeAll(
      ManagedExecutor pool, Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    List<Future<T>> fs = submitAll(pool, tasks);
    try {
      for (Future<T> f : fs) {
        try {
          f.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | CancellationException e) {
          // Reported by the future itself.
        }
      }
    } catch (TimeoutException e) {
      cancelAll(fs);
    } catch (InterruptedException e) {
      cancelAll(fs);
      throw e;
    }
    return fs;
  }

  static <T extends @Nullable Object> T invokeAny(
      ManagedExecutor pool, Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    requireNoNullTask(tasks);
    if (tasks.isEmpty()) {
      throw new IllegalArgumentException("invokeAny needs at least one task");
    }
    long nanos = unit.toNanos(timeout);
    long deadline = System.nanoTime() + nanos;
    LinkedBlockingQueue<ManagedFuture<T>> doneQueue = new LinkedBlockingQueue<>();
    List<Future<T>> fs = new ArrayList<>();
    try {
      for (Callable<T> t : tasks) {
        ManagedFuture<T> f = pool.submit(t);
        fs.add(f);
        f.addDoneCallback(doneQueue::add);
      }
      Throwable last = null;
      for (int i = 0; i < fs.size(); i++) {
        long left = nanos == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
        ManagedFuture<T> f = doneQueue.poll(left, TimeUnit.NANOSECONDS);
        if (f == null) {
          throw new TimeoutException("no task of invokeAny finished in time");
        }
        if (f.cancelled()) {
          continue;
        }
        Throwable e = f.exception(Duration.ZERO);
        if (e == null) {
          return f.result(Duration.ZERO);
        }
        last = e;
      }
      throw new ExecutionException("no task of invokeAny completed normally", last);
    } finally {
      cancelAll(fs);
    }
  }

  private static <T extends @Nullable Object> List<Future<T>> submitAll(
      ManagedExecutor pool, Collection<? extends Callable<T>> tasks) {
    requireNoNullTask(tasks);
    List<Future<T>> fs = new ArrayList<>(tasks.size());
    try {
      for (Callable<T> t : tasks) {
        fs.add(pool.submit(t));
      }
    } catch (RuntimeException e) {
      cancelAll(fs);
      throw e;
    }
    return fs;
  }

  /** As the local pools do: a null task is refused, naming it, before any task is sent. */
  private static void requireNoNullTask(Collection<?> tasks) {
    int i = 0;
    for (Object task : tasks) {
      if (task == null) {
        throw new NullPointerException(
            "tasks[" + i + "] is null; no task of the " + tasks.size() + " was submitted");
      }
      i++;
    }
  }

  private static void cancelAll(List<? extends Future<?>> fs) {
    for (Future<?> f : fs) {
      f.cancel(true);
    }
  }
}
