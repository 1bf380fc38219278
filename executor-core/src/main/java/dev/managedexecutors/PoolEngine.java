package dev.managedexecutors;

import static dev.managedexecutors.ControlWord.BROKEN;
import static dev.managedexecutors.ControlWord.ONE_HAND_OFF;
import static dev.managedexecutors.ControlWord.ONE_IDLE;
import static dev.managedexecutors.ControlWord.ONE_LIVE;
import static dev.managedexecutors.ControlWord.ONE_RETURNING;
import static dev.managedexecutors.ControlWord.RUNNING;
import static dev.managedexecutors.ControlWord.SHUTDOWN;
import static dev.managedexecutors.ControlWord.STOP;
import static dev.managedexecutors.ControlWord.TERMINATED;
import static dev.managedexecutors.ControlWord.handOffs;
import static dev.managedexecutors.ControlWord.idle;
import static dev.managedexecutors.ControlWord.live;
import static dev.managedexecutors.ControlWord.returning;
import static dev.managedexecutors.ControlWord.runState;

import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * The engine of a {@link ManagedThreadPool}: the control word, the sizing rule, the workers' loop,
 * shutdown and termination. See the implementation notes of {@link ManagedThreadPool}.
 */
final class PoolEngine {
  private static final System.Logger LOG = System.getLogger(ManagedThreadPool.class.getName());
  private static final ThreadLocal<@Nullable PoolEngine> CURRENT = new ThreadLocal<>();

  /** Polls of an empty queue, with {@link Thread#onSpinWait()}, before an idle worker parks. */
  static final int SPINS = 1 << 8;

  private static final VarHandle CTL;

