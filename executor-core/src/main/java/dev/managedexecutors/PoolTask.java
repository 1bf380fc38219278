package dev.managedexecutors;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Callable;
import java.util.concurrent.RunnableFuture;
import org.jspecify.annotations.Nullable;

/**
 * A task of a {@link ManagedThreadPool}: its future and the code that runs it.
 *
 * <p>Implementation notes. Besides the future's state:
 *
 * <ul>
 *   <li>{@code runner} is the thread running the task while it runs, so that {@code cancel(true)}
 *       can interrupt it. The canceller CASes it from that thread to {@code INTERRUPTING},
 *       interrupts, then clears it; the runner, when done, CASes it from itself to {@code null} or
 *       else spins until the interrupt is delivered. So an interrupt meant for this task never
 *       lands after the worker moved on; the pool clears it before the worker's next task.
 *   <li>{@code queued} is {@code COUNTED} while the task occupies a counted place in the pool's
 *       queue, {@code HANDED_OFF} while it waits in the queue for a worker that was idle when it
 *       came; whoever takes the task out (a worker, a drain, a discard) CASes it to 0 and releases
 *       what it held, so the counts are exact whatever path the task leaves by.
 *   <li>{@code disposition} says why a task that did not run is being ended (rejected, discarded).
 *       It is written before the transition it explains is attempted, and read by {@link
 *       #afterDone()} in whichever thread wins the transition, so a discard racing a user's cancel
 *       still counts the task once, in one category.
 * </ul>
 */
final class PoolTask<T extends @Nullable Object> extends ManagedFuture<T>
    implements RunnableFuture<T> {
  static final byte ACCEPTED = 0;
  static final byte REJECTED = 1;
  static final byte DISCARDED = 2;
  static final int COUNTED = 1;
  static final int HANDED_OFF = 2;

  private static final Object INTERRUPTING = new Object();
  private static final VarHandle RUNNER;
  private static final VarHandle QUEUED;
  private static final VarHandle SCHEDULED;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      RUNNER = lookup.findVarHandle(PoolTask.class, "runner", Object.class);
      QUEUED = lookup.findVarHandle(PoolTask.class, "queued", int.class);
      SCHEDULED = lookup.findVarHandle(PoolTask.class, "scheduled", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final ManagedThreadPool pool;
  private @Nullable Callable<T> callable;
  private @Nullable Runnable decorated;
  private final boolean viaExecute;
  private volatile @Nullable Object runner;
  private volatile int queued;

  @SuppressWarnings("UnusedVariable") // read and written through SCHEDULED only
  private volatile int scheduled;

  volatile byte disposition = ACCEPTED;
  long submitNanos;

  /** Set by the worker that took the task (counted active); read and cleared by that worker. */
  boolean onWorker;

  // Outcome of the body when it runs inside a decorator (a Runnable cannot return it).
  private @Nullable Object bodyValue;
  private @Nullable Throwable bodyFailure;

  PoolTask(ManagedThreadPool pool, Callable<T> callable, boolean viaExecute) {
    this.pool = pool;
    this.callable = callable;
    this.viaExecute = viaExecute;
  }

  /** Wraps the body with the pool's decorator; called in the submitting thread. */
  void decorate(java.util.function.UnaryOperator<Runnable> decorator) {
    this.decorated = decorator.apply(this::runBody);
  }

  /** Marks a task that its creator schedules at once, before anyone else can see it. */
  void markFreshScheduled() {
    SCHEDULED.setRelease(this, 1);
  }

  /** Claims the right to schedule this task; false if it was scheduled before. */
  boolean markScheduled() {
    return SCHEDULED.compareAndSet(this, 0, 1);
  }

  /** Marks the task as holding a counted place in the queue (bounded by its capacity). */
  void markQueued() {
    queued = COUNTED;
  }

  /** Marks the task as queued for a worker that was waiting for work (no counted place). */
  void markHandedOff() {
    queued = HANDED_OFF;
  }

  /**
   * Takes the task out of the queue's accounting; returns what it held ({@link #COUNTED}, {@link
   * #HANDED_OFF}) if this call took it out, or 0 if it held nothing or another call took it.
   */
  int leaveQueue() {
    int q = queued;
    return q != 0 && QUEUED.compareAndSet(this, q, 0) ? q : 0;
  }

  @Override
  public void run() {
    if (pool.isBroken()) {
      releaseWorker();
      trySetException(pool.newBrokenException());
      return;
    }
    if (!tryStart()) {
      releaseWorker();
      return; // cancelled before it started: never run it
    }
    Thread me = Thread.currentThread();
    runner = me;
    boolean timing = pool.hasListeners();
    long start = timing ? System.nanoTime() : 0L;
    // Submitted before the first listener was added: the time it queued is unknown (-1).
    long queuedNanos = timing && submitNanos != 0L ? start - submitNanos : -1L;
    if (timing) {
      pool.fireStarted(queuedNanos);
    }
    Object value = null;
    Throwable failure = null;
    try {
      Runnable d = decorated;
      if (d != null) {
        d.run();
        value = bodyValue;
        failure = bodyFailure;
      } else {
        value = java.util.Objects.requireNonNull(callable).call();
      }
    } catch (Throwable e) {
      failure = e;
    } finally {
      releaseRunner(me);
      callable = null;
      decorated = null;
      bodyValue = null;
      bodyFailure = null;
    }
    if (timing) {
      pool.fireFinished(queuedNanos, System.nanoTime() - start, failure);
    }
    // The worker counts as free before the outcome is published, so that whoever reacts to the
    // outcome by submitting again sees a worker about to be idle.
    releaseWorker();
    if (failure == null) {
      trySetResult(value);
    } else {
      trySetException(failure);
      if (viaExecute) {
        // execute() has no future to report through: do what the JDK does, without killing the
        // worker.
        me.getUncaughtExceptionHandler().uncaughtException(me, failure);
      }
    }
  }

  private void releaseWorker() {
    if (onWorker) {
      onWorker = false;
      pool.workerReleased();
    }
  }

  private void runBody() {
    try {
      bodyValue = java.util.Objects.requireNonNull(callable).call();
    } catch (Throwable e) {
      bodyFailure = e;
    }
  }

  private void releaseRunner(Thread me) {
    if (!RUNNER.compareAndSet(this, me, null)) {
      while (runner == INTERRUPTING) {
        Thread.onSpinWait(); // a cancel(true) is delivering its interrupt: let it land here
      }
    }
  }

  @Override
  protected void interruptTask() {
    Object r = runner;
    if (r instanceof Thread t && RUNNER.compareAndSet(this, t, INTERRUPTING)) {
      try {
        t.interrupt();
      } finally {
        runner = null;
      }
    }
  }

  @Override
  protected void afterDone() {
    pool.recordOutcome(this);
  }
}
