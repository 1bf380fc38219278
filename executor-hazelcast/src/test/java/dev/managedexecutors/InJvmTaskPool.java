package dev.managedexecutors;

import dev.managedexecutors.hazelcast.DistributedPool;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The contract suite's view of a {@link DistributedPool} whose members run in this JVM: each task
 * (and map function) the suite writes as a lambda over local state (latches, counters) is replaced
 * by a small serializable handle that names it, and the member that runs the handle finds the
 * lambda by that name. Everything else goes to the pool unchanged and comes back unchanged: its
 * futures, its map iterator, its shutdown and statistics. So the tasks still cross Hazelcast's
 * serialization, routing, member execution and result path; only their captured state stays in this
 * JVM, which is why this works with embedded members only. A {@code null} is passed on as is, so
 * that the pool's own argument checks are what the suite sees.
 */
final class InJvmTaskPool implements ManagedExecutor {
  private static final ConcurrentHashMap<Long, Object> TASKS = new ConcurrentHashMap<>();
  private static final AtomicLong IDS = new AtomicLong();

  private final DistributedPool pool;

  InJvmTaskPool(DistributedPool pool) {
    this.pool = pool;
  }

  DistributedPool pool() {
    return pool;
  }

  private static long register(Object task) {
    long id = IDS.incrementAndGet();
    TASKS.put(id, task);
    return id;
  }

  @SuppressWarnings("unchecked")
  private static <X> X lookUp(long id) {
    return (X) TASKS.get(id);
  }

  static <T> Callable<T> handle(Callable<T> task) {
    return task == null ? null : new CallableHandle<>(register(task));
  }

  static Runnable handle(Runnable task) {
    return task == null ? null : new RunnableHandle(register(task));
  }

  record CallableHandle<T>(long id) implements Callable<T>, Serializable {
    @Override
    public T call() throws Exception {
      return InJvmTaskPool.<Callable<T>>lookUp(id).call();
    }
  }

  record RunnableHandle(long id) implements Runnable, Serializable {
    @Override
    public void run() {
      InJvmTaskPool.<Runnable>lookUp(id).run();
    }
  }

  record FunctionHandle<T, R>(long id) implements Function<T, R>, Serializable {
    @Override
    public R apply(T t) {
      return InJvmTaskPool.<Function<T, R>>lookUp(id).apply(t);
    }
  }

  record BiFunctionHandle<A, B, R>(long id) implements BiFunction<A, B, R>, Serializable {
    @Override
    public R apply(A a, B b) {
      return InJvmTaskPool.<BiFunction<A, B, R>>lookUp(id).apply(a, b);
    }
  }

  @Override
  public String name() {
    return pool.name();
  }

  @Override
  public <T> ManagedFuture<T> submit(Callable<T> task) {
    return pool.submit(handle(task));
  }

  @Override
  public ManagedFuture<?> submit(Runnable task) {
    return pool.submit(handle(task));
  }

  @Override
  public <T> ManagedFuture<T> submit(Runnable task, T result) {
    return pool.submit(handle(task), result);
  }

  @Override
  public void execute(Runnable command) {
    pool.execute(handle(command));
  }

  @Override
  public <T, R> CloseableIterator<R> map(
      Function<? super T, ? extends R> fn, Iterable<? extends T> items, MapOptions options) {
    Function<T, R> f = fn == null ? null : new FunctionHandle<>(register(fn));
    return pool.map(f, items, options);
  }

  @Override
  public <A, B, R> CloseableIterator<R> map(
      BiFunction<? super A, ? super B, ? extends R> fn,
      Iterable<? extends A> first,
      Iterable<? extends B> second,
      MapOptions options) {
    BiFunction<A, B, R> f = fn == null ? null : new BiFunctionHandle<>(register(fn));
    return pool.map(f, first, second, options);
  }

  private static <T> List<Callable<T>> handles(Collection<? extends Callable<T>> tasks) {
    if (tasks == null) {
      return null;
    }
    List<Callable<T>> handles = new ArrayList<>();
    for (Callable<T> t : tasks) {
      handles.add(handle(t));
    }
    return handles;
  }

  @Override
  public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks)
      throws InterruptedException {
    return pool.invokeAll(handles(tasks));
  }

  @Override
  public <T> List<Future<T>> invokeAll(
      Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException {
    return pool.invokeAll(handles(tasks), timeout, unit);
  }

  @Override
  public <T> T invokeAny(Collection<? extends Callable<T>> tasks)
      throws InterruptedException, ExecutionException {
    return pool.invokeAny(handles(tasks));
  }

  @Override
  public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    return pool.invokeAny(handles(tasks), timeout, unit);
  }

  @Override
  public void shutdown(boolean wait, boolean cancelFutures) {
    pool.shutdown(wait, cancelFutures);
  }

  @Override
  public void shutdown() {
    pool.shutdown();
  }

  @Override
  public List<Runnable> shutdownNow() {
    return pool.shutdownNow();
  }

  @Override
  public boolean isShutdown() {
    return pool.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return pool.isTerminated();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return pool.awaitTermination(timeout, unit);
  }
}
