package dev.managedexecutors;

import static dev.managedexecutors.ControlWord.ONE_HAND_OFF;
import static dev.managedexecutors.ControlWord.ONE_IDLE;
import static dev.managedexecutors.ControlWord.ONE_LIVE;
import static dev.managedexecutors.ControlWord.ONE_RETURNING;
import static dev.managedexecutors.ControlWord.RUNNING;
import static dev.managedexecutors.ControlWord.SHUTDOWN;
import static dev.managedexecutors.ControlWord.STOP;
import static dev.managedexecutors.ControlWord.handOffs;
import static dev.managedexecutors.ControlWord.idle;
import static dev.managedexecutors.ControlWord.live;
import static dev.managedexecutors.ControlWord.returning;
import static dev.managedexecutors.ControlWord.runState;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The worker threads of a {@link ManagedThreadPool}: starting them, their loop (take a task, run
 * it, spin then park when there is none), and their leaving. Their count and their idle, returning
 * and hand-off figures live in the engine's control word (see {@link ControlWord} and the pool's
 * implementation notes).
 */
final class Workers {
  private static final System.Logger LOG = System.getLogger(ManagedThreadPool.class.getName());
  private static final ThreadLocal<@Nullable PoolEngine> CURRENT = new ThreadLocal<>();

  /** Polls of an empty queue, with {@link Thread#onSpinWait()}, before an idle worker parks. */
  static final int SPINS = 1 << 8;

  /**
   * Polls after which an idle worker counts itself as spinning (see {@link ParkedWorkers}), or
   * parks at once if {@link #SPINNERS} already spin: a worker between two tasks writes nothing
   * shared.
   */
  static final int QUIET_SPINS = 1 << 5;

