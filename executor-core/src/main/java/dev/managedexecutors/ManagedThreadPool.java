package dev.managedexecutors;

import dev.managedexecutors.stats.PoolStats;
import dev.managedexecutors.stats.TaskListener;
import java.lang.System.Logger.Level;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A thread pool with Python's {@code ThreadPoolExecutor} semantics and the controls a service
 * needs: bounded queue, rejection policies, initializer, live statistics, task listeners and safe
 * resizing. Built with {@link #builder(String)}.
 *
 * <p><b>Sizing</b> follows Python, not the JDK's surprise: a task goes to an idle worker if there
 * is one; otherwise a new worker is started while fewer than {@code maxWorkers} run; only then is
 * the task queued. (A plain {@link ThreadPoolExecutor} with an unbounded queue never grows past its
 * core size.) When the queue is full, the {@link RejectionPolicy} decides. Idle workers beyond
 * {@code coreWorkers} end after {@code keepAlive}.
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
 * <p>Thread-safety: all methods are safe for use by many threads. Only {@link #shutdown(boolean,
 * boolean) shutdown(true, …)}, {@link #close()}, {@link #awaitTermination}, {@code invokeAll},
 * {@code invokeAny} and submissions under the {@link RejectionPolicy#BLOCK} policy block.
 *
 * <p>Memory consistency effects: actions in a thread before submitting a task <i>happen-before</i>
 * the task runs, which happens-before its outcome is retrieved through its {@link ManagedFuture}.
 */
public final class ManagedThreadPool extends AbstractExecutorService implements ManagedExecutor {
  /*
   * Implementation notes.
   *
   * Workers and their life cycle are a java.util.concurrent.ThreadPoolExecutor (`engine`), whose
   * termination logic is proven; this class decides where each task goes:
   *   1. schedule(): refuse if broken or shut down; else hand the task to a worker waiting in the
   *      queue's poll/take, if one is not yet claimed (TaskQueue.handOff); else engine.execute.
   *   2. engine.execute: below core size it starts a core worker; else TaskQueue.offer hands off
   *      to a waiting worker, or answers false while fewer than max workers live (so the engine
   *      starts one: the Python rule), or takes a counted place in the queue if there is room.
   *   3. engine's rejection handler -> saturated(): retry hand-off and queue (a worker may have
   *      become idle, or the engine hit max in a race), wait for a worker that is between tasks,
   *      then apply the RejectionPolicy.
   * The queue is a LinkedBlockingQueue, as in the JDK's own pools. (A LinkedTransferQueue would
   * hand over directly, but its timed poll and transfer can spin forever on JDK 17: JDK-8301341.)
   * TaskQueue counts the workers waiting in it and the hand-offs claimed on them, so a hand-off
   * never claims more waiting workers than there are; every path that takes a task out calls
   * TaskQueue.leave(task) once, which releases its counted place or its claim.
   * Outcome counters (completed, failed, cancelled, rejected) are bumped only in
   * PoolTask.afterDone, by the thread that made the future done, so each task lands in exactly
   * one of them whatever races to end it.
   * What a busy pool counts per task is kept off shared cache lines (issue 5's benchmarks): the
   * workers count in their own WorkerSlots (started, finished, counted places freed, tasks taken
   * that were queued uncounted, completed), and the usual submission, a place in an unbounded
   * queue or a hand-off, writes no counter at all: the queue's own size says how many such tasks
   * wait, and the workers count them as they take them (submittedCount, depth). The others are
   * counted where their scheduling ends (countSubmitted), and bounded places by a CAS, so that the
   * capacity stays exact.
   */

  private static final System.Logger LOG = System.getLogger(ManagedThreadPool.class.getName());
  private static final TaskListener[] NO_LISTENERS = new TaskListener[0];
  private static final Runnable START_WORKER = new StartWorker();
  private static final long HAND_OFF_POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(100);
  private static final long RETURNING_WORKER_PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final ThreadLocal<@Nullable ManagedThreadPool> CURRENT_POOL = new ThreadLocal<>();

  /** The queue capacity that means "unbounded". */
  public static final int UNBOUNDED = Integer.MAX_VALUE;

  private final String name;
  private final String threadNamePrefix;
  private final boolean daemon;
  private final boolean virtualThreads;
  private final boolean prestart;
  private final @Nullable Runnable initializer;
  private final RejectionPolicy rejection;
  private final boolean blocking;
  private final Duration blockTimeout;
  private final Duration keepAlive;
  private final @Nullable UnaryOperator<Runnable> taskDecorator;
  private final TaskQueue queue;
  private final Engine engine;
  private volatile int queueCapacity;
  private volatile TaskListener[] listeners;
  private final AtomicReference<@Nullable Throwable> brokenCause = new AtomicReference<>();

  // Submissions counted where they were scheduled; see submittedCount() for the others.
  private final LongAdder submittedOtherwise = new LongAdder();
  private final LongAdder completed = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder cancelled = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder callerRuns = new LongAdder();
  // Per-worker counters (see WorkerSlot): every slot ever made, the shared one first, and the
  // slots of workers that ended, for the next new workers.
  private final WorkerSlot sharedSlot = new WorkerSlot(true);
  private volatile WorkerSlot[] slots = {sharedSlot};
  private final ArrayDeque<WorkerSlot> freeSlots = new ArrayDeque<>(); // guarded by slotsLock
  private final Object slotsLock = new Object();
  private final AtomicInteger liveWorkers = new AtomicInteger();
  private final AtomicInteger largestPoolSize = new AtomicInteger();
  private final AtomicInteger threadNumber = new AtomicInteger();

  private final ReentrantLock roomLock = new ReentrantLock();
  private final Condition room = roomLock.newCondition();
  private final AtomicInteger roomSignals = new AtomicInteger();
  private final Object listenersLock = new Object();
  private final AtomicInteger blockedSubmitters = new AtomicInteger();
  private final Object resizeLock = new Object();

  private ManagedThreadPool(Builder b) {
    this.name = b.name;
    this.threadNamePrefix = b.threadNamePrefix == null ? b.name : b.threadNamePrefix;
    this.daemon = b.daemon;
    this.virtualThreads = b.virtualThreads;
    this.prestart = b.prestart;
    this.initializer = b.initializer;
    this.rejection = b.rejection;
    this.blocking = b.rejection == RejectionPolicy.BLOCK;
    this.blockTimeout = b.blockTimeout;
    this.keepAlive = b.keepAlive;
    this.taskDecorator = b.taskDecorator;
    this.queueCapacity = b.queueCapacity;
    this.listeners = b.listeners.toArray(NO_LISTENERS);
    this.queue = new TaskQueue();
    this.engine =
        new Engine(b.coreWorkers, b.maxWorkers, ManagedFuture.saturatedNanos(b.keepAlive));
    if (b.prestart) {
      engine.prestartAllCoreThreads();
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
    if (command instanceof PoolTask<?> t && t.pool == this && t.markScheduled()) {
      scheduleMarked(t); // a future from newTaskFor (invokeAll, invokeAny)
    } else {
      schedule(decorated(new PoolTask<>(this, Executors.callable(command, null), true)));
    }
  }

  /**
   * Runs every task and waits for all of them, with the JDK contract; see {@link
   * java.util.concurrent.ExecutorService#invokeAll(Collection)}. Every element is checked before
   * any task is submitted. Blocks the calling thread.
   *
   * @throws NullPointerException if {@code tasks} or any element is {@code null}; nothing was
   *     submitted then
   * @throws RejectedExecutionException if a task cannot be accepted; those already submitted are
   *     cancelled
   * @throws InterruptedException if interrupted while waiting; unfinished tasks are cancelled
   */
  @Override
  public <T extends @Nullable Object> List<java.util.concurrent.Future<T>> invokeAll(
      Collection<? extends Callable<T>> tasks) throws InterruptedException {
    return super.invokeAll(checkTasks(tasks));
  }

  /**
   * Runs every task and waits for all of them up to the timeout, with the JDK contract; see {@link
   * java.util.concurrent.ExecutorService#invokeAll(Collection, long, TimeUnit)}. Every element is
   * checked before any task is submitted. Blocks the calling thread.
   *
   * @throws NullPointerException if {@code tasks}, any element or {@code unit} is {@code null};
   *     nothing was submitted then
   * @throws RejectedExecutionException if a task cannot be accepted; those already submitted are
   *     cancelled
   * @throws InterruptedException if interrupted while waiting; unfinished tasks are cancelled
   */
  @Override
  public <T extends @Nullable Object> List<java.util.concurrent.Future<T>> invokeAll(
      Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException {
    return super.invokeAll(checkTasks(tasks), timeout, Objects.requireNonNull(unit, "unit"));
  }

  /**
   * Runs the tasks and returns the result of one that succeeded, with the JDK contract; see {@link
   * java.util.concurrent.ExecutorService#invokeAny(Collection)}. Every element is checked before
   * any task is submitted. Blocks the calling thread.
   *
   * @throws NullPointerException if {@code tasks} or any element is {@code null}; nothing was
   *     submitted then
   * @throws IllegalArgumentException if {@code tasks} is empty
   * @throws ExecutionException if no task succeeded
   * @throws RejectedExecutionException if the tasks cannot be accepted
   * @throws InterruptedException if interrupted while waiting
   */
  @Override
  public <T extends @Nullable Object> T invokeAny(Collection<? extends Callable<T>> tasks)
      throws InterruptedException, ExecutionException {
    return super.invokeAny(checkTasks(tasks));
  }

  /**
   * Runs the tasks and returns the result of one that succeeded within the timeout, with the JDK
   * contract; see {@link java.util.concurrent.ExecutorService#invokeAny(Collection, long,
   * TimeUnit)}. Every element is checked before any task is submitted. Blocks the calling thread.
   *
   * @throws NullPointerException if {@code tasks}, any element or {@code unit} is {@code null};
   *     nothing was submitted then
   * @throws IllegalArgumentException if {@code tasks} is empty
   * @throws ExecutionException if no task succeeded
   * @throws TimeoutException if no task succeeded before the timeout
   * @throws RejectedExecutionException if the tasks cannot be accepted
   * @throws InterruptedException if interrupted while waiting
   */
  @Override
  public <T extends @Nullable Object> T invokeAny(
      Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    return super.invokeAny(checkTasks(tasks), timeout, Objects.requireNonNull(unit, "unit"));
  }

  /** Checks every element first, so that a null one refuses the whole call (the JDK contract). */
  private static <C extends Collection<?>> C checkTasks(C tasks) {
    Objects.requireNonNull(tasks, "tasks");
    int i = 0;
    for (Object task : tasks) {
      if (task == null) {
        throw new NullPointerException(
            "tasks[" + i + "] is null; no task of the " + tasks.size() + " was submitted");
      }
      i++;
    }
    return tasks;
  }

  @Override
  protected <T extends @Nullable Object> PoolTask<T> newTaskFor(Callable<T> callable) {
    return decorated(new PoolTask<>(this, callable, false));
  }

  @Override
  protected <T extends @Nullable Object> PoolTask<T> newTaskFor(Runnable runnable, T value) {
    return decorated(new PoolTask<>(this, Executors.callable(runnable, value), false));
  }

  private <T extends @Nullable Object> PoolTask<T> decorated(PoolTask<T> t) {
    UnaryOperator<Runnable> d = taskDecorator;
    if (d != null) {
      t.decorate(d);
    }
    return t;
  }

  /** The outcome of a task whose decorated runnable returned without running the task's body. */
  IllegalStateException decoratorSkippedTask() {
    return new IllegalStateException(
        "taskDecorator "
            + taskDecorator
            + " of pool '"
            + name
            + "' did not run the task: the runnable it returned ended without calling the one it"
            + " was given");
  }

  private void schedule(PoolTask<?> t) {
    t.markFreshScheduled(); // a task just created here: nobody else can schedule it yet
    scheduleMarked(t);
  }

  private void scheduleMarked(PoolTask<?> t) {
    if (listeners.length > 0) {
      t.submitNanos = System.nanoTime();
    }
    RejectedExecutionException closed = refusal();
    if (closed != null) {
      throw reject(t, closed);
    }
    if (!queue.plainQueueing() && handOff(t)) {
      return; // a worker waiting for work will take it
    }
    engine.execute(t);
    countSubmitted(t); // unless queued or handed off in there: a worker started with it
  }

  /**
   * Counts a submission in {@code submitted}, once: called where its scheduling ends, by the
   * submitting thread, which alone reads and writes that the task was counted.
   */
  private void countSubmitted(PoolTask<?> t) {
    if (!t.submissionCounted()) {
      t.markSubmissionCounted();
      submittedOtherwise.increment();
    }
  }

  /** Called by the engine when it could neither queue the task nor start a worker for it. */
  private void saturated(Runnable r) {
    if (engine.isShutdown()) {
      // A worker the engine had reserved may have just been refused by the shutdown, after
      // another submission queued a task counting on it: queued work must still find a worker.
      ensureWorkerForQueue();
    }
    if (!(r instanceof PoolTask<?> t)) {
      return; // START_WORKER: the engine is at its maximum or shut down; see above
    }
    queue.leave(t); // the engine removes a task it queued when shutdown raced the submission
    RejectedExecutionException closed = refusal();
    if (closed != null) {
      throw reject(t, closed);
    }
    if (handOffOrQueue(t) || handOffToReturningWorker(t)) {
      return;
    }
    switch (rejection) {
      case CALLER_RUNS -> {
        countSubmitted(t);
        callerRuns.increment();
        t.run();
      }
      case BLOCK -> blockForRoom(t);
      case DISCARD_OLDEST -> discardOldestFor(t);
      default -> throw reject(t, saturation());
    }
  }

  private void blockForRoom(PoolTask<?> t) {
    // roomLock is held only while waiting, never around calls into the engine: the engine calls
    // terminated() (which signals the room) under its own main lock, so holding roomLock while
    // asking the engine anything could deadlock. roomSignals tells a signal that came between
    // the failed attempt and the wait.
    long deadline = System.nanoTime() + ManagedFuture.saturatedNanos(blockTimeout);
    blockedSubmitters.incrementAndGet();
    try {
      for (; ; ) {
        int signalsSeen = roomSignals.get();
        RejectedExecutionException closed = refusal();
        if (closed != null) {
          throw reject(t, closed);
        }
        if (handOffOrQueue(t)) {
          return;
        }
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0L) {
          throw reject(
              t,
              new RejectedExecutionException(
                  saturation().getMessage()
                      + "; no room within block-timeout "
                      + FutureTimeoutException.describe(blockTimeout)));
        }
        if (queueCapacity == 0) {
          // Direct hand-off: there is no queue place to be signalled about; look again shortly
          // for a worker waiting for work.
          LockSupport.parkNanos(this, Math.min(remaining, HAND_OFF_POLL_NANOS));
          if (Thread.interrupted()) {
            throw new InterruptedException();
          }
        } else {
          roomLock.lock();
          try {
            if (roomSignals.get() == signalsSeen) {
              room.awaitNanos(remaining);
            }
          } finally {
            roomLock.unlock();
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw reject(
          t,
          new RejectedExecutionException(
              "interrupted while waiting for room in pool '" + name + "'", e));
    } finally {
      blockedSubmitters.decrementAndGet();
    }
  }

  private void discardOldestFor(PoolTask<?> t) {
    for (; ; ) {
      Runnable oldest = queue.poll();
      if (oldest == null) {
        throw reject(t, saturation()); // direct hand-off: nothing queued to discard
      }
      if (oldest instanceof PoolTask<?> old) {
        queue.leave(old);
        old.disposition = PoolTask.DISCARDED; // counted as rejected if this cancel is the one
        old.tryCancel();
      }
      if (handOffOrQueue(t)) {
        return;
      }
    }
  }

  /**
   * A worker that has just finished a task (its future may already be done, so its submitter may
   * already be submitting again) is idle but not yet back at the queue. Wait for it rather than
   * call the pool saturated, as long as some worker is between tasks (bounded): the Python rule
   * reuses an idle worker first.
   */
  private boolean handOffToReturningWorker(PoolTask<?> t) {
    long deadline = System.nanoTime() + RETURNING_WORKER_PATIENCE_NANOS;
    while (activeCount() < liveWorkers.get() && !engine.isShutdown()) {
      if (handOff(t)) {
        return true;
      }
      if (System.nanoTime() - deadline > 0 || Thread.currentThread().isInterrupted()) {
        return false;
      }
      LockSupport.parkNanos(this, HAND_OFF_POLL_NANOS);
    }
    return false;
  }

  /** Hands the task to a worker waiting for work, if one is not claimed yet; see afterQueued. */
  private boolean handOff(PoolTask<?> t) {
    if (!queue.handOff(t)) {
      return false;
    }
    afterQueued(t, false);
    return true;
  }

  /** Hands the task to a waiting worker, or queues it in a counted place if there is room. */
  private boolean handOffOrQueue(PoolTask<?> t) {
    if (handOff(t)) {
      return true;
    }
    if (!queue.enqueue(t)) {
      return false;
    }
    afterQueued(t, true);
    return true;
  }

  /**
   * The re-checks that engine.execute makes for what it queues, for what we queue outside it: a
   * shutdown that raced the queueing must not strand the task (it is taken back and rejected), and
   * a queued task needs a live worker (the last one may just have left). getPoolSize() is exact
   * where our liveWorkers lags a leaving worker: a worker that left before it could see this task
   * is no longer counted, and one that saw it replaces itself. A hand-off needs no such check: a
   * worker was waiting, and the engine's last worker never leaves a non-empty queue.
   */
  private void afterQueued(PoolTask<?> t, boolean mayLackWorker) {
    if (mayLackWorker && !engine.isShutdown() && engine.getPoolSize() == 0) {
      engine.execute(START_WORKER);
    }
    if (engine.isShutdown() && engine.remove(t)) {
      queue.leave(t);
      throw reject(t, Objects.requireNonNull(refusal()));
    }
  }

  private @Nullable RejectedExecutionException refusal() {
    if (brokenCause.get() != null) {
      return newBrokenException();
    }
    if (engine.isShutdown()) {
      return new RejectedExecutionException(
          "cannot schedule new tasks after shutdown (pool '" + name + "')");
    }
    return null;
  }

  private RejectedExecutionException saturation() {
    int cap = queueCapacity;
    return new RejectedExecutionException(
        "pool '"
            + name
            + "' is saturated: "
            + liveWorkers.get()
            + " of "
            + engine.getMaximumPoolSize()
            + " workers busy and "
            + (cap == 0 ? "no queue (direct hand-off)" : "the queue full (capacity " + cap + ")")
            + "; raise max-workers or queue-capacity, or choose another rejection policy");
  }

  private RejectedExecutionException reject(PoolTask<?> t, RejectedExecutionException e) {
    countSubmitted(t); // unless it was counted when queued, and then taken back
    t.disposition = PoolTask.REJECTED;
    t.trySetException(e); // never returned to anyone, but never left pending either
    return e;
  }

  BrokenExecutorException newBrokenException() {
    Throwable cause = Objects.requireNonNull(brokenCause.get());
    return new BrokenExecutorException(
        "pool '" + name + "' is broken: a worker's initializer failed with " + cause, cause);
  }

  boolean isBroken() {
    return brokenCause.get() != null;
  }

  private void breakPool(Throwable cause) {
    if (!brokenCause.compareAndSet(null, cause)) {
      return;
    }
    LOG.log(
        Level.ERROR, () -> "pool '" + name + "' is broken: a worker's initializer failed", cause);
    engine.shutdown();
    signalRoom();
    List<Runnable> drained = new ArrayList<>();
    queue.drainTo(drained);
    for (Runnable r : drained) {
      if (r instanceof PoolTask<?> t) {
        queue.leave(t);
        t.trySetException(newBrokenException());
      }
    }
    recheckTermination();
  }

  /**
   * Starts a worker if tasks are queued and none is alive. After shutdown the engine starts one
   * only when a worker leaves, so a worker reservation that the shutdown refused could strand the
   * queue. The engine starts workers for queued tasks when its core size grows, even after
   * shutdown, so the core size is raised by one and set back.
   */
  private void ensureWorkerForQueue() {
    synchronized (resizeLock) {
      if (engine.getPoolSize() > 0 || queue.isEmpty() || engine.isTerminated()) {
        return;
      }
      if (!engine.prestartCoreThread()) {
        int core = engine.getCorePoolSize();
        if (core < engine.getMaximumPoolSize()) {
          engine.setCorePoolSize(core + 1);
          engine.setCorePoolSize(core);
        }
      }
    }
  }

  /**
   * The engine decides whether it can terminate only on its own events; after we take tasks out of
   * its queue behind its back, ask it again (remove() of something absent does just that).
   */
  private void recheckTermination() {
    if (engine.isShutdown()) {
      engine.remove(START_WORKER);
    }
  }

  // ---------------------------------------------------------------- outcomes and listeners

  /**
   * Counts a task's outcome, once: called by the thread that made its future done, so whichever of
   * two racing completions wins (say a discard and a user's cancel), one category is counted.
   */
  void recordOutcome(PoolTask<?> t) {
    byte disposition = t.disposition;
    if (t.cancelled()) {
      count(disposition == PoolTask.DISCARDED ? rejected : cancelled);
    } else if (t.finishedWithException()) {
      count(disposition == PoolTask.REJECTED ? rejected : failed);
    } else {
      if (Thread.currentThread() instanceof WorkerThread w && w.pool == this) {
        w.slot.futureCompleted(); // the usual case: a worker completes the task it ran
      } else {
        completed.increment();
      }
    }
  }

  private void count(LongAdder counter) {
    counter.increment();
    if (counter == rejected) {
      fireRejected();
    }
  }

  private int activeCount() {
    long active = 0;
    for (WorkerSlot s : slots) {
      active += s.active();
    }
    return (int) active;
  }

  private long completedCount() {
    long n = completed.sum();
    for (WorkerSlot s : slots) {
      n += s.completed();
    }
    return n;
  }

  /**
   * Submissions so far: those counted where they were scheduled, those queued uncounted that were
   * taken out since, and those that wait in the queue uncounted. Exact when no submission is under
   * way; read while tasks move, it may be off by the submissions in flight.
   */
  private long submittedCount() {
    long taken = queue.takenUncounted.sum();
    for (WorkerSlot s : slots) {
      taken += s.takenUncounted();
    }
    long waitingUncounted = Math.max(0L, queue.size() - queue.countedPlaces());
    return submittedOtherwise.sum() + taken + waitingUncounted;
  }

  /** Counted queue places freed so far, by workers and by every other path. */
  private long placesFreed() {
    long n = queue.placesFreed.sum();
    for (WorkerSlot s : slots) {
      n += s.freed();
    }
    return n;
  }

  boolean hasListeners() {
    return listeners.length > 0;
  }

  void fireStarted(long queuedNanos) {
    for (TaskListener l : listeners) {
      try {
        l.taskStarted(queuedNanos);
      } catch (Throwable e) {
        logListenerFailure(l, e);
      }
    }
  }

  void fireFinished(long queuedNanos, long runNanos, @Nullable Throwable failure) {
    for (TaskListener l : listeners) {
      try {
        l.taskFinished(queuedNanos, runNanos, failure);
      } catch (Throwable e) {
        logListenerFailure(l, e);
      }
    }
  }

  private void fireRejected() {
    for (TaskListener l : listeners) {
      try {
        l.taskRejected();
      } catch (Throwable e) {
        logListenerFailure(l, e);
      }
    }
  }

  /**
   * Logs what a listener threw, of any kind: an {@link Error} too (a meter out of memory, say) is
   * isolated, at level {@code ERROR}, so that it can neither leave a future unfinished nor reach
   * the thread that caused the event. Never throws.
   */
  private void logListenerFailure(TaskListener l, Throwable e) {
    try {
      LOG.log(
          e instanceof Error ? Level.ERROR : Level.WARNING,
          () -> "task listener " + l + " of pool '" + name + "' threw; ignored",
          e);
    } catch (Throwable unloggable) {
      // Nothing left to report it with; the pool's own state must still move on.
    }
  }

  /**
   * Adds a listener for this pool's task events (see {@link TaskListener}). Takes effect for tasks
   * submitted from now on.
   *
   * @param listener the listener
   * @throws NullPointerException if {@code listener} is {@code null}
   */
  public void addTaskListener(TaskListener listener) {
    Objects.requireNonNull(listener, "listener");
    synchronized (listenersLock) {
      TaskListener[] now = listeners;
      TaskListener[] next = Arrays.copyOf(now, now.length + 1);
      next[now.length] = listener;
      listeners = next;
    }
  }

  /**
   * Removes a listener added earlier; does nothing if it is not there.
   *
   * @param listener the listener
   */
  public void removeTaskListener(TaskListener listener) {
    synchronized (listenersLock) {
      listeners = Arrays.stream(listeners).filter(l -> l != listener).toArray(TaskListener[]::new);
    }
  }

  // ---------------------------------------------------------------- shutdown

  @Override
  public void shutdown() {
    shutdown(false, false);
  }

  @Override
  public void shutdown(boolean wait, boolean cancelFutures) {
    if (wait && calledFromOwnWorker()) {
      throw new IllegalStateException(
          "shutdown(wait=true) called from a worker of pool '" + name + "' would wait for itself");
    }
    engine.shutdown();
    signalRoom();
    ensureWorkerForQueue();
    if (cancelFutures) {
      List<Runnable> drained = new ArrayList<>();
      queue.drainTo(drained);
      cancelAll(drained);
      recheckTermination();
    }
    if (wait) {
      boolean interrupted = false;
      while (!engine.isTerminated()) {
        try {
          engine.awaitTermination(1, TimeUnit.DAYS);
        } catch (InterruptedException e) {
          if (!interrupted) {
            interrupted = true;
            shutdownNow();
          }
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Stops accepting tasks, removes the tasks that have not started and cancels their futures (their
   * callbacks run), and interrupts the workers. Does not wait.
   *
   * @return the removed tasks (each is its {@link ManagedFuture}, now cancelled)
   */
  @Override
  public List<Runnable> shutdownNow() {
    List<Runnable> drained = engine.shutdownNow();
    signalRoom();
    cancelAll(drained);
    return drained;
  }

  private void cancelAll(List<Runnable> drained) {
    for (Runnable r : drained) {
      if (r instanceof PoolTask<?> t) {
        queue.leave(t);
        t.tryCancel();
      }
    }
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

  private void signalRoom() {
    roomSignals.incrementAndGet();
    roomLock.lock();
    try {
      room.signalAll();
    } finally {
      roomLock.unlock();
    }
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
    checkSizes(coreWorkers, maxWorkers);
    checkCapacity(queueCapacity);
    synchronized (resizeLock) {
      if (engine.isShutdown()) {
        throw new IllegalStateException(
            "cannot resize pool '"
                + name
                + "': it is shut down"
                + (isBroken() ? " (broken: a worker's initializer failed)" : ""));
      }
      if (maxWorkers >= engine.getCorePoolSize()) {
        engine.setMaximumPoolSize(maxWorkers);
        engine.setCorePoolSize(coreWorkers);
      } else {
        engine.setCorePoolSize(coreWorkers);
        engine.setMaximumPoolSize(maxWorkers);
      }
      this.queueCapacity = queueCapacity;
      int backlog = Math.min(queue.depth(), maxWorkers - engine.getPoolSize());
      int boosted = Math.min(maxWorkers, engine.getPoolSize() + backlog);
      if (backlog > 0 && boosted > coreWorkers) {
        // The engine starts workers for queued tasks only when its core size grows.
        engine.setCorePoolSize(boosted);
        engine.setCorePoolSize(coreWorkers);
      }
    }
    signalRoom();
  }

  /**
   * Returns the configured core size.
   *
   * @return workers kept even when idle
   */
  public int coreWorkers() {
    return engine.getCorePoolSize();
  }

  /**
   * Returns the configured maximum size.
   *
   * @return workers at most
   */
  public int maxWorkers() {
    return engine.getMaximumPoolSize();
  }

  /**
   * Returns the queue capacity.
   *
   * @return queued tasks at most; {@link #UNBOUNDED} for no limit, 0 for direct hand-off
   */
  public int queueCapacity() {
    return queueCapacity;
  }

  /**
   * Returns the number of tasks waiting in the queue now. Cheap; never blocks.
   *
   * @return the queue depth
   */
  public int queueDepth() {
    return queue.depth();
  }

  /**
   * Returns the number of workers running a task now. Cheap; never blocks.
   *
   * @return the active workers
   */
  public int activeWorkers() {
    return activeCount();
  }

  /**
   * Returns the number of worker threads alive now. Cheap; never blocks.
   *
   * @return the pool size
   */
  public int poolSize() {
    return liveWorkers.get();
  }

  /**
   * Returns the keep-alive of idle workers beyond the core size.
   *
   * @return the keep-alive
   */
  public Duration keepAlive() {
    return keepAlive;
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
    return daemon || virtualThreads;
  }

  /**
   * Returns how long {@link RejectionPolicy#BLOCK} waits for room.
   *
   * @return the block timeout
   */
  public Duration blockTimeout() {
    return blockTimeout;
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
    return virtualThreads;
  }

  /**
   * Returns the rejection policy.
   *
   * @return the policy applied when the pool is saturated
   */
  public RejectionPolicy rejection() {
    return rejection;
  }

  /**
   * Returns a snapshot of the live statistics. Cheap: reads counters, takes no lock, never blocks.
   *
   * @return the statistics now
   */
  public PoolStats stats() {
    int depth = queue.depth();
    int cap = queueCapacity;
    return new PoolStats(
        name,
        depth,
        cap == UNBOUNDED ? UNBOUNDED - depth : Math.max(0, cap - depth),
        cap,
        activeCount(),
        liveWorkers.get(),
        largestPoolSize.get(),
        engine.getCorePoolSize(),
        engine.getMaximumPoolSize(),
        submittedCount(),
        completedCount(),
        failed.sum(),
        cancelled.sum(),
        rejected.sum(),
        callerRuns.sum(),
        engine.isShutdown(),
        engine.isTerminated(),
        isBroken());
  }

  /**
   * Describes the pool and its statistics; never blocks.
   *
   * @return the description
   */
  @Override
  public String toString() {
    PoolStats s = stats();
    return "ManagedThreadPool["
        + name
        + (s.broken()
            ? ", BROKEN"
            : s.terminated() ? ", TERMINATED" : s.shutdown() ? ", SHUTDOWN" : "")
        + ", workers="
        + s.poolSize()
        + "/"
        + s.maxWorkers()
        + ", active="
        + s.activeWorkers()
        + ", queued="
        + s.queueDepth()
        + ", completed="
        + s.completed()
        + ", failed="
        + s.failed()
        + ", cancelled="
        + s.cancelled()
        + ", rejected="
        + s.rejected()
        + "]";
  }

  static void checkSizes(int coreWorkers, int maxWorkers) {
    if (maxWorkers < 1) {
      throw new IllegalArgumentException("maxWorkers must be >= 1, was " + maxWorkers);
    }
    if (coreWorkers < 0 || coreWorkers > maxWorkers) {
      throw new IllegalArgumentException(
          "coreWorkers must be between 0 and maxWorkers (" + maxWorkers + "), was " + coreWorkers);
    }
  }

  static void checkCapacity(int queueCapacity) {
    if (queueCapacity < 0) {
      throw new IllegalArgumentException(
          "queueCapacity must be >= 0 (0 = direct hand-off), was " + queueCapacity);
    }
  }

  static Duration checkNotNegative(String what, Duration d) {
    Objects.requireNonNull(d, what);
    if (d.isNegative()) {
      throw new IllegalArgumentException(what + " must be zero or positive, was " + d);
    }
    return d;
  }

  // ---------------------------------------------------------------- engine, queue, threads

  /** A task that does nothing: executed only to make the engine start a worker. */
  private static final class StartWorker implements Runnable {
    @Override
    public void run() {}
  }

  private Thread newWorkerThread(Runnable worker) {
    String threadName = threadNamePrefix + "-" + threadNumber.incrementAndGet();
    Runnable body = () -> workerMain(worker);
    if (virtualThreads) {
      return VirtualThreads.unstarted(threadName, body);
    }
    Thread t = new WorkerThread(this, body, threadName);
    t.setDaemon(daemon);
    return t;
  }

  /** A platform worker, which carries its own counters (see WorkerSlot). */
  private static final class WorkerThread extends Thread {
    final ManagedThreadPool pool;

    @SuppressWarnings("NullAway.Init") // set by the thread itself before it runs any task
    WorkerSlot slot;

    WorkerThread(ManagedThreadPool pool, Runnable body, String name) {
      super(body, name);
      this.pool = pool;
    }
  }

  /** The counters of the worker {@code t}: its own, or the shared slot of virtual workers. */
  private WorkerSlot slotOf(Thread t) {
    return t instanceof WorkerThread w ? w.slot : sharedSlot;
  }

  private WorkerSlot takeSlot() {
    synchronized (slotsLock) {
      WorkerSlot s = freeSlots.pollFirst();
      if (s == null) {
        s = new WorkerSlot(false);
        WorkerSlot[] old = slots;
        WorkerSlot[] grown = Arrays.copyOf(old, old.length + 1);
        grown[old.length] = s;
        slots = grown;
      }
      return s;
    }
  }

  /** How many worker slots the pool has made, the shared one included; for tests. */
  int workerSlotCount() {
    return slots.length;
  }

  private void returnSlot(WorkerSlot s) {
    synchronized (slotsLock) {
      freeSlots.addFirst(s);
    }
  }

  /** Whether the calling thread is one of this pool's workers. */
  private boolean calledFromOwnWorker() {
    return CURRENT_POOL.get() == this;
  }

  private void workerMain(Runnable worker) {
    int live = liveWorkers.incrementAndGet();
    largestPoolSize.accumulateAndGet(live, Math::max);
    CURRENT_POOL.set(this);
    WorkerThread platform = Thread.currentThread() instanceof WorkerThread w ? w : null;
    if (platform != null) {
      platform.slot = takeSlot();
    }
    try {
      Runnable init = initializer;
      if (init != null) {
        try {
          init.run();
        } catch (Throwable e) {
          breakPool(e);
        }
      }
      worker.run(); // after a break: fails its first task, finds the engine shut down, and ends
    } finally {
      if (platform != null) {
        returnSlot(platform.slot);
      }
      liveWorkers.decrementAndGet();
    }
  }

  private final class Engine extends ThreadPoolExecutor {
    Engine(int core, int max, long keepAliveNanos) {
      super(
          core,
          max,
          keepAliveNanos,
          TimeUnit.NANOSECONDS,
          queue,
          ManagedThreadPool.this::newWorkerThread,
          (r, e) -> saturated(r));
    }

    @Override
    protected void beforeExecute(Thread t, Runnable r) {
      if (r instanceof PoolTask<?> task) {
        // Active before it leaves the queue: a task is never invisible to both counts.
        WorkerSlot slot = slotOf(t);
        slot.taskStarted();
        task.worker = slot;
        queue.leave(task, slot);
      }
    }

    @Override
    protected void terminated() {
      signalRoom();
      for (TaskListener l : listeners) {
        try {
          l.poolTerminated();
        } catch (Throwable e) {
          logListenerFailure(l, e);
        }
      }
    }
  }

  /**
   * The engine's work queue: unbounded underneath, with the capacity enforced by counting places
   * (see the class notes), and with the workers waiting in it counted so that a task can be handed
   * to an idle worker rather than start a new one.
   */
  private final class TaskQueue extends LinkedBlockingQueue<Runnable> {
    private static final long serialVersionUID = 1L;
    // Counted places (bounded queue): taken (CASed by submitters, against the capacity) minus
    // freed (by whoever takes a task out, mostly workers in their slots): two counters, so that
    // submitters and workers don't write the same one. An unbounded queue counts no place.
    private final AtomicLong placesTaken = new AtomicLong();
    private final LongAdder placesFreed = new LongAdder(); // and the workers' slots
    // Tasks taken out, other than by their worker, that were queued uncounted or handed off.
    private final LongAdder takenUncounted = new LongAdder();
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger handOffs = new AtomicInteger();

    @Override
    public Runnable take() throws InterruptedException {
      // A worker that finds work at once never waits: counting it would only make every busy
      // worker write this shared counter twice per task.
      Runnable r = super.poll();
      if (r != null) {
        return r;
      }
      waiting.incrementAndGet();
      try {
        return super.take();
      } finally {
        waiting.decrementAndGet();
      }
    }

    @Override
    public @Nullable Runnable poll(long timeout, TimeUnit unit) throws InterruptedException {
      Runnable r = super.poll();
      if (r != null) {
        return r;
      }
      waiting.incrementAndGet();
      try {
        return super.poll(timeout, unit);
      } finally {
        waiting.decrementAndGet();
      }
    }

    /** Called by the engine only, from execute(), which re-checks what it queued. */
    @Override
    public boolean offer(Runnable r) {
      if (!(r instanceof PoolTask<?> t)) {
        return false; // START_WORKER: let the engine start a worker for it
      }
      if (plainQueueing()) {
        return enqueue(t);
      }
      if (handOff(t)) {
        return true;
      }
      if (liveWorkers.get() < engine.getMaximumPoolSize()) {
        return false; // let the engine start a worker: the Python rule
      }
      return enqueue(t);
    }

    /**
     * Whether a task can simply be queued, as the JDK's pools do: the queue is unbounded and every
     * worker the pool may have is alive, so a hand-off would neither spare a place nor a new worker
     * (an idle worker takes the task from the queue all the same). The usual state of a busy pool;
     * it spares the submitter reading the counters that idle workers write.
     */
    boolean plainQueueing() {
      return queueCapacity == UNBOUNDED && liveWorkers.get() >= engine.getMaximumPoolSize();
    }

    /**
     * Queues the task for a worker waiting for work, if more workers wait than hand-offs were
     * already claimed on them. A waiting worker may still time out before it takes the task; the
     * task then waits for the next free worker (the engine's last worker never leaves a non-empty
     * queue).
     */
    boolean handOff(PoolTask<?> t) {
      for (; ; ) {
        int claimed = handOffs.get();
        if (claimed >= waiting.get()) {
          return false;
        }
        if (handOffs.compareAndSet(claimed, claimed + 1)) {
          break;
        }
      }
      t.markSubmissionCounted(); // counted by the queue's size, then by whoever takes it out
      t.markHandedOff();
      super.offer(t);
      return true;
    }

    /** Takes a counted place if there is room, and queues the task there. */
    boolean enqueue(PoolTask<?> t) {
      int cap = queueCapacity;
      if (cap == UNBOUNDED) {
        t.markSubmissionCounted(); // counted by the queue's size, then by whoever takes it out
        t.markUncounted();
        super.offer(t);
        return true;
      }
      for (; ; ) {
        // Freed before taken: places only ever get freed, so a stale count of them can only
        // overstate the depth, never let the queue exceed its capacity. Tasks queued uncounted
        // before the queue got its bound (resize) count through the queue's size.
        long freed = placesFreed();
        long taken = placesTaken.get();
        if (taken - freed >= cap || depth() >= cap) {
          return false;
        }
        if (placesTaken.compareAndSet(taken, taken + 1)) {
          break;
        }
        cap = queueCapacity;
      }
      countSubmitted(t);
      t.markQueued();
      super.offer(t);
      return true;
    }

    void leave(PoolTask<?> t) {
      leave(t, null);
    }

    /**
     * Takes the task out of the queue's accounting, counting in the worker's own slot if {@code
     * taker} is the worker that took it, else in the pool's shared counters.
     */
    void leave(PoolTask<?> t, @Nullable WorkerSlot taker) {
      int held = t.leaveQueue();
      if (held == PoolTask.COUNTED) {
        if (taker != null) {
          taker.placeFreed();
        } else {
          placesFreed.increment();
        }
        if (blocking) {
          // A blocked submitter announces itself, then reads the freed places; this thread frees
          // one, then reads the announcements: the fence keeps them from both missing.
          VarHandle.fullFence();
          if (blockedSubmitters.get() > 0) {
            signalRoom();
          }
        }
      } else if (held != 0) { // HANDED_OFF or UNCOUNTED: counted by whoever takes it out
        if (taker != null) {
          taker.uncountedTaken();
        } else {
          takenUncounted.increment();
        }
        if (held == PoolTask.HANDED_OFF) {
          handOffs.decrementAndGet();
        }
      }
    }

    /**
     * Tasks waiting in the queue for any worker: all it holds but those handed off. Exact when no
     * hand-off is under way (a claim is counted just before its task is queued, and released just
     * after it is taken out).
     */
    int depth() {
      return Math.max(0, size() - handOffs.get());
    }

    /** Tasks in counted places of the bounded queue. */
    long countedPlaces() {
      long freed = placesFreed(); // first: see enqueue()
      return placesTaken.get() - freed;
    }
  }

  // ---------------------------------------------------------------- builder

  /**
   * Builds a {@link ManagedThreadPool}. Each setter checks its argument at once and throws {@link
   * IllegalArgumentException} naming the setting and the value; {@link #build()} checks the
   * settings against each other. Not thread-safe; a builder can build several pools.
   */
  public static final class Builder {
    private final String name;
    private int maxWorkers = defaultMaxWorkers();
    private int coreWorkers;
    private int queueCapacity = UNBOUNDED;
    private Duration keepAlive = Duration.ofSeconds(60);
    private @Nullable String threadNamePrefix;
    private boolean daemon;
    private boolean virtualThreads;
    private @Nullable Runnable initializer;
    private RejectionPolicy rejection = RejectionPolicy.ABORT;
    private Duration blockTimeout = Duration.ofSeconds(10);
    private @Nullable UnaryOperator<Runnable> taskDecorator;
    private boolean prestart;
    private final List<TaskListener> listeners = new ArrayList<>();

    private Builder(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("name must not be blank, was '" + name + "'");
      }
      this.name = name;
    }

    /**
     * Sets the most workers that may run at once. Default: {@code min(32, availableProcessors +
     * 4)}, as in Python.
     *
     * @param maxWorkers 1 or more
     * @return this builder
     * @throws IllegalArgumentException if {@code maxWorkers < 1}
     */
    public Builder maxWorkers(int maxWorkers) {
      if (maxWorkers < 1) {
        throw new IllegalArgumentException("maxWorkers must be >= 1, was " + maxWorkers);
      }
      this.maxWorkers = maxWorkers;
      return this;
    }

    /**
     * Sets the workers kept alive even when idle. Default 0: every idle worker ends after {@code
     * keepAlive}.
     *
     * @param coreWorkers 0 or more, and at most {@code maxWorkers} (checked by {@link #build()})
     * @return this builder
     * @throws IllegalArgumentException if {@code coreWorkers < 0}
     */
    public Builder coreWorkers(int coreWorkers) {
      if (coreWorkers < 0) {
        throw new IllegalArgumentException("coreWorkers must be >= 0, was " + coreWorkers);
      }
      this.coreWorkers = coreWorkers;
      return this;
    }

    /**
     * Sets how many tasks may wait in the queue. Default {@link #UNBOUNDED}; 0 means direct
     * hand-off (a task is accepted only if a worker takes it at once).
     *
     * @param queueCapacity 0 or more
     * @return this builder
     * @throws IllegalArgumentException if {@code queueCapacity < 0}
     */
    public Builder queueCapacity(int queueCapacity) {
      checkCapacity(queueCapacity);
      this.queueCapacity = queueCapacity;
      return this;
    }

    /**
     * Sets how long a worker beyond the core size waits idle before it ends. Default 60 s.
     *
     * @param keepAlive zero or positive
     * @return this builder
     * @throws IllegalArgumentException if {@code keepAlive} is negative
     * @throws NullPointerException if {@code keepAlive} is {@code null}
     */
    public Builder keepAlive(Duration keepAlive) {
      this.keepAlive = checkNotNegative("keepAlive", keepAlive);
      return this;
    }

    /**
     * Sets the prefix of worker thread names, which are {@code <prefix>-<n>}. Default: the pool's
     * name, verbatim.
     *
     * @param threadNamePrefix not blank
     * @return this builder
     * @throws IllegalArgumentException if {@code threadNamePrefix} is blank
     * @throws NullPointerException if {@code threadNamePrefix} is {@code null}
     */
    public Builder threadNamePrefix(String threadNamePrefix) {
      Objects.requireNonNull(threadNamePrefix, "threadNamePrefix");
      if (threadNamePrefix.isBlank()) {
        throw new IllegalArgumentException(
            "threadNamePrefix must not be blank, was '" + threadNamePrefix + "'");
      }
      this.threadNamePrefix = threadNamePrefix;
      return this;
    }

    /**
     * Sets whether workers are daemon threads. Default {@code false}: like Python's workers, a task
     * still queued or running when {@code main} returns is carried out.
     *
     * @param daemon whether workers are daemon threads
     * @return this builder
     */
    public Builder daemon(boolean daemon) {
      this.daemon = daemon;
      return this;
    }

    /**
     * Sets whether workers are virtual threads (JDK 21 and later). The pool keeps its semantics: at
     * most {@code maxWorkers} tasks run at once, which is the concurrency limit; with {@code
     * coreWorkers} 0 and a short {@code keepAlive}, each virtual worker lives about as long as a
     * burst of tasks. Virtual threads are always daemon threads, so {@link #daemon} is ignored.
     * Default {@code false}.
     *
     * @param virtualThreads whether to run tasks on virtual threads
     * @return this builder
     * @throws UnsupportedOperationException if {@code true} and this JDK has no virtual threads
     */
    public Builder virtualThreads(boolean virtualThreads) {
      if (virtualThreads && !VirtualThreads.available()) {
        throw new UnsupportedOperationException(
            "virtualThreads=true needs JDK 21 or later; this is JDK " + Runtime.version());
      }
      this.virtualThreads = virtualThreads;
      return this;
    }

    /**
     * Sets code that runs first in every worker thread. If it throws, the pool breaks (see the
     * class documentation).
     *
     * @param initializer the initializer, or {@code null} for none
     * @return this builder
     */
    public Builder initializer(@Nullable Runnable initializer) {
      this.initializer = initializer;
      return this;
    }

    /**
     * Sets what happens to a task when the pool is saturated. Default {@link
     * RejectionPolicy#ABORT}.
     *
     * @param rejection the policy
     * @return this builder
     * @throws NullPointerException if {@code rejection} is {@code null}
     */
    public Builder rejection(RejectionPolicy rejection) {
      this.rejection = Objects.requireNonNull(rejection, "rejection");
      return this;
    }

    /**
     * Sets how long {@link RejectionPolicy#BLOCK} waits for room before it rejects. Default 10 s.
     *
     * @param blockTimeout zero or positive
     * @return this builder
     * @throws IllegalArgumentException if {@code blockTimeout} is negative
     * @throws NullPointerException if {@code blockTimeout} is {@code null}
     */
    public Builder blockTimeout(Duration blockTimeout) {
      this.blockTimeout = checkNotNegative("blockTimeout", blockTimeout);
      return this;
    }

    /**
     * Sets a decorator applied to every task at submission, in the submitting thread; the runnable
     * it returns is run by the worker. Used for context propagation: capture the submitter's
     * context when called, restore it around the task, clean up afterwards.
     *
     * <p>The returned runnable must call the one it was given, once, in the thread that runs it. A
     * decorator that returns {@code null} makes every submission throw {@link NullPointerException}
     * naming the decorator, before the task is accepted. A task whose decorated runnable returns
     * without having run it fails with an {@link IllegalStateException} saying that the decorator
     * did not run the task. An exception thrown by the decorated runnable itself is the task's
     * outcome.
     *
     * @param taskDecorator the decorator, or {@code null} for none
     * @return this builder
     */
    public Builder taskDecorator(@Nullable UnaryOperator<Runnable> taskDecorator) {
      this.taskDecorator = taskDecorator;
      return this;
    }

    /**
     * Sets whether the core workers are started when the pool is built, rather than on demand.
     * Default {@code false}.
     *
     * @param prestart whether to start the core workers at once
     * @return this builder
     */
    public Builder prestart(boolean prestart) {
      this.prestart = prestart;
      return this;
    }

    /**
     * Adds a task listener (see {@link TaskListener}).
     *
     * @param listener the listener
     * @return this builder
     * @throws NullPointerException if {@code listener} is {@code null}
     */
    public Builder listener(TaskListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
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