  static {
    try {
      CTL = MethodHandles.lookup().findVarHandle(PoolEngine.class, "ctl", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final String name;
  private final String threadNamePrefix;
  private final boolean daemon;
  final boolean virtualThreads;
  private final @Nullable Runnable initializer;
  private final long keepAliveNanos;
  private final boolean blocking;
  volatile int core;
  volatile int max;
  volatile int capacity;
  private volatile long ctl; // RUNNING, no workers
  final TaskQueue queue = new TaskQueue();
  private final ParkedWorkers parked = new ParkedWorkers();
  final TaskListeners listeners;
  final PoolCounters counters;
  final Saturation saturation;
  private final Object lock = new Object(); // guards workers, the slots, resize
  private final Set<Worker> workers = new HashSet<>();
  private final CountDownLatch terminated = new CountDownLatch(1);
  private final AtomicReference<@Nullable Throwable> brokenCause = new AtomicReference<>();
  private final AtomicInteger threadNumber = new AtomicInteger();

  PoolEngine(ManagedThreadPool.Builder b) {
    this.name = b.name;
    this.threadNamePrefix = b.threadNamePrefix == null ? b.name : b.threadNamePrefix;
    this.daemon = b.daemon;
    this.virtualThreads = b.virtualThreads;
    this.initializer = b.initializer;
    this.keepAliveNanos = Math.max(1L, ManagedFuture.saturatedNanos(b.keepAlive));
    this.blocking = b.rejection == RejectionPolicy.BLOCK;
    this.core = b.coreWorkers;
    this.max = b.maxWorkers;
    this.capacity = b.queueCapacity;
    this.listeners = new TaskListeners(b.name, b.listeners);
    this.counters = new PoolCounters(this, listeners);
    this.saturation = new Saturation(this, b.rejection, b.blockTimeout);
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
      if (idle(c) > handOffs(c) && live <= max) {
        if (CTL.weakCompareAndSet(this, c, c + ONE_HAND_OFF)) {
          queue.offer(t, PoolTask.HANDED_OFF, 0);
          afterQueued(t);
          return true;
        }
      } else if (live < max) {
        if (CTL.weakCompareAndSet(this, c, c + ONE_LIVE)) {
          counters.submittedOtherwise.increment();
          startWorker(t, live + 1);
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
   * After linking: wake a parked worker if one is parked; then look at the state again, since a
   * shutdown may have raced the submission (the task is then withdrawn and refused, unless a worker
   * started it), or the last worker may have left before it could see the task.
   */
  private void afterQueued(PoolTask<?> t) {
    if (!parked.isEmpty()) {
      parked.wakeOne();
    }
    long c = ctl;
    if (runState(c) != RUNNING) {
      RejectedExecutionException e = Objects.requireNonNull(refusal());
      if (t.tryReject(e)) {
        purgeDone(); // the pool may have ended before the task was linked: nobody else would
        tryTerminate();
        throw e; // counted as submitted when it was queued
      }
    } else if (live(c) == 0) {
      addWorkerForQueue();
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
    if (t.place == PoolTask.HANDED_OFF) {
      CTL.getAndAdd(this, -ONE_HAND_OFF);
      counters.handOffsTaken.increment();
    }
    if (blocking) {
      saturation.roomMade();
    }
  }

  // ---------------------------------------------------------------- workers

  private void startWorker(@Nullable PoolTask<?> first, int live) {
    Worker w = new Worker(this, first);
    try {
      String threadName = threadNamePrefix + "-" + threadNumber.incrementAndGet();
      Thread th;
      if (virtualThreads) {
        th = VirtualThreads.unstarted(threadName, w);
        w.slot = counters.shared;
      } else {
        th = new Worker.WorkerThread(w, threadName);
        th.setDaemon(daemon);
      }
      w.thread = th;
      synchronized (lock) {
        workers.add(w);
        if (!virtualThreads) {
          w.slot = counters.addSlot();
        }
      }
      counters.workerStarted(live);
      th.start();
    } catch (RuntimeException | Error e) { // e.g. "unable to create native thread"
      workerEnded(w);
      RejectedExecutionException r =
          new RejectedExecutionException(
              "pool '" + name + "' could not start a worker thread: " + e, e);
      if (first == null) {
        LOG.log(Level.ERROR, r::getMessage, e);
        return;
      }
      first.tryReject(r);
      throw r;
    }
  }

  /** Starts a worker for queued tasks if none is alive (a shutdown pool included). */
  void addWorkerForQueue() {
    for (; ; ) {
      long c = ctl;
      if (runState(c) >= STOP || live(c) > 0 || queue.isEmpty()) {
        return;
      }
      if (CTL.compareAndSet(this, c, c + ONE_LIVE)) {
        startWorker(null, 1);
        return;
      }
    }
  }

  boolean calledFromOwnWorker() {
    return CURRENT.get() == this;
  }

  void runWorker(Worker w) {
    CURRENT.set(this);
    try {
      Runnable init = initializer;
      if (init != null) {
        try {
          init.run();
        } catch (Throwable e) {
          breakPool(e);
        }
      }
      PoolTask<?> t = w.firstTask;
      w.firstTask = null;
      while (t != null || (t = take(w)) != null) {
        runTask(w, t);
        t = null;
      }
    } finally {
      CURRENT.remove();
      workerEnded(w);
    }
  }

  private void runTask(Worker w, PoolTask<?> t) {
    Thread me = Thread.currentThread();
    // A stray interrupt (a cancel(true) that came late, a task that set it) must not reach the
    // next task; unless the pool is stopping, where every task should see one.
    if (runState(ctl) >= STOP) {
      t.tryCancel(); // a worker's first task, never started: shutdownNow cancels those
      return;
    }
    if (Thread.interrupted() && runState(ctl) >= STOP) {
      me.interrupt();
    }
    w.slot.taskStarted();
    t.runBy(w);
    if (w.returning) {
      w.returning = false;
      w.idle = true;
      CTL.getAndAdd(this, ONE_IDLE - ONE_RETURNING);
    }
  }

  /**
   * Called by a task that ran in {@code w} (or did not run) before it publishes its outcome. In a
   * bounded pool with nothing queued, the worker counts itself as returning: a submission that
   * reacts to the outcome then finds it rather than a saturated pool.
   */
  void bodyDone(@Nullable Worker w) {
    if (w == null) {
      return;
    }
    w.slot.taskFinished();
    if (capacity != ManagedThreadPool.UNBOUNDED && queue.isEmpty()) {
      w.returning = true;
      CTL.getAndAdd(this, ONE_RETURNING);
      if (blocking) {
        saturation.roomMade();
      }
    }
  }

  /**
   * The next task for {@code w}, or {@code null} when the worker should end (it is then no longer
   * counted). Polls the queue; when it is empty, counts the worker idle, spins briefly, then parks
   * (up to the keep-alive beyond the core size).
   */
  private @Nullable PoolTask<?> take(Worker w) {
    Thread me = Thread.currentThread();
    int spins = 0;
    long deadline = 0L;
    for (; ; ) {
      long c = ctl;
      int rs = runState(c);
      int live = live(c);
      if (rs >= STOP || live > max) {
        if (tryExit(w, c, rs)) {
          return null;
        }
        continue;
      }
      PoolTask<?> t = spins < SPINS ? queue.poll() : queue.pollOrRelease();
      if (t != null) {
        long delta = 0L;
        if (w.idle) {
          w.idle = false;
          delta -= ONE_IDLE;
        }
        if (t.place == PoolTask.HANDED_OFF) {
          delta -= ONE_HAND_OFF;
          w.slot.handOffTaken();
        }
        if (delta != 0L) {
          CTL.getAndAdd(this, delta);
        }
        if (blocking) {
          saturation.roomMade();
        }
        return t;
      }
      if (rs >= SHUTDOWN) {
        if (tryExit(w, c, rs)) {
          return null;
        }
        continue;
      }
      if (!w.idle && (capacity != ManagedThreadPool.UNBOUNDED || live < max || spins >= SPINS)) {
        w.idle = true;
        CTL.getAndAdd(this, ONE_IDLE);
        if (blocking) {
          saturation.roomMade();
        }
        continue;
      }
      if (spins < SPINS) {
        spins++;
        Thread.onSpinWait();
        continue;
      }
      boolean timed = live > core;
      if (timed) {
        long now = System.nanoTime();
        if (deadline == 0L) {
          deadline = now + keepAliveNanos;
        } else if (now - deadline >= 0L) {
          if (tryExit(w, c, rs)) {
            return null;
          }
          continue;
        }
      }
      ParkedWorkers.Node node = parked.push(me);
      long again = ctl;
      if (!queue.isEmpty() || runState(again) != rs || live(again) > max) {
        parked.withdraw(node, me);
        continue;
      }
      if (timed) {
        LockSupport.parkNanos(this, deadline - System.nanoTime());
      } else {
        LockSupport.park(this);
      }
      if (!parked.withdraw(node, me)) {
        spins = 0; // woken for work: spin a little again before the next park
      }
      Thread.interrupted(); // between tasks: the state, read next, says whether to stop
    }
  }

  /**
   * Uncounts {@code w} if the control word is still {@code c}. An idle worker does not leave while
   * hand-offs count on it (unless the pool stops): it takes them instead.
   */
  private boolean tryExit(Worker w, long c, int rs) {
    if (rs < STOP && w.idle && idle(c) - 1 + returning(c) < handOffs(c)) {
      Thread.onSpinWait();
      return false;
    }
    long next = c - ONE_LIVE - (w.idle ? ONE_IDLE : 0L);
    if (!CTL.compareAndSet(this, c, next)) {
      return false;
    }
    w.live = false;
    w.idle = false;
    return true;
  }

  /** A worker ended, normally or not: forget it, then look whether the pool can terminate. */
  private void workerEnded(Worker w) {
    if (w.live) { // ended abruptly, or never started: uncount it now
      CTL.getAndAdd(
          this, -(ONE_LIVE + (w.idle ? ONE_IDLE : 0L) + (w.returning ? ONE_RETURNING : 0L)));
      w.live = false;
    }
    synchronized (lock) {
      if (workers.remove(w) && !virtualThreads && w.slot != null) {
        counters.retireSlot(w.slot);
      }
    }
    if (blocking) {
      saturation.roomMade(); // fewer workers than max: room for a new one
    }
    if (runState(ctl) < STOP && !queue.isEmpty()) {
      addWorkerForQueue(); // a submission may have counted on this worker as it left
    }
    tryTerminate();
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
    synchronized (lock) {
      for (Worker w : workers) {
        w.thread.interrupt();
      }
    }
    List<PoolTask<?>> drained = drain();
    for (PoolTask<?> t : drained) {
      t.tryCancel();
    }
    tryTerminate();
    return drained;
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

  private void breakPool(Throwable cause) {
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
          addWorkerForQueue(); // it terminates the pool when it ends
          return;
        }
      } else {
        for (PoolTask<?> t : drain()) {
          t.tryCancel(); // came in as the pool stopped
        }
      }
      if (CTL.compareAndSet(this, c, ControlWord.withState(c, TERMINATED))) {
        parked.wakeAll();
        saturation.signalRoom();
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

  void prestart() {
    for (int i = 0; i < core; i++) {
      long c = ctl;
      if (runState(c) != RUNNING || live(c) >= core) {
        return;
      }
      if (CTL.compareAndSet(this, c, c + ONE_LIVE)) {
        startWorker(null, live(c) + 1);
      }
    }
  }

  void resize(int coreWorkers, int maxWorkers, int queueCapacity) {
    synchronized (lock) {
      this.core = coreWorkers;
      this.max = maxWorkers;
      this.capacity = queueCapacity;
    }
    parked.wakeAll(); // surplus workers end; the others park again with the new sizes
    // The Python rule at the new maximum: a worker for each queued task, up to max.
    for (int backlog = queue.depth(); backlog > 0; ) {
      long c = ctl;
      if (runState(c) != RUNNING || live(c) >= maxWorkers) {
        break;
      }
      if (idle(c) > handOffs(c)) {
        break;
      }
      if (CTL.compareAndSet(this, c, c + ONE_LIVE)) {
        startWorker(null, live(c) + 1);
        backlog--;
      }
    }
    saturation.signalRoom();
  }

  // ---------------------------------------------------------------- figures

  int liveWorkers() {
    return live(ctl);
  }

  String stateName() {
    return isBroken() ? "BROKEN" : isTerminated() ? "TERMINATED" : isShutdown() ? "SHUTDOWN" : "";
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
