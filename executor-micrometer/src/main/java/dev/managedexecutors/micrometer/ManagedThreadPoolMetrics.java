package dev.managedexecutors.micrometer;

import dev.managedexecutors.ManagedThreadPool;
import dev.managedexecutors.stats.PoolStats;
import dev.managedexecutors.stats.TaskListener;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Binds the meters of one {@link ManagedThreadPool}, tagged {@code name=<pool name>}, under the
 * names, types, base units and descriptions of Micrometer's own executor metrics, so that existing
 * dashboards work:
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>base unit</th><th>value</th></tr>
 *   <tr><td>{@code executor.queued}</td><td>gauge</td><td>tasks</td><td>tasks in the queue</td></tr>
 *   <tr><td>{@code executor.queue.remaining}</td><td>gauge</td><td>tasks</td>
 *       <td>room left in the queue</td></tr>
 *   <tr><td>{@code executor.active}</td><td>gauge</td><td>threads</td>
 *       <td>workers running a task</td></tr>
 *   <tr><td>{@code executor.pool.size}</td><td>gauge</td><td>threads</td>
 *       <td>workers alive</td></tr>
 *   <tr><td>{@code executor.pool.core}</td><td>gauge</td><td>threads</td><td>core size</td></tr>
 *   <tr><td>{@code executor.pool.max}</td><td>gauge</td><td>threads</td><td>maximum size</td></tr>
 *   <tr><td>{@code executor.completed}</td><td>function counter</td><td>tasks</td>
 *       <td>tasks that ran to the end, normally or by throwing</td></tr>
 *   <tr><td>{@code executor.rejected}</td><td>function counter</td><td>tasks</td>
 *       <td>tasks refused, or discarded from the queue</td></tr>
 *   <tr><td>{@code executor.idle}</td><td>timer</td><td></td>
 *       <td>time from submission to start</td></tr>
 *   <tr><td>{@code executor}</td><td>timer</td><td></td><td>time running</td></tr>
 * </table>
 *
 * <p>Micrometer's {@code ExecutorServiceMetrics} cannot be reused: it meters a raw {@code
 * ThreadPoolExecutor} only (any other type gets no meters), and its timers need the executor to be
 * wrapped. The gauges here read the pool's cheap getters and statistics; the timers are fed by a
 * {@link TaskListener}. The timers are recorded for tasks submitted after {@link #bindTo}.
 *
 * <p>The meters are removed from every registry they were bound to when the pool terminates, or
 * when this binder is {@linkplain #close() closed}, whichever comes first; binding after that
 * registers nothing.
 *
 * <p>Thread-safety: safe for use by many threads.
 */
public final class ManagedThreadPoolMetrics implements MeterBinder, AutoCloseable {
  /*
   * Implementation notes. `bindings` holds, per registry bound, the meters registered and the
   * listener added to the pool. It is guarded by `this`, as is `released`, which turns true once,
   * on pool termination or close(); after that nothing is registered. If termination races with
   * bindTo(), either bindTo() sees `released` (or the pool terminated) and registers nothing, or
   * release() runs after it and removes what it registered.
   *
   * No pool method that takes a lock is called while holding `this`: the pool calls
   * poolTerminated() while holding its engine's main lock, and resize() takes the pool's listener
   * lock and then the main lock, so adding or removing a listener under `this` could close a
   * cycle. Listeners are therefore added and removed outside `this`; a released listener is
   * switched off first (`active`), so one that lingers for a moment records nothing.
   */

  private final ManagedThreadPool pool;
  private final Tags tags;
  private final List<Binding> bindings = new ArrayList<>();
  private boolean released;

  /**
   * Creates a binder for {@code pool}. Nothing is registered until {@link #bindTo}.
   *
   * @param pool the pool to meter
   * @param tags tags to add to every meter, besides {@code name=<pool name>}
   * @throws NullPointerException if an argument is {@code null}
   */
  public ManagedThreadPoolMetrics(ManagedThreadPool pool, Iterable<Tag> tags) {
    this.pool = Objects.requireNonNull(pool, "pool");
    this.tags = Tags.concat(Objects.requireNonNull(tags, "tags"), "name", pool.name());
  }

  /**
   * Registers the meters with {@code registry} and starts timing the pool's tasks. Does nothing if
   * the pool has terminated or this binder is closed.
   *
   * @param registry the registry
   */
  @Override
  public void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    TimingListener listener;
    synchronized (this) {
      if (released || pool.isTerminated()) {
        return;
      }
      List<Meter> meters = new ArrayList<>();
      meters.add(
          gauge(
              registry,
              "executor.queued",
              "The approximate number of tasks that are queued for execution",
              BaseUnits.TASKS,
              ManagedThreadPool::queueDepth));
      meters.add(
          gauge(
              registry,
              "executor.queue.remaining",
              "The number of additional elements that this queue can ideally accept without blocking",
              BaseUnits.TASKS,
              p -> p.stats().queueRemaining()));
      meters.add(
          gauge(
              registry,
              "executor.active",
              "The approximate number of threads that are actively executing tasks",
              BaseUnits.THREADS,
              ManagedThreadPool::activeWorkers));
      meters.add(
          gauge(
              registry,
              "executor.pool.size",
              "The current number of threads in the pool",
              BaseUnits.THREADS,
              ManagedThreadPool::poolSize));
      meters.add(
          gauge(
              registry,
              "executor.pool.core",
              "The core number of threads for the pool",
              BaseUnits.THREADS,
              ManagedThreadPool::coreWorkers));
      meters.add(
          gauge(
              registry,
              "executor.pool.max",
              "The maximum allowed number of threads in the pool",
              BaseUnits.THREADS,
              ManagedThreadPool::maxWorkers));
      meters.add(
          FunctionCounter.builder("executor.completed", pool, p -> ran(p.stats()))
              .tags(tags)
              .description("The approximate total number of tasks that have completed execution")
              .baseUnit(BaseUnits.TASKS)
              .register(registry));
      meters.add(
          FunctionCounter.builder("executor.rejected", pool, p -> p.stats().rejected())
              .tags(tags)
              .description(
                  "The total number of tasks that the executor refused or discarded from its queue")
              .baseUnit(BaseUnits.TASKS)
              .register(registry));
      // Same names and tags as the timers of Micrometer's ExecutorServiceMetrics.monitor().
      Timer idle = Timer.builder("executor.idle").tags(tags).register(registry);
      Timer execution = Timer.builder("executor").tags(tags).register(registry);
      meters.add(idle);
      meters.add(execution);
      listener = new TimingListener(idle, execution);
      bindings.add(new Binding(registry, meters, listener));
    }
    pool.addTaskListener(listener);
    if (!listener.active) {
      pool.removeTaskListener(listener); // released meanwhile
    }
  }

  /**
   * Removes every meter registered by this binder and stops timing the pool's tasks. Idempotent.
   */
  @Override
  public void close() {
    for (TimingListener l : release()) {
      pool.removeTaskListener(l);
    }
  }

  /** Removes the meters and switches the listeners off; returns them, to be removed unlocked. */
  private synchronized List<TimingListener> release() {
    released = true;
    List<TimingListener> listeners = new ArrayList<>();
    for (Binding b : bindings) {
      b.listener().active = false;
      listeners.add(b.listener());
      for (Meter m : b.meters()) {
        b.registry().remove(m);
      }
    }
    bindings.clear();
    return listeners;
  }

  private Gauge gauge(
      MeterRegistry registry,
      String name,
      String description,
      String baseUnit,
      java.util.function.ToDoubleFunction<ManagedThreadPool> value) {
    return Gauge.builder(name, pool, value)
        .tags(tags)
        .description(description)
        .baseUnit(baseUnit)
        .register(registry);
  }

  /**
   * Tasks that ran to the end, normally or by throwing: what a ThreadPoolExecutor calls completed.
   */
  private static double ran(PoolStats s) {
    return (double) s.completed() + s.failed();
  }

  private record Binding(MeterRegistry registry, List<Meter> meters, TimingListener listener) {}

  /** Records the timers, and releases the meters when the pool terminates. */
  private final class TimingListener implements TaskListener {
    private final Timer idle;
    private final Timer execution;
    volatile boolean active = true;

    TimingListener(Timer idle, Timer execution) {
      this.idle = idle;
      this.execution = execution;
    }

    @Override
    public void taskStarted(long queuedNanos) {
      // A task submitted while the pool had no listener has no known queued time (-1).
      if (active && queuedNanos >= 0) {
        idle.record(queuedNanos, TimeUnit.NANOSECONDS);
      }
    }

    @Override
    public void taskFinished(long queuedNanos, long runNanos, @Nullable Throwable failure) {
      if (active) {
        execution.record(runNanos, TimeUnit.NANOSECONDS);
      }
    }

    @Override
    public void poolTerminated() {
      release(); // the pool is gone: no need to remove the listeners from it
    }
  }
}
