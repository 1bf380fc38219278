package dev.managedexecutors;

import static dev.managedexecutors.ControlWord.BROKEN;
import static dev.managedexecutors.ControlWord.ONE_HAND_OFF;
import static dev.managedexecutors.ControlWord.ONE_LIVE;
import static dev.managedexecutors.ControlWord.RUNNING;
import static dev.managedexecutors.ControlWord.SHUTDOWN;
import static dev.managedexecutors.ControlWord.STOP;
import static dev.managedexecutors.ControlWord.TERMINATED;
import static dev.managedexecutors.ControlWord.handOffs;
import static dev.managedexecutors.ControlWord.idle;
import static dev.managedexecutors.ControlWord.live;
import static dev.managedexecutors.ControlWord.returning;
import static dev.managedexecutors.ControlWord.runState;

import dev.managedexecutors.stats.PoolStats;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The engine of a {@link ManagedThreadPool}: the control word, the sizing rule, the workers' loop,
 * shutdown and termination. See the implementation notes of {@link ManagedThreadPool}.
 */
final class PoolEngine {
  private static final System.Logger LOG = System.getLogger(ManagedThreadPool.class.getName());

  private static final VarHandle CTL;

  static {
    try {
      CTL = MethodHandles.lookup().findVarHandle(PoolEngine.class, "ctl", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final String name;

  /** Whether the policy is BLOCK: workers then signal room. Written under Workers.lock. */
  volatile boolean blocking;

  private final @Nullable UnaryOperator<Runnable> taskDecorator;
  volatile int core;
  volatile int max;
  volatile int capacity;
  private volatile long ctl; // RUNNING, no workers
  final TaskQueue queue = new TaskQueue();
  final ParkedWorkers parked = new ParkedWorkers();
  final TaskListeners listeners;
  final PoolCounters counters;
  final Saturation saturation;
  final Workers workers;

  /** The task timeouts, in nanoseconds; 0 for none. Changed by PoolReconfiguration. */
  volatile long queueTimeoutNanos;

  volatile long runTimeoutNanos;
  private final String timeoutsThreadName;

  /** The run-timeout thread, once a run timeout was set; written under Workers.lock. */
  private volatile @Nullable RunTimeouts runTimeouts;

  private final CountDownLatch terminated = new CountDownLatch(1);
  private final AtomicReference<@Nullable Throwable> brokenCause = new AtomicReference<>();

  PoolEngine(ManagedThreadPool.Builder b) {
    this.name = b.name;
    this.blocking = b.rejection == RejectionPolicy.BLOCK;
    this.taskDecorator = b.taskDecorator;
    this.core = b.coreWorkers;
    this.max = b.maxWorkers;
    this.capacity = b.queueCapacity;
    this.listeners = new TaskListeners(b.name, b.listeners);
    this.counters = new PoolCounters(this, listeners);
    this.saturation = new Saturation(this, b.rejection, b.blockTimeout);
    this.workers = new Workers(this, b);
    this.queueTimeoutNanos =
        b.queueTimeout == null ? 0L : FutureStates.saturatedNanos(b.queueTimeout);
    this.runTimeoutNanos = b.runTimeout == null ? 0L : FutureStates.saturatedNanos(b.runTimeout);
    String prefix = b.threadNamePrefix == null ? b.name : b.threadNamePrefix;
    this.timeoutsThreadName = prefix + "-timeouts";
  }

  void start() { // the run-timeout thread, if one is set; once, when the pool is built
    synchronized (workers.lock) {
      timeoutsChanged();
    }
  }

  // Under Workers.lock, after a run-timeout change: start its thread or wake it (see tryTerminate).
  void timeoutsChanged() {
    RunTimeouts r = runTimeouts;
    if (r != null) {
      r.wake();
    } else if (runTimeoutNanos != 0L) {
      r = new RunTimeouts(this, timeoutsThreadName);
      runTimeouts = r;
      r.start();
      if (isTerminated()) {
        r.stop();
      }
    }
  }

  /** Whether submissions are stamped with the time: for timers, listeners or a queue timeout. */
  boolean stampsSubmissions() {
    return counters.timing || queueTimeoutNanos != 0L || listeners.current().length > 0;
  }

  long ctl() {
    return ctl;
  }

  boolean casCtl(long expected, long next) {
    return CTL.compareAndSet(this, expected, next);
  }

  void addCtl(long delta) {
    CTL.getAndAdd(this, delta);
  }

  // ---------------------------------------------------------------- the sizing rule

  void schedule(PoolTask<?> t) {
    if (!tryPlace(t)) {
      saturation.saturated(t);
    }
  }

  /**
   * The Python rule, decided on one read of the control word: hand the task to an idle worker; else
   * start a worker below {@code max}; else queue it within the capacity; else hand it to a worker
   * on its way back from a task. Returns {@code false} if none of these was possible at one instant
   * (the control word unchanged across the attempt): the pool is saturated.
   *
   * @throws RejectedExecutionException (rejecting {@code t}) if the pool accepts no more tasks
   */
  boolean tryPlace(PoolTask<?> t) {
    long c = ctl;
    for (; ; ) {
      if (runState(c) != RUNNING) {
        throw reject(t, Objects.requireNonNull(refusal()), true);
      }
      int live = live(c);
      int max = this.max;
      int cap = capacity;
      if (live >= max && cap == ManagedThreadPool.UNBOUNDED) {
        // Every worker the pool may have is there: an idle one takes the task from the queue all
        // the same, and claiming it would only make submitters write the control word.
        queue.offer(t, PoolTask.COUNTED, cap);
        afterQueued(t);
        return true;
      }
      // A worker returning from a task counts as idle (SPEC A3.2: reuse before growing), except for
      // a submission from a worker of this pool: that may be the returning worker's own callback.
      if ((idle(c) > handOffs(c)
              || (idle(c) + returning(c) > handOffs(c) && !workers.calledFromOwnWorker()))
          && live <= max) {
        if (CTL.weakCompareAndSet(this, c, c + ONE_HAND_OFF)) {
          queue.offer(t, PoolTask.HANDED_OFF, 0);
          afterQueued(t);
          return true;
        }
      } else if (live < max) {
        if (CTL.weakCompareAndSet(this, c, c + ONE_LIVE)) {
          counters.submittedOtherwise.increment();
          workers.startWorker(t, live + 1);
          return true;
        }
      } else if (queue.offer(t, PoolTask.COUNTED, cap)) {
        afterQueued(t);
        return true;
      } else if (idle(c) + returning(c) > handOffs(c)) {
        if (CTL.weakCompareAndSet(this, c, c + ONE_HAND_OFF)) {
          queue.offer(t, PoolTask.HANDED_OFF, 0);
          afterQueued(t);
          return true;
        }
      } else {
        long now = ctl;
        if (now == c) {
          return false;
        }
        c = now;
        continue;
      }
      c = ctl;
    }
  }

  /**
   * After linking: wake a parked worker if one is parked and none spins; then look at the state
   * again, since a shutdown may have raced the submission (the task is then withdrawn and refused,
   * unless a worker started it), or the last worker may have left before it could see the task.
   */
  private void afterQueued(PoolTask<?> t) {
    parked.signal(); // wakes a parked worker only if none spins
    long c = ctl;
    if (runState(c) != RUNNING) {
      RejectedExecutionException e = Objects.requireNonNull(refusal());
      if (t.tryReject(e)) {
        purgeDone(); // the pool may have ended before the task was linked: nobody else would
        tryTerminate();
        throw e; // counted as submitted when it was queued
      }
    } else if (live(c) == 0) {
      workers.addWorkerForQueue();
    }
  }

  RejectedExecutionException reject(
      PoolTask<?> t, RejectedExecutionException e, boolean neverQueued) {
    if (neverQueued) {
      counters.submittedOtherwise.increment();
    }
    t.tryReject(e); // never returned to anyone, but never left pending either
    return e;
  }

  @Nullable RejectedExecutionException refusal() {
    if (brokenCause.get() != null) {
      return newBrokenException();
    }
    if (runState(ctl) != RUNNING) {
      return new RejectedExecutionException(
          "cannot schedule new tasks after shutdown (pool '" + name + "')");
    }
    return null;
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

  RejectedExecutionException saturation() {
    int cap = capacity;
    return new RejectedExecutionException(
        "pool '"
            + name
            + "' is saturated: "
            + live(ctl)
            + " of "
            + max
            + " workers busy and "
            + (cap == 0 ? "no queue (direct hand-off)" : "the queue full (capacity " + cap + ")")
            + "; raise max-workers or queue-capacity, or choose another rejection policy");
  }

  /** Releases what a task taken out of the queue other than by a worker held. */
  void leftQueue(PoolTask<?> t) {
    if (t.place() == PoolTask.HANDED_OFF) {
      CTL.getAndAdd(this, -ONE_HAND_OFF);
      counters.handOffsTaken.increment();
    }
    if (blocking) {
      saturation.roomMade();
    }
  }

  // ---------------------------------------------------------------- life cycle

  private boolean advanceRunState(int target) {
    for (; ; ) {
      long c = ctl;
      if (runState(c) >= target) {
        return false;
      }
      if (CTL.compareAndSet(this, c, ControlWord.withState(c, target))) {
        return true;
      }
    }
  }

  void shutdown(boolean cancelFutures) {
    advanceRunState(SHUTDOWN);
    parked.wakeAll(); // idle workers end once the queue is empty
    saturation.signalRoom();
    if (cancelFutures) {
      for (PoolTask<?> t : drain()) {
        t.tryCancel();
      }
    }
    tryTerminate();
  }

  List<PoolTask<?>> shutdownNow() {
    advanceRunState(STOP);
    parked.wakeAll();
    saturation.signalRoom();
    // Drained here, not by a worker ending meanwhile: the caller gets every task never started.
    List<PoolTask<?>> drained = drain();
    workers.interruptAll();
    for (PoolTask<?> t : drained) {
      t.tryCancel();
    }
    tryTerminate();
    return drained;
  }

  /**
   * Refuses every queued task with {@code e} if no worker is alive to run them: called when a
   * worker thread could not be started, so that their futures end rather than wait forever.
   */
  void refuseQueued(RejectedExecutionException e) {
    if (live(ctl) == 0) {
      for (PoolTask<?> t : drain()) {
        t.tryReject(e);
      }
    }
  }

  private List<PoolTask<?>> drain() {
    List<PoolTask<?>> drained = new ArrayList<>();
    queue.drainTo(drained);
    for (PoolTask<?> t : drained) {
      leftQueue(t);
    }
    return drained;
  }

  boolean isBroken() {
    return brokenCause.get() != null;
  }

  BrokenExecutorException newBrokenException() {
    Throwable cause = Objects.requireNonNull(brokenCause.get());
    return new BrokenExecutorException(
        "pool '" + name + "' is broken: a worker's initializer failed with " + cause, cause);
  }

  void breakPool(Throwable cause) {
    if (!brokenCause.compareAndSet(null, cause)) {
      return;
    }
    LOG.log(
        Level.ERROR, () -> "pool '" + name + "' is broken: a worker's initializer failed", cause);
    advanceRunState(BROKEN);
    parked.wakeAll();
    saturation.signalRoom();
    for (PoolTask<?> t : drain()) {
      t.trySetException(newBrokenException());
    }
    tryTerminate();
  }

  /**
   * Terminates the pool if it is shut down, no worker is alive and no task waits; starts a worker
   * if tasks wait but none is alive. Runs the listeners' {@code poolTerminated} outside any lock.
   */
  void tryTerminate() {
    for (; ; ) {
      long c = ctl;
      int rs = runState(c);
      if (rs == RUNNING || rs == TERMINATED || live(c) > 0) {
        return;
      }
      if (rs < STOP) {
        purgeDone();
        if (!queue.isEmpty()) {
          workers.addWorkerForQueue(); // it terminates the pool when it ends
          return;
        }
      } // STOP: shutdownNow drains the queue; a task that came in later is withdrawn by its
      // submitter, who then sees the stop
      if (CTL.compareAndSet(this, c, ControlWord.withState(c, TERMINATED))) {
        parked.wakeAll();
        saturation.signalRoom();
        RunTimeouts r = runTimeouts;
        if (r != null) {
          r.stop();
        }
        listeners.firePoolTerminated();
        terminated.countDown();
        return;
      }
    }
  }

  /** Takes out the tasks at the head of the queue that are done: nothing to run there. */
  private void purgeDone() {
    for (PoolTask<?> dead; (dead = queue.pollIf(PoolTask::done)) != null; ) {
      leftQueue(dead); // refused after queueing, or cancelled
    }
  }

  boolean isShutdown() {
    return runState(ctl) >= SHUTDOWN;
  }

  boolean isTerminated() {
    return terminated.getCount() == 0L;
  }

  boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return terminated.await(timeout, unit);
  }

  /**
   * Waits for termination; if interrupted, stops the pool (shutdownNow) and keeps waiting, then
   * restores the interrupt.
   */
  void awaitTerminationStoppingIfInterrupted() {
    boolean interrupted = false;
    while (!isTerminated()) {
      try {
        terminated.await(1, TimeUnit.DAYS); // timed, as the JDK's pools wait: TIMED_WAITING
      } catch (InterruptedException e) {
        if (!interrupted) {
          interrupted = true;
          List<PoolTask<?>> unused = shutdownNow();
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  // ---------------------------------------------------------------- figures

  int liveWorkers() {
    return live(ctl);
  }

  String stateName() {
    return isBroken() ? "BROKEN" : isTerminated() ? "TERMINATED" : isShutdown() ? "SHUTDOWN" : "";
  }

  /** The pool and its statistics, for {@code ManagedThreadPool.toString()}. */
  String describe() {
    PoolStats s = stats();
    String state = stateName();
    return String.format(
        "ManagedThreadPool[%s%s, workers=%d/%d, active=%d, queued=%d, completed=%d, failed=%d,"
            + " cancelled=%d, rejected=%d]",
        name,
        state.isEmpty() ? "" : ", " + state,
        s.poolSize(),
        s.maxWorkers(),
        s.activeWorkers(),
        s.queueDepth(),
        s.completed(),
        s.failed(),
        s.cancelled(),
        s.rejected());
  }

  PoolStats stats() {
    int depth = queue.depth();
    int cap = capacity;
    PoolCounters c = counters;
    return new PoolStats(
        name,
        depth,
        cap == ManagedThreadPool.UNBOUNDED ? cap - depth : Math.max(0, cap - depth),
        cap,
        c.active(),
        liveWorkers(),
        c.largestPoolSize(),
        core,
        max,
        submitted(),
        c.completed(),
        c.failed(),
        c.cancelled(),
        c.rejectedCount(),
        c.callerRuns.sum(),
        isShutdown(),
        isTerminated(),
        isBroken());
  }

  /** Submissions so far: see {@link PoolCounters}; exact when none is under way. */
  long submitted() {
    long handOffsWaiting = handOffs(ctl);
    return counters.submittedOtherwise.sum()
        + queue.countedTotal()
        + counters.handOffsTaken()
        + handOffsWaiting;
  }
}