  /**
   * Workers that may spin at once: one per two processors, at least one, so that spinning workers
   * leave cores to the threads that submit and wait.
   */
  static final int SPINNERS = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);

  private final PoolEngine engine;
  private final String threadNamePrefix;
  private final boolean daemon;
  final boolean virtualThreads;
  private final @Nullable Runnable initializer;
  private volatile long keepAliveNanos; // written under lock
  private volatile Duration keepAlive;

  /**
   * Guards {@code all}, the counters' slots and the sizes' updates; never held around user code.
   */
  final Object lock = new Object();

  private final Set<Worker> all = new HashSet<>();

  /**
   * Starts a worker's thread: {@link Thread#start()}, which the JVM may refuse ("unable to create
   * native thread"); tests replace it to make it fail.
   */
  volatile Consumer<Thread> threadStarter = Thread::start;

  private final AtomicInteger threadNumber = new AtomicInteger();

  Workers(PoolEngine engine, PoolSettings s) {
    this.engine = engine;
    this.threadNamePrefix = s.threadNamePrefix == null ? s.name : s.threadNamePrefix;
    this.daemon = s.daemon;
    this.virtualThreads = s.virtualThreads;
    this.initializer = s.initializer;
    this.keepAlive = s.keepAlive;
    this.keepAliveNanos = Math.max(1L, FutureStates.saturatedNanos(s.keepAlive));
  }

  /** The live workers now; for the run-timeout thread. */
  Worker[] snapshot() {
    synchronized (lock) {
      return all.toArray(new Worker[0]);
    }
  }

  Duration keepAlive() {
    return keepAlive;
  }

  /** Sets the keep-alive; idle workers measure their idle time against it when next woken. */
  void keepAlive(Duration keepAlive) {
    this.keepAlive = keepAlive;
    this.keepAliveNanos = Math.max(1L, FutureStates.saturatedNanos(keepAlive));
  }

  /** Interrupts every live worker (shutdownNow). */
  void interruptAll() {
    synchronized (lock) {
      for (Worker w : all) {
        w.thread.interrupt();
      }
    }
  }

  void startWorker(@Nullable PoolTask<?> first, int live) {
    Worker w = new Worker(engine, first);
    try {
      String threadName = threadNamePrefix + "-" + threadNumber.incrementAndGet();
      Thread th;
      if (virtualThreads) {
        th = VirtualThreads.unstarted(threadName, w);
        w.slot = engine.counters.shared;
      } else {
        th = new Worker.WorkerThread(w, threadName);
        th.setDaemon(daemon);
      }
      w.thread = th;
      synchronized (lock) {
        all.add(w);
        if (!virtualThreads) {
          w.slot = engine.counters.addSlot();
        }
      }
      engine.counters.workerStarted(live);
      threadStarter.accept(th);
    } catch (RuntimeException | Error e) { // e.g. "unable to create native thread"
      forget(w); // not workerEnded: its replacement would fail the same way, recursively
      RejectedExecutionException r =
          new RejectedExecutionException(
              "pool '" + engine.name + "' could not start a worker thread: " + e, e);
      if (first == null) {
        LOG.log(Level.ERROR, r::getMessage, e);
      } else {
        first.tryReject(r);
      }
      engine.refuseQueued(r); // if no worker is left to run them: refused, never stranded
      engine.tryTerminate();
      if (first != null) {
        throw r;
      }
    }
  }

  /** Starts a worker for queued tasks if none is alive (a shutdown pool included). */
  void addWorkerForQueue() {
    for (; ; ) {
      long c = engine.ctl();
      if (runState(c) >= STOP || live(c) > 0 || engine.queue.isEmpty()) {
        return;
      }
      if (engine.casCtl(c, c + ONE_LIVE)) {
        startWorker(null, 1);
        return;
      }
    }
  }

  boolean calledFromOwnWorker() {
    return CURRENT.get() == engine;
  }

  /** Refuses {@code call}, which would wait for the pool's end, from one of its own workers. */
  void refuseWaitFromOwnWorker(String call) {
    if (calledFromOwnWorker()) {
      throw new IllegalStateException(
          call + " called from a worker of pool '" + engine.name + "' would wait for itself");
    }
  }

  void runWorker(Worker w) {
    CURRENT.set(engine);
    try {
      Runnable init = initializer;
      if (init != null) {
        try {
          init.run();
        } catch (Throwable e) {
          engine.breakPool(e);
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
    if (runState(engine.ctl()) >= STOP) {
      t.tryCancel(); // a worker's first task, never started: shutdownNow cancels those
      return;
    }
    if (Thread.interrupted() && runState(engine.ctl()) >= STOP) {
      me.interrupt();
    }
    w.slot.taskStarted();
    t.runBy(w);
    if (w.returning) {
      w.returning = false;
      w.idle = true;
      engine.addCtl(ONE_IDLE - ONE_RETURNING);
    }
  }

  /**
   * Called by a task that ran in {@code w} (or did not run) before it publishes its outcome. With
   * nothing queued, in a bounded pool or one below its maximum, the worker counts itself as
   * returning: a submission that reacts to the outcome then finds it rather than a saturated pool,
   * or starting a second worker (CPython's test_idle_thread_reuse).
   */
  void bodyDone(@Nullable Worker w) {
    if (w == null) {
      return;
    }
    w.slot.taskFinished();
    // The queue last: reading it takes a line a submitter may be writing.
    if ((engine.capacity != ManagedThreadPool.UNBOUNDED || live(engine.ctl()) < engine.max)
        && engine.queue.isEmpty()) {
      w.returning = true;
      engine.addCtl(ONE_RETURNING);
      if (engine.blocking) {
        engine.saturation.roomMade();
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
    boolean spinner = false; // counted in engine.parked as spinning
    long idleSince = 0L;
    for (; ; ) {
      long c = engine.ctl();
      int rs = runState(c);
      int live = live(c);
      if (rs >= STOP || live > engine.max) {
        spinner = stopSpinning(spinner);
        if (tryExit(w, c, rs)) {
          return null;
        }
        continue;
      }
      PoolTask<?> t = spins < SPINS ? engine.queue.poll() : engine.queue.pollOrRelease();
      if (t != null) {
        spinner = stopSpinning(spinner); // then wakes a worker if more tasks wait
        long delta = 0L;
        if (w.idle) {
          w.idle = false;
          delta -= ONE_IDLE;
        }
        if (t.place() == PoolTask.HANDED_OFF) {
          delta -= ONE_HAND_OFF;
          w.slot.handOffTaken();
        }
        if (delta != 0L) {
          engine.addCtl(delta);
        }
        if (engine.blocking) {
          engine.saturation.roomMade();
        }
        return t;
      }
      w.lastEndNanos = 0L; // waiting for work: the next task's start needs a clock read of its own
      if (rs >= SHUTDOWN) {
        spinner = stopSpinning(spinner);
        if (tryExit(w, c, rs)) {
          return null;
        }
        continue;
      }
      if (!w.idle
          && (engine.capacity != ManagedThreadPool.UNBOUNDED
              || live < engine.max
              || spins >= SPINS)) {
        w.idle = true;
        engine.addCtl(ONE_IDLE);
        if (engine.blocking) {
          engine.saturation.roomMade();
        }
        continue;
      }
      if (spins < SPINS) {
        if (spins == QUIET_SPINS) {
          spinner = engine.parked.tryStartSpinning(SPINNERS);
          if (!spinner) {
            spins = SPINS; // enough workers spin: park
            continue;
          }
        }
        spins++;
        Thread.onSpinWait();
        continue;
      }
      spinner = stopSpinning(spinner);
      boolean timed = live > engine.core;
      long keepAlive = keepAliveNanos; // re-read after each wake-up: it may have been changed
      if (timed) {
        long now = System.nanoTime();
        if (idleSince == 0L) {
          idleSince = now;
        } else if (now - idleSince - keepAlive >= 0L) {
          if (tryExit(w, c, rs)) {
            return null;
          }
          continue;
        }
      }
      ParkedWorkers.Node node = engine.parked.push(me);
      long again = engine.ctl();
      if (!engine.queue.isEmpty() || runState(again) != rs || live(again) > engine.max) {
        engine.parked.withdraw(node, me);
        continue;
      }
      if (timed) {
        LockSupport.parkNanos(engine, idleSince + keepAlive - System.nanoTime());
      } else {
        LockSupport.park(engine);
      }
      if (!engine.parked.withdraw(node, me)) {
        spins = 0; // woken for work: spin a little again before the next park
      }
      Thread.interrupted(); // between tasks: the state, read next, says whether to stop
    }
  }

  /**
   * Uncounts the calling worker as a spinner if {@code spinner}, then wakes a parked worker if a
   * task waits and no other worker spins (see {@link ParkedWorkers}). Returns {@code false}.
   */
  private boolean stopSpinning(boolean spinner) {
    if (spinner) {
      engine.parked.stopSpinning();
      if (!engine.queue.isEmpty()) {
        engine.parked.signal();
      }
    }
    return false;
  }

  /**
   * Uncounts {@code w} if the control word is still {@code c}. An idle worker does not leave while
   * hand-offs count on it (unless the pool stops): it takes them instead. Package-private for the
   * jcstress tests (executor-jcstress), which race it against a submission.
   */
  boolean tryExit(Worker w, long c, int rs) {
    if (rs < STOP && w.idle && idle(c) - 1 + returning(c) < handOffs(c)) {
      Thread.onSpinWait();
      return false;
    }
    long next = c - ONE_LIVE - (w.idle ? ONE_IDLE : 0L);
    if (!engine.casCtl(c, next)) {
      return false;
    }
    w.live = false;
    w.idle = false;
    return true;
  }

  /** A worker ended, normally or not: forget it, then look whether the pool can terminate. */
  private void workerEnded(Worker w) {
    forget(w);
    if (runState(engine.ctl()) < STOP && !engine.queue.isEmpty()) {
      addWorkerForQueue(); // a submission may have counted on this worker as it left
    }
    engine.tryTerminate();
  }

  /** Uncounts {@code w} if it still counts, and drops it from the set of workers. */
  private void forget(Worker w) {
    if (w.live) { // ended abruptly, or never started: uncount it now
      engine.addCtl(-(ONE_LIVE + (w.idle ? ONE_IDLE : 0L) + (w.returning ? ONE_RETURNING : 0L)));
      w.live = false;
    }
    synchronized (lock) {
      if (all.remove(w) && !virtualThreads && w.slot != null) {
        engine.counters.retireSlot(w.slot);
      }
    }
    if (engine.blocking) {
      engine.saturation.roomMade(); // fewer workers than max: room for a new one
    }
  }

  void prestart() {
    for (int i = 0; i < engine.core; i++) {
      long c = engine.ctl();
      if (runState(c) != RUNNING || live(c) >= engine.core) {
        return;
      }
      if (engine.casCtl(c, c + ONE_LIVE)) {
        startWorker(null, live(c) + 1);
      }
    }
  }
}
