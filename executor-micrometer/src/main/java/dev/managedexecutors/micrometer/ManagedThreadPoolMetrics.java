package dev.managedexecutors.micrometer;

import dev.managedexecutors.ManagedThreadPool;
import dev.managedexecutors.stats.TaskListener;
import dev.managedexecutors.stats.TaskTotals;
import dev.managedexecutors.stats.TimeoutKind;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
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
 *       <td>tasks the workers ran to the end, normally or by throwing: what a {@code
 *       ThreadPoolExecutor} counts (not tasks run by a submitter under {@code CALLER_RUNS}, nor
 *       tasks that failed without running because the pool broke)</td></tr>
 *   <tr><td>{@code executor.rejected}</td><td>function counter</td><td>tasks</td>
 *       <td>tasks refused, or discarded from the queue</td></tr>
 *   <tr><td>{@code executor.timeouts}</td><td>function counter, tag {@code kind=queue|run}</td>
 *       <td></td><td>tasks cancelled for waiting longer than the queue timeout, or
 *       interrupted for running longer than the run timeout; 0 without timeouts</td></tr>
 *   <tr><td>{@code executor.idle}</td><td>timer</td><td></td>
 *       <td>time from submission to start</td></tr>
 *   <tr><td>{@code executor}</td><td>timer</td><td></td><td>time running</td></tr>
 * </table>
 *
 * <p>Micrometer's {@code ExecutorServiceMetrics} cannot be reused: it meters a raw {@code
 * ThreadPoolExecutor} only (any other type gets no meters), and its timers need the executor to be
 * wrapped. The gauges here read the pool's cheap getters and statistics. The timers are recorded
 * for tasks submitted after {@link #bindTo}, and only if the binder was built with timers on.
 *
 * <p><b>Timers: the fast path and the slow path.</b> When the registry's configuration for a timer
 * asks for nothing but a count and a total (Micrometer's default: no percentile histogram, no
 * client-side percentiles, no SLO boundaries), the timer is a {@link FunctionTimer} over the pool's
 * {@link TaskTotals}: each worker counts and sums the times in counters of its own, and a scrape
 * sums them, so the busy path writes nothing shared and reads the clock about once per task on each
 * side. A {@code FunctionTimer} publishes the count and the total only: no {@code _max}. When the
 * configuration asks for more (for instance {@code
 * management.metrics.distribution.percentiles-histogram.executor=true}, which the demo and the
 * shipped dashboards use), the timer is an ordinary {@link Timer} of the registry, recorded per
 * task by a {@link TaskListener}, which costs a dispatch and the timer's own atomic updates per
 * task: Micrometer offers no meter that publishes a histogram, percentiles or a maximum kept
 * outside it. Which path a timer takes is decided when it is bound, from the registry's
 * configuration at that time (the registry's filters applied to a timer registered for the purpose,
 * removed again if the fast path is chosen).
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
   * switched off first (`active`), so one that lingers for a moment records nothing. The pool's
   * TaskTotals.stopTiming() is called under `this`: it takes only a lock of its own, held around
   * nothing else.
   */

  private final ManagedThreadPool pool;
  private final Tags tags;
  private final boolean timers;
  private final List<Binding> bindings = new ArrayList<>();
  private boolean released;

  /**
   * Creates a binder for {@code pool}, with the timers. Nothing is registered until {@link
   * #bindTo}.
   *
   * @param pool the pool to meter
   * @param tags tags to add to every meter, besides {@code name=<pool name>}
   * @throws NullPointerException if an argument is {@code null}
   */
  public ManagedThreadPoolMetrics(ManagedThreadPool pool, Iterable<Tag> tags) {
    this(pool, tags, true);
  }

  /**
   * Creates a binder for {@code pool}. Nothing is registered until {@link #bindTo}.
   *
   * @param pool the pool to meter
   * @param tags tags to add to every meter, besides {@code name=<pool name>}
   * @param timers whether to register the {@code executor} and {@code executor.idle} timers;
   *     without them the pool reads no clock for its tasks (unless a listener of its own wants
   *     times)
   * @throws NullPointerException if an argument is {@code null}
   */
  public ManagedThreadPoolMetrics(ManagedThreadPool pool, Iterable<Tag> tags, boolean timers) {
    this.pool = Objects.requireNonNull(pool, "pool");
    this.tags = Tags.concat(Objects.requireNonNull(tags, "tags"), "name", pool.name());
    this.timers = timers;
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
          FunctionCounter.builder("executor.completed", pool.taskTotals(), TaskTotals::ranByWorkers)
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
      for (TimeoutKind kind : TimeoutKind.values()) {
        meters.add(
            FunctionCounter.builder("executor.timeouts", pool.taskTotals(), t -> t.timeouts(kind))
                .tags(tags)
                .tag("kind", kind.tagValue())
                .description(
                    "The total number of tasks that waited or ran longer than the pool's timeout")
                .register(registry)); // no base unit: executor_timeouts_total, as the dashboard
      }
      // Same names and tags as the timers of Micrometer's ExecutorServiceMetrics.monitor().
      @Nullable Timer idle = null;
      @Nullable Timer execution = null;
      int timingHolds = 0;
      if (timers) {
        Meter i =
            timer(registry, "executor.idle", TaskTotals::queuedCount, TaskTotals::queuedNanos);
        Meter e = timer(registry, "executor", TaskTotals::runCount, TaskTotals::runNanos);
        meters.add(i);
        meters.add(e);
        timingHolds = timingHolds(i, e);
        idle = i instanceof Timer t ? t : null;
        execution = e instanceof Timer t ? t : null;
      }
      listener = new TimingListener(idle, execution);
      bindings.add(new Binding(registry, meters, listener, timingHolds));
    }
    pool.addTaskListener(listener);
    if (!listener.active) {
      pool.removeTaskListener(listener); // released meanwhile
    }
  }

  /**
   * The timer {@code name}: a {@link FunctionTimer} over the pool's totals when the registry asks
   * for no more than a count and a total for it (the pool then starts timing its tasks), else a
   * {@link Timer} of the registry, to be recorded per task (see the class notes).
   */
  private Meter timer(
      MeterRegistry registry,
      String name,
      ToLongFunction<TaskTotals> count,
      ToDoubleFunction<TaskTotals> totalNanos) {
    Meter existing = registry.find(name).tags(tags).meter();
    if (existing instanceof FunctionTimer) {
      pool.taskTotals().startTiming(); // bound before; this binding holds timing on too
      return existing;
    }
    Timer probe = Timer.builder(name).tags(tags).register(registry);
    if (existing != null || needsRecording(probe.takeSnapshot())) {
      return probe;
    }
    registry.remove(probe);
    TaskTotals totals = pool.taskTotals();
    totals.startTiming(); // stopped by release(), once per FunctionTimer counted in the binding
    return FunctionTimer.builder(name, totals, count, totalNanos, TimeUnit.NANOSECONDS)
        .tags(tags)
        .register(registry);
  }

  /** How many of these meters made the pool start timing (see {@link #timer}). */
  private static int timingHolds(Meter... timers) {
    int n = 0;
    for (Meter m : timers) {
      if (m instanceof FunctionTimer) {
        n++;
      }
    }
    return n;
  }

  /** Whether a timer configured so publishes more than a count, a total and a maximum. */
  private static boolean needsRecording(HistogramSnapshot s) {
    return s.histogramCounts().length > 0 || s.percentileValues().length > 0;
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
      for (int i = 0; i < b.timingHolds(); i++) {
        pool.taskTotals().stopTiming();
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

  private record Binding(
      MeterRegistry registry, List<Meter> meters, TimingListener listener, int timingHolds) {}

  /**
   * Records the timers on the slow path (those given, not null), and releases the meters when the
   * pool terminates. Without a timer to record, it asks for no per-task events.
   */
  private final class TimingListener implements TaskListener {
    private final @Nullable Timer idle;
    private final @Nullable Timer execution;
    volatile boolean active = true;

    TimingListener(@Nullable Timer idle, @Nullable Timer execution) {
      this.idle = idle;
      this.execution = execution;
    }

    @Override
    public boolean wantsTaskEvents() {
      return idle != null || execution != null;
    }

    @Override
    public void taskStarted(long queuedNanos) {
      // A task submitted while the pool had no listener has no known queued time (-1).
      Timer t = idle;
      if (t != null && active && queuedNanos >= 0) {
        t.record(queuedNanos, TimeUnit.NANOSECONDS);
      }
    }

    @Override
    public void taskFinished(long queuedNanos, long runNanos, @Nullable Throwable failure) {
      Timer t = execution;
      if (t != null && active) {
        t.record(runNanos, TimeUnit.NANOSECONDS);
      }
    }

    @Override
    public void poolTerminated() {
      release(); // the pool is gone: no need to remove the listeners from it
    }
  }
}
