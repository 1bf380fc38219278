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
 *       can interrupt it. The runner writes it before the CAS that makes the future RUNNING (which
 *       publishes it), so a canceller that sees RUNNING sees the runner. The canceller CASes it
 *       from that thread to {@code INTERRUPTING}, interrupts unless the future is done by then, and
 *       clears it. The runner, after making the future done, reads it: if a canceller holds it, the
 *       runner spins until the interrupt is delivered, else it clears it. Each side writes before
 *       it reads the other's variable, so either the canceller sees the future done and does not
 *       interrupt, or the runner waits for the interrupt: an interrupt meant for this task never
 *       lands after the worker moved on (and the pool clears it before the worker's next task).
 *   <li>{@code queued} is {@code COUNTED} while the task occupies a counted place in the pool's
 *       bounded queue, {@code UNCOUNTED} while it waits in the unbounded queue, {@code HANDED_OFF}
 *       while it waits in the queue for a worker that was idle when it came. It is written before
 *       the task is queued and read by whoever takes the task out of the queue (a worker, a drain,
 *       a discard, a removal), which the queue's lock orders after the write; only one thread can
 *       take a task out, so it releases what the task held, once, whatever path the task leaves by.
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
  static final byte COUNTED = 1;
  static final byte HANDED_OFF = 2;
  static final byte UNCOUNTED = 3;
  private static final int PLACE = 3; // the bits of `queued` that say which of the three
  private static final int SUBMISSION_COUNTED = 4; // the bit of `queued` that countSubmitted sets

  private static final Object INTERRUPTING = new Object();
  private static final Object BODY_NOT_RUN = new Object();
  private static final VarHandle RUNNER;
  private static final VarHandle SCHEDULED;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      RUNNER = lookup.findVarHandle(PoolTask.class, "runner", Object.class);
      SCHEDULED = lookup.findVarHandle(PoolTask.class, "scheduled", byte.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final ManagedThreadPool pool;
  private @Nullable Callable<T> callable;
  private @Nullable Runnable decorated;
  private final boolean viaExecute;
  private volatile @Nullable Object runner;
  private byte queued; // a PLACE, and the SUBMISSION_COUNTED bit (one byte keeps the task 56 B)

  @SuppressWarnings("UnusedVariable") // read and written through SCHEDULED only
  private volatile byte scheduled;

  volatile byte disposition; // ACCEPTED; no initializer, which would cost a volatile write
  long submitNanos;

  /**
   * The counters of the worker that took the task while it counts the task active; that worker's.
   */
  @Nullable WorkerSlot worker;

  // Outcome of the body when it runs inside a decorator (a Runnable cannot return it): the value,
  // or a BodyFailure; BODY_NOT_RUN until the body ran (a decorator may not call it).
  private @Nullable Object bodyOutcome;

  PoolTask(ManagedThreadPool pool, Callable<T> callable, boolean viaExecute) {
    this.pool = pool;
    this.callable = callable;
    this.viaExecute = viaExecute;
  }

  /**
   * Wraps the body with the pool's decorator; called in the submitting thread, before the task is
   * scheduled, so a decorator that returns null refuses the submission before anything is accepted.
   */
  void decorate(java.util.function.UnaryOperator<Runnable> decorator) {
    @Nullable Runnable d = decorator.apply(this::runBody);
    if (d == null) {
      throw new NullPointerException(
          "taskDecorator "
              + decorator
              + " of pool '"
              + pool.name()
              + "' returned null; it must return a runnable that runs the task it was given");
    }
    this.decorated = d;
  }

  /** Marks a task that its creator schedules at once, before anyone else can see it. */
  void markFreshScheduled() {
    SCHEDULED.setRelease(this, (byte) 1);
  }

  /** Claims the right to schedule this task; false if it was scheduled before. */
  boolean markScheduled() {
    return SCHEDULED.compareAndSet(this, (byte) 0, (byte) 1);
  }

  /** Marks the task as holding a counted place in the queue (bounded by its capacity). */
  void markQueued() {
    queued = (byte) ((queued & SUBMISSION_COUNTED) | COUNTED);
  }

  /** Marks the task as queued for a worker that was waiting for work (no counted place). */
  void markHandedOff() {
    queued = (byte) ((queued & SUBMISSION_COUNTED) | HANDED_OFF);
  }

  /** Marks the task as queued without a counted place (the queue is unbounded). */
  void markUncounted() {
    queued = (byte) ((queued & SUBMISSION_COUNTED) | UNCOUNTED);
  }

  /**
   * Whether the pool counted this submission in its statistics. Read and set by the submitting
   * thread only, before the task is queued or after it was not; a removal from the queue keeps the
   * bit (see {@link #leaveQueue()}).
   */
  boolean submissionCounted() {
    return (queued & SUBMISSION_COUNTED) != 0;
  }

  /** Records that the pool counted this submission; see {@link #submissionCounted()}. */
  void markSubmissionCounted() {
    queued = (byte) (queued | SUBMISSION_COUNTED);
  }

  /**
   * Takes the task out of the queue's accounting; returns what it held ({@link #COUNTED}, {@link
   * #HANDED_OFF}, {@link #UNCOUNTED}), or 0 if it held nothing (never queued, or already taken
   * out). Called only by the thread that took the task out of the queue, or by the one that failed
   * to queue it.
   */
  int leaveQueue() {
    int q = queued;
    int place = q & PLACE;
    if (place != 0) {
      // Only then: a task that was never queued (a worker's first task) is not written here, so
      // this never races the submitter's markSubmissionCounted() after it started the worker.
      queued = (byte) (q & SUBMISSION_COUNTED);
    }
    return place;
  }

  @Override
  public void run() {
    if (pool.isBroken()) {
      releaseWorker();
      trySetException(pool.newBrokenException());
      return;
    }
    Thread me = Thread.currentThread();
    RUNNER.set(this, me); // published by tryStart's CAS; see the class notes
    if (!tryStart()) {
      RUNNER.set(this, null); // never RUNNING: no canceller reads it
      releaseWorker();
      return; // cancelled before it started: never run it
    }
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
        bodyOutcome = BODY_NOT_RUN;
        d.run();
        Object o = bodyOutcome;
        if (o instanceof BodyFailure f) {
          failure = f.cause;
        } else if (o == BODY_NOT_RUN) {
          failure = pool.decoratorSkippedTask();
        } else {
          value = o;
        }
      } else {
        value = java.util.Objects.requireNonNull(callable).call();
      }
    } catch (Throwable e) {
      failure = e;
    } finally {
      callable = null;
      decorated = null;
      bodyOutcome = null;
    }
    if (timing) {
      pool.fireFinished(queuedNanos, System.nanoTime() - start, failure);
    }
    // The worker counts as free before the outcome is published, so that whoever reacts to the
    // outcome by submitting again sees a worker about to be idle.
    releaseWorker();
    boolean published = publish(failure == null ? resultState(value) : failureState(failure));
    releaseRunner(me);
    if (published) {
      finishCompletion();
    }
    if (failure != null && viaExecute) {
      // execute() has no future to report through: do what the JDK does, without killing the
      // worker.
      me.getUncaughtExceptionHandler().uncaughtException(me, failure);
    }
  }

  private void releaseWorker() {
    WorkerSlot w = worker;
    if (w != null) {
      worker = null; // once: a user's second run() of a done task must not count again
      w.taskFinished();
    }
  }

  private void runBody() {
    try {
      bodyOutcome = java.util.Objects.requireNonNull(callable).call();
    } catch (Throwable e) {
      bodyOutcome = new BodyFailure(e);
    }
  }

  /** Called by the runner after the future is done; see the class notes. */
  private void releaseRunner(Thread me) {
    Object r = runner;
    if (r == me) {
      RUNNER.setRelease(this, null);
    } else {
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
        if (!done()) {
          t.interrupt();
        }
      } finally {
        runner = null;
      }
    }
  }

  @Override
  String owner() {
    return "pool '" + pool.name() + "'";
  }

  @Override
  protected void afterDone() {
    pool.recordOutcome(this);
  }

  /** A decorated body's exception, told apart from any value it could return. */
  private static final class BodyFailure {
    final Throwable cause;

    BodyFailure(Throwable cause) {
      this.cause = cause;
    }
  }
}
