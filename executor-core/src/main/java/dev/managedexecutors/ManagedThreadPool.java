package dev.managedexecutors;

import dev.managedexecutors.stats.PoolStats;
import dev.managedexecutors.stats.TaskListener;
import dev.managedexecutors.stats.TaskTotals;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A thread pool with Python's {@code ThreadPoolExecutor} semantics and the controls a service
 * needs: bounded queue, rejection policies, initializer, live statistics, task listeners and safe
 * resizing. Built with {@link #builder(String)}.
 *
 * <p><b>Sizing</b> follows Python, not the JDK's surprise: a task goes to an idle worker if there
 * is one; otherwise a new worker is started while fewer than {@code maxWorkers} run; only then is
 * the task queued. (A plain {@code java.util.concurrent.ThreadPoolExecutor} with an unbounded queue
 * never grows past its core size.) When the queue is full, the {@link RejectionPolicy} decides.
 * Idle workers beyond {@code coreWorkers} end after {@code keepAlive}.
 *
 * <p><b>Shutdown.</b> {@link #shutdown(boolean, boolean)} stops accepting tasks, optionally cancels
 * those not started, and optionally waits; {@link #shutdownNow()} also cancels the futures of the
 * tasks it removes and interrupts the workers. No future is ever left pending: a rejected task's
 * future fails with the rejection, a discarded or removed one is cancelled.
 *
 * <p><b>Broken pool.</b> If the initializer throws in a worker, the pool breaks: every task still
 * queued fails with {@link BrokenExecutorException} (cause: the initializer's exception), and every
 * later submission throws it.
 *
 * <p><b>Speed.</b> Submitting a task takes no lock: one read of the pool's control word, one CAS to
 * link the task into a lock-free queue (the task is the queue's node and its own future: one object
 * per task), and, only if a worker is parked, one unpark. Idle workers spin briefly before they
 * park, so a busy pool makes no park/unpark system call, and an idle pool burns no CPU. Tasks from
 * one submitter start in the order they were submitted.
 *
 * <p>Thread-safety: all methods are safe for use by many threads. Only {@link #shutdown(boolean,
 * boolean) shutdown(true, …)}, {@link #close()}, {@link #awaitTermination}, {@code invokeAll},
 * {@code invokeAny} and submissions under the {@link RejectionPolicy#BLOCK} policy block.
 *
 * <p>Memory consistency effects: actions in a thread before submitting a task <i>happen-before</i>
 * the task runs, which happens-before its outcome is retrieved through its {@link ManagedFuture}.
 */
public final class ManagedThreadPool extends AbstractManagedExecutor
    implements ManagedExecutor, Drainable {
  // Implementation notes: see ControlWord (states, the sizing rule, orderings and locks).
  /** The queue capacity that means "unbounded". */
  public static final int UNBOUNDED = Integer.MAX_VALUE;

  /** How long {@link #shutdown(Duration, boolean)} waits for interrupted tasks to end: 500 ms. */
  public static final Duration INTERRUPT_GRACE = Duration.ofMillis(500);

  private final String name;
  private final String threadNamePrefix;
  private final boolean daemon;
  private final boolean prestart;
  private final @Nullable UnaryOperator<Runnable> taskDecorator;
  private final PoolEngine engine;

  private ManagedThreadPool(Builder b) {
    this.name = b.name;
    this.threadNamePrefix = b.threadNamePrefix == null ? b.name : b.threadNamePrefix;
    this.daemon = b.daemon;
    this.prestart = b.prestart;
    this.taskDecorator = b.taskDecorator;
    this.engine = new PoolEngine(b);
    engine.start();
    if (b.prestart) {
      engine.workers.prestart();
    }
  }

  /**
   * Starts a builder for a pool named {@code name}.
   *
   * @param name the pool's name: used in thread names, messages and metrics; not blank
   * @return a builder with Python's defaults
   * @throws NullPointerException if {@code name} is {@code null}
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * Returns Python's default maximum: {@code min(32, availableProcessors + 4)}.
   *
   * @return the default {@code maxWorkers} on this machine
   */
  public static int defaultMaxWorkers() {
    return Math.min(32, Runtime.getRuntime().availableProcessors() + 4);
  }

  // ---------------------------------------------------------------- submission

  @Override
  public String name() {
    return name;
  }

  @Override
  public <T extends @Nullable Object> ManagedFuture<T> submit(Callable<T> task) {
    Objects.requireNonNull(task, "task");
    PoolTask<T> t = newTaskFor(task);
    schedule(t);
    return t;
  }

  @Override
  // T is "@Nullable Object" here; NullAway's non-JSpecify mode (all a JDK 17 compiler allows)
  // does not read nullness from type-variable bounds.
  @SuppressWarnings("NullAway")
  public ManagedFuture<?> submit(Runnable task) {
    return submit(task, null);
  }

  @Override
  public <T extends @Nullable Object> ManagedFuture<T> submit(Runnable task, T result) {
    Objects.requireNonNull(task, "task");
    PoolTask<T> t = newTaskFor(task, result);
    schedule(t);
    return t;
  }

  /**
   * Runs {@code command} on the pool, as {@link java.util.concurrent.Executor#execute} does. A
   * failure of the command is reported to the worker thread's {@link
   * Thread.UncaughtExceptionHandler}, as with the JDK's pools, but the worker survives.
   *
   * @param command the task
   * @throws RejectedExecutionException if the task cannot be accepted
   * @throws NullPointerException if {@code command} is {@code null}, or if the pool's task
   *     decorator returned {@code null} for it (the task is then not accepted)
   */
  @Override
  public void execute(Runnable command) {
    Objects.requireNonNull(command, "command");
    if (command instanceof PoolTask<?> t && t.engine == engine && t.markScheduled()) {
      scheduleMarked(t); // a future from newTaskFor (invokeAll, invokeAny)
    } else {
      schedule(PoolTask.create(engine, command, PoolTask.EXECUTE, taskDecorator));
    }
  }

  @Override
  protected <T extends @Nullable Object> PoolTask<T> newTaskFor(Callable<T> callable) {
    return PoolTask.create(engine, callable, PoolTask.CALL, taskDecorator);
  }

  @Override
  protected <T extends @Nullable Object> PoolTask<T> newTaskFor(Runnable runnable, T value) {
    return value == null
        ? PoolTask.create(engine, runnable, PoolTask.RUN, taskDecorator)
        : PoolTask.create(
            engine, Executors.callable(runnable, value), PoolTask.CALL, taskDecorator);
  }

  private void schedule(PoolTask<?> t) {
    t.markFreshScheduled(); // a task just created here: nobody else can schedule it yet
    scheduleMarked(t);
  }

  private void scheduleMarked(PoolTask<?> t) {
    if (t instanceof PoolTask.Stamped<?> s && s.stamps()) {
      s.submitNanos = System.nanoTime(); // the submitter's one clock read, only when needed
    }
    engine.schedule(t);
  }

  /**
   * Adds a listener for this pool's task events (see {@link TaskListener}). Takes effect for tasks
   * that start from now on; a task gets both its started and finished events or neither.
   *
   * @param listener the listener
   * @throws NullPointerException if {@code listener} is {@code null}
   */
  public void addTaskListener(TaskListener listener) {
    engine.listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Removes a listener added earlier; does nothing if it is not there.
   *
   * @param listener the listener
   */
  public void removeTaskListener(TaskListener listener) {
    engine.listeners.remove(listener);
  }

  @Override
  public void shutdown() {
    shutdown(false, false);
  }

  @Override
  public void shutdown(boolean wait, boolean cancelFutures) {
    if (wait) {
      engine.workers.refuseWaitFromOwnWorker("shutdown(wait=true)");
    }
    engine.shutdown(cancelFutures);
    if (wait) {
      Worker.awaitTerminationAndThreads(engine, engine.workers.snapshot());
    }
  }

  /**
   * Shuts the pool down gracefully and says what happened to its tasks: stops accepting tasks
   * (cancelling those not started if {@code cancelPending}), waits up to {@code awaitTermination}
   * for the others to end, then cancels what never started and interrupts what still runs ({@link
   * #shutdownNow()}), and waits up to {@link #INTERRUPT_GRACE} for the interrupted tasks. No future
   * is left pending, except that of a task that ignores its interrupt.
   *
   * <p>Blocks for at most about {@code awaitTermination} plus {@link #INTERRUPT_GRACE}. If the
   * calling thread is interrupted, the current wait ends early and the interrupt status is kept.
   * Calling it on a pool already shut down drains what is left and reports on that.
   *
   * <p>Memory consistency effects: the actions of every task that completed happen-before this
   * method returns a report that counts it.
   *
   * @param awaitTermination how long to wait for the tasks before interrupting; zero or positive
   * @param cancelPending whether to cancel the queued tasks at once instead of letting them run
   * @return what the shutdown did
   * @throws NullPointerException if {@code awaitTermination} is {@code null}
   * @throws InvalidSettingException if {@code awaitTermination} is negative
   * @throws IllegalStateException if called from one of this pool's workers, which would wait for
   *     itself
   */
  @Override
  public ShutdownReport shutdown(Duration awaitTermination, boolean cancelPending) {
    PoolSettings.checkNotNegative(InvalidSettingException.AWAIT_TERMINATION, awaitTermination);
    return Drain.drain(this, engine, awaitTermination, cancelPending);
  }

  /**
   * Stops accepting tasks, removes the tasks that have not started and cancels their futures (their
   * callbacks run), and interrupts the workers. Does not wait.
   *
   * @return the removed tasks (each is its {@link ManagedFuture}, now cancelled)
   */
  @Override
  public List<Runnable> shutdownNow() {
    return new ArrayList<>(engine.shutdownNow());
  }

  @Override
  public boolean isShutdown() {
    return engine.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return engine.isTerminated();
  }

  /**
   * Blocks until every task has ended after a shutdown, the timeout passes, or the thread is
   * interrupted, whichever comes first.
   *
   * @param timeout how long to wait at most
   * @param unit the unit of {@code timeout}
   * @return {@code true} if the pool terminated, {@code false} if the timeout passed first
   * @throws InterruptedException if interrupted while waiting
   */
  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return engine.awaitTermination(timeout, unit);
  }

  // ---------------------------------------------------------------- sizes and statistics

  /**
   * Changes the core and maximum number of workers and the queue capacity, safely while tasks run
   * and arrive. Nothing accepted is lost: shrinking the queue below its depth only refuses new
   * tasks until it drains; shrinking the pool lets surplus workers end when idle. Growing {@code
   * maxWorkers} while tasks are queued starts workers for them at once (the Python rule). A pool
   * that is shut down cannot be resized.
   *
   * <p>Thread-safety: safe to call from any thread, concurrently with submissions and other resizes
   * (resizes are serialized). A resize that races a shutdown may still be applied; it then only
   * changes how the tasks already accepted drain.
   *
   * @param coreWorkers workers kept even when idle, {@code 0 <= coreWorkers <= maxWorkers}
   * @param maxWorkers workers at most, 1 or more
   * @param queueCapacity queued tasks at most, 0 or more ({@link #UNBOUNDED} for no limit)
   * @throws IllegalArgumentException if a value is out of range; the pool is then unchanged
   * @throws IllegalStateException if the pool is shut down (or broken); the message names the pool,
   *     and the pool is unchanged
   */
  public void resize(int coreWorkers, int maxWorkers, int queueCapacity) {
    reconfigure()
        .coreWorkers(coreWorkers)
        .maxWorkers(maxWorkers)
        .queueCapacity(queueCapacity)
        .apply();
  }

  /**
   * Starts a set of changes to this pool's live settings (sizes, keep-alive, rejection policy and
   * block timeout), checked as a whole and applied all at once, or not at all, by {@link
   * PoolReconfiguration#apply()}. Nothing accepted is lost. Thread-safety: see {@link
   * PoolReconfiguration}.
   *
   * @return an empty set of changes to this pool
   */
  public PoolReconfiguration reconfigure() {
    return new PoolReconfiguration(engine);
  }

  /**
   * Returns the configured core size.
   *
   * @return workers kept even when idle
   */
  public int coreWorkers() {
    return engine.core;
  }

  /**
   * Returns the configured maximum size.
   *
   * @return workers at most
   */
  public int maxWorkers() {
    return engine.max;
  }

  /**
   * Returns the queue capacity.
   *
   * @return queued tasks at most; {@link #UNBOUNDED} for no limit, 0 for direct hand-off
   */
  public int queueCapacity() {
    return engine.capacity;
  }

  /**
   * Returns the number of tasks waiting in the queue now. Cheap; never blocks.
   *
   * @return the queue depth
   */
  public int queueDepth() {
    return engine.queue.depth();
  }

  /**
   * Returns the number of workers running a task now. Cheap; never blocks.
   *
   * @return the active workers
   */
  public int activeWorkers() {
    return engine.counters.active();
  }

  /**
   * Returns the number of worker threads alive now. Cheap; never blocks.
   *
   * @return the pool size
   */
  public int poolSize() {
    return engine.liveWorkers();
  }

  /**
   * Returns the keep-alive of idle workers beyond the core size.
   *
   * @return the keep-alive
   */
  public Duration keepAlive() {
    return engine.workers.keepAlive();
  }

  /**
   * Returns the prefix of worker thread names ({@code <prefix>-<n>}).
   *
   * @return the thread name prefix
   */
  public String threadNamePrefix() {
    return threadNamePrefix;
  }

  /**
   * Returns whether workers are daemon threads.
   *
   * @return {@code true} for daemon workers (always the case for virtual threads)
   */
  public boolean daemon() {
    return daemon || engine.workers.virtualThreads;
  }

  /**
   * Returns how long {@link RejectionPolicy#BLOCK} waits for room.
   *
   * @return the block timeout
   */
  public Duration blockTimeout() {
    return engine.saturation.blockTimeout();
  }

  /**
   * Returns whether the core workers were started when the pool was built.
   *
   * @return {@code true} if the pool was built with {@code prestart(true)}
   */
  public boolean prestart() {
    return prestart;
  }

  /**
   * Returns whether workers are virtual threads.
   *
   * @return {@code true} if tasks run on virtual threads
   */
  public boolean virtualThreads() {
    return engine.workers.virtualThreads;
  }

  /**
   * Returns the rejection policy.
   *
   * @return the policy applied when the pool is saturated
   */
  public RejectionPolicy rejection() {
    return engine.saturation.policy();
  }

  /**
   * Returns a snapshot of the live statistics. Cheap: reads counters, takes no lock, never blocks.
   *
   * @return the statistics now
   */
  public PoolStats stats() {
    return engine.stats();
  }

  /** How many worker counter slots the pool holds, the shared one included; for tests. */
  int workerSlotCount() {
    return engine.counters.slotCount();
  }

  /**
   * Returns the running totals of the tasks this pool ran, summed over its workers on each read:
   * tasks run by the workers and, once {@link TaskTotals#startTiming()} was called, the counts and
   * sums of the times queued and running. Cheap to keep: each worker writes only its own counters.
   *
   * @return a live view of the totals
   */
  public TaskTotals taskTotals() {
    return engine.counters;
  }

  /**
   * Describes the pool and its statistics; never blocks.
   *
   * @return the description
   */
  @Override
  public String toString() {
    return engine.describe();
  }

  /**
   * Builds a {@link ManagedThreadPool}. Each setter checks its argument at once and throws {@link
   * IllegalArgumentException} naming the setting and the value; {@link #build()} checks the
   * settings against each other. Not thread-safe; a builder can build several pools.
   */
  public static final class Builder extends PoolSettings {
    private Builder(String name) {
      super(name);
    }

    @Override
    Builder self() {
      return this;
    }

    /**
     * Builds the pool. Workers start on demand (or now, with {@link #prestart}).
     *
     * @return a new pool
     * @throws IllegalArgumentException if {@code coreWorkers > maxWorkers}
     */
    public ManagedThreadPool build() {
      checkSizes(coreWorkers, maxWorkers);
      return new ManagedThreadPool(this);
    }
  }
}
