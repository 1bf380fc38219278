package dev.managedexecutors;

import dev.managedexecutors.stats.TaskListener;
import dev.managedexecutors.stats.TimeoutKind;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableFuture;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A task of a {@link ManagedThreadPool}: its future, the code that runs it, and its node in the
 * pool's {@link TaskQueue}. One object per task, of 48 bytes (compressed pointers, 12-byte header):
 * the user's {@link Callable} or {@link Runnable} is held as it was given, without an adapter; the
 * submission time only by a {@link Stamped} task (56 bytes), made when the pool times its tasks;
 * the decorated body only by a {@link Decorated} one (64 bytes), made when the pool has a task
 * decorator.
 *
 * <p>Implementation notes. Besides the future's state, each field has one state machine and one
 * writer at a time:
 *
 * <ul>
 *   <li>{@code word} packs, so that they take one field: the body's kind (bits 0-1, written by the
 *       constructor); the task's place in the queue (bits 2-3); two flags, {@code SCHEDULED} (bit
 *       4) and {@code DISCARDED} (bit 5); and above them the queue's {@code seq} (see {@link
 *       TaskQueue}; 56 bits). {@code SCHEDULED} goes from clear to set once, by CAS ({@link
 *       #markScheduled}), so that a future passed to {@code execute} again is never queued twice;
 *       the thread that set it is then the only one to write {@code word} until the task is linked:
 *       the place ({@code COUNTED} or {@code HANDED_OFF}) and {@code seq}, by plain writes just
 *       before the CAS that links the task, which publishes them; they are never written again, and
 *       whoever takes the task out reads the place to release what the task held. (A late {@link
 *       #markScheduled} fails on the flag without writing.)
 *   <li>{@code DISCARDED}: set only by the thread that took the task out of the queue to discard it
 *       ({@code DISCARD_OLDEST}), by an atomic or with the word (readers of the queue's {@code seq}
 *       may read it meanwhile), before it tries to cancel the task; read by whichever thread then
 *       wins the transition to done, so the task is counted once, as rejected. A rejection is
 *       carried by the terminal state itself ({@link #tryReject}).
 *   <li>{@code next}: the queue's (see {@link TaskQueue}).
 *   <li>{@code runner} is the thread running the task while it runs, so that {@code cancel(true)}
 *       can interrupt it. The runner writes it before the CAS that makes the future RUNNING (which
 *       publishes it). A canceller that sees RUNNING CASes it from that thread to {@code
 *       INTERRUPTING}, interrupts unless the future is done by then, and clears it. The runner,
 *       after making the future done, reads it: if a canceller holds it, it spins until the
 *       interrupt is delivered, else it clears it. Each side writes before it reads the other's
 *       variable, so an interrupt meant for this task never lands after the worker moved on (and
 *       the pool clears it before the worker's next task).
 * </ul>
 */
class PoolTask<T extends @Nullable Object> extends ManagedFuture<T> implements RunnableFuture<T> {
  /** {@code body} is a {@link Callable}: its value is the result. */
  static final byte CALL = 0;

  /** {@code body} is a {@link Runnable} given to {@code submit}: the result is {@code null}. */
  static final byte RUN = 1;

  /**
   * {@code body} is a {@link Runnable} given to {@code execute}: no future to report through, so a
   * failure goes to the thread's uncaught-exception handler as well.
   */
  static final byte EXECUTE = 2;

  /** Places: not in the queue (yet, or run without it). */
  static final byte NONE = 0;

  /** Places: queued, counted against the capacity. */
  static final byte COUNTED = 1;

  /** Places: handed to an idle worker through the queue, not counted. */
  static final byte HANDED_OFF = 2;

  /** Places: a node that holds no task. */
  static final byte STUB = 3;

  private static final long KIND_BITS = 0x3L;
  private static final int PLACE_SHIFT = 2;
  private static final long PLACE_BITS = 0x3L << PLACE_SHIFT;
  private static final long SCHEDULED = 1L << 4;
  private static final long DISCARDED = 1L << 5;
  private static final int SEQ_SHIFT = 8;

  private static final Object INTERRUPTING = new Object();
  private static final Object BODY_NOT_RUN = new Object();
  private static final VarHandle RUNNER;
  private static final VarHandle WORD;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      RUNNER = lookup.findVarHandle(PoolTask.class, "runner", Object.class);
      WORD = lookup.findVarHandle(PoolTask.class, "word", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final @Nullable PoolEngine engine; // null for a queue stub only
  // The user's Callable or Runnable as given (no adapter: a task is one object), as kind says;
  // null once the run is over.
  private @Nullable Object body;
  private volatile @Nullable Object runner;

  // The queue's: see TaskQueue.
  volatile @Nullable PoolTask<?> next;

  // seq, place, kind and the two flags: see the class notes.
  private long word;

  /**
   * A task that runs {@code body} as {@code kind} says ({@link #CALL}: a {@link Callable}; {@link
   * #RUN} or {@link #EXECUTE}: a {@link Runnable}).
   */
  PoolTask(PoolEngine engine, Object body, byte kind) {
    this.engine = engine;
    this.body = body;
    this.word = kind;
  }

  private PoolTask() {
    this.engine = null;
    this.word = (long) STUB << PLACE_SHIFT;
  }

  /**
   * A task whose submission time is recorded: made instead of a plain one when the pool times its
   * tasks (meters, listeners, a queue timeout), so that a pool that does not pays no field for it.
   */
  static class Stamped<T extends @Nullable Object> extends PoolTask<T> {
    long submitNanos;

    Stamped(PoolEngine engine, Object body, byte kind) {
      super(engine, body, kind);
    }

    /** Whether the submitter records the time (a {@link Decorated} task may not need it). */
    final boolean stamps() {
      return !(this instanceof Decorated<?> d) || d.stamps;
    }
  }

  /** A task of a pool with a task decorator: it holds the decorated body. */
  static final class Decorated<T extends @Nullable Object> extends Stamped<T> {
    final boolean stamps;

    // One field for two uses, one after the other: until the run starts, the decorated Runnable;
    // while the decorator runs, the outcome of the body (a Runnable cannot return it): the value,
    // or a BodyFailure, BODY_NOT_RUN until the body ran (a decorator may not call it). Null after
    // the run.
    private @Nullable Object decoration;

    Decorated(PoolEngine engine, Object body, byte kind, boolean stamps) {
      super(engine, body, kind);
      this.stamps = stamps;
    }

    /**
     * Wraps the body with the pool's decorator; called in the submitting thread, before the task is
     * scheduled, so a decorator that returns null refuses the submission before anything is
     * accepted.
     */
    void decorate(UnaryOperator<Runnable> decorator) {
      @Nullable Runnable d = decorator.apply(this::runBody);
      if (d == null) {
        throw new NullPointerException(
            "taskDecorator "
                + decorator
                + " of pool '"
                + Objects.requireNonNull(engine).name
                + "' returned null; it must return a runnable that runs the task it was given");
      }
      this.decoration = d;
    }

    /**
     * Runs the decorated body; returns the body's value, a {@link BodyFailure}, or {@code
     * BODY_NOT_RUN} if the decorator did not run it.
     */
    @Nullable Object runDecorated() {
      Runnable d = (Runnable) Objects.requireNonNull(decoration);
      decoration = BODY_NOT_RUN;
      try {
        d.run();
        return decoration;
      } finally {
        decoration = null;
      }
    }

    private void runBody() {
      try {
        decoration = callBody();
      } catch (Throwable e) {
        decoration = new BodyFailure(e);
      }
    }
  }

  /**
   * A task of {@code engine} of the class the pool needs now: with a field for its submission time
   * only if the pool times its tasks, and for the decorated body only if it has a {@code decorator}
   * (applied here, in the submitting thread).
   *
   * @throws NullPointerException if the decorator returns {@code null} (nothing is accepted)
   */
  static <T extends @Nullable Object> PoolTask<T> create(
      PoolEngine engine, Object body, byte kind, @Nullable UnaryOperator<Runnable> decorator) {
    if (decorator != null) {
      Decorated<T> t = new Decorated<>(engine, body, kind, engine.stampsSubmissions());
      t.decorate(decorator);
      return t;
    }
    return engine.stampsSubmissions()
        ? new Stamped<>(engine, body, kind)
        : new PoolTask<>(engine, body, kind);
  }

  /** When the task was submitted ({@link System#nanoTime()}), or 0 if that was not recorded. */
  final long submitNanos() {
    return this instanceof Stamped<?> s ? s.submitNanos : 0L;
  }

  /** {@link #CALL}, {@link #RUN} or {@link #EXECUTE}. */
  final byte kind() {
    return (byte) (word & KIND_BITS);
  }

  /** {@link #NONE}, {@link #COUNTED}, {@link #HANDED_OFF} or {@link #STUB}. */
  final byte place() {
    return (byte) ((word & PLACE_BITS) >>> PLACE_SHIFT);
  }

  /** The queue's {@code seq}: see {@link TaskQueue}. */
  final long seq() {
    return word >>> SEQ_SHIFT;
  }

  /**
   * Sets the queue's {@code seq} and the place; by the thread that scheduled the task, before the
   * CAS that links it.
   */
  final void placeAt(long seq, byte place) {
    word =
        (seq << SEQ_SHIFT)
            | (word & (KIND_BITS | SCHEDULED | DISCARDED))
            | ((long) place << PLACE_SHIFT);
  }

  /** Whether {@link #markDiscarded} was called. */
  final boolean discarded() {
    return ((long) WORD.getVolatile(this) & DISCARDED) != 0L;
  }

  /** Marks a task that {@code DISCARD_OLDEST} took out of the queue: see the class notes. */
  final void markDiscarded() {
    long unused = (long) WORD.getAndBitwiseOr(this, DISCARDED);
  }

  /** Runs the body as its kind says; the result of a {@link Runnable} is {@code null}. */
  @SuppressWarnings("unchecked")
  final @Nullable T callBody() throws Exception {
    Object b = Objects.requireNonNull(body);
    if (kind() == CALL) {
      return ((Callable<T>) b).call();
    }
    ((Runnable) b).run();
    return null;
  }

  /** A node of the queue that holds no task. */
  static PoolTask<?> stub() {
    return new PoolTask<@Nullable Object>();
  }

  /** Marks a task that its creator schedules at once, before anyone else can see it. */
  void markFreshScheduled() {
    word |= SCHEDULED; // published with the task, like any field its creator wrote
  }

  /** Claims the right to schedule this task; false if it was scheduled before. */
  boolean markScheduled() {
    for (; ; ) {
      long w = (long) WORD.getVolatile(this);
      if ((w & SCHEDULED) != 0L) {
        return false;
      }
      if (WORD.compareAndSet(this, w, w | SCHEDULED)) {
        return true;
      }
    }
  }

  /** Fails the future with the pool's refusal {@code e}, counted as a rejection; once. */
  boolean tryReject(RejectedExecutionException e) {
    return tryCompleteRejected(e);
  }

  private PoolEngine engine() {
    return Objects.requireNonNull(engine, "a queue stub has no task");
  }

  /** Runs the task as the user's {@link Runnable}: outside any worker. */
  @Override
  public void run() {
    runBy(null);
  }

  /** Runs the task in {@code worker}, or in a caller's thread when {@code null}. */
  void runBy(@Nullable Worker worker) {
    PoolEngine pool = engine();
    if (pool.isBroken()) {
      pool.workers.bodyDone(worker);
      trySetException(pool.newBrokenException());
      return;
    }
    long queueTimeout = pool.queueTimeoutNanos;
    // Only a task that went through the queue can wait too long in it: not one a new worker or the
    // submitter (CALLER_RUNS) runs straight away, however long the thread took to start.
    long submitNanos = submitNanos();
    if (queueTimeout != 0L
        && place() != NONE
        && submitNanos != 0L
        && queuedTooLong(worker, queueTimeout, submitNanos)) {
      if (tryCancel()) {
        pool.counters.timedOut(TimeoutKind.QUEUE);
      }
      pool.workers.bodyDone(worker);
      return; // waited too long: cancelled, never run
    }
    Thread me = Thread.currentThread();
    RUNNER.set(this, me); // published by tryStart's CAS; see the class notes
    if (!tryStart()) {
      RUNNER.set(this, null); // never RUNNING: no canceller reads it
      pool.workers.bodyDone(worker);
      return; // cancelled (or rejected) before it started: never run it
    }
    // One read for the pair: a listener added or removed meanwhile gets both events or neither.
    TaskListener[] listeners = pool.listeners.current();
    boolean totals = pool.counters.timing;
    boolean timing = totals || listeners.length > 0;
    long start = 0L;
    long queuedNanos = -1L; // unknown: submitted while tasks were not timed
    if (timing) {
      // A busy worker's previous end is this start (see TaskTotals): one clock read per task.
      start = worker != null && worker.lastEndNanos != 0L ? worker.lastEndNanos : System.nanoTime();
      if (submitNanos != 0L) {
        queuedNanos = Math.max(0L, start - submitNanos); // the reused read may precede submission
        if (totals) {
          slot(worker).queued(queuedNanos);
        }
      }
      if (listeners.length > 0) {
        pool.listeners.fireStarted(listeners, queuedNanos);
      }
    }
    if (worker != null && pool.runTimeoutNanos != 0L) {
      worker.runStartNanos = timing ? start : System.nanoTime();
      worker.running = this; // after its start: see RunTimeouts
    }
    Object value = null;
    Throwable failure = null;
    try {
      if (this instanceof Decorated<?> decorated) {
        Object o = decorated.runDecorated();
        if (o instanceof BodyFailure f) {
          failure = f.cause;
        } else if (o == BODY_NOT_RUN) {
          failure = pool.decoratorSkippedTask();
        } else {
          value = o;
        }
      } else {
        value = callBody();
      }
    } catch (Throwable e) {
      failure = e;
    } finally {
      body = null;
    }
    if (worker != null) {
      worker.running = null;
      worker.slot.taskRan();
      worker.lastEndNanos = 0L;
    }
    if (timing) {
      long end = System.nanoTime();
      if (worker != null) {
        worker.lastEndNanos = end == 0L ? 1L : end;
      }
      if (totals) {
        slot(worker).ran(end - start);
      }
      if (listeners.length > 0) {
        pool.listeners.fireFinished(listeners, queuedNanos, end - start, failure);
      }
    }
    // The worker counts as free before the outcome is published, so that whoever reacts to the
    // outcome by submitting again finds a worker on its way back.
    pool.workers.bodyDone(worker);
    boolean published = publish(failure == null ? resultState(value) : failureState(failure));
    releaseRunner(me);
    if (published) {
      finishCompletion();
    }
    if (failure != null && kind() == EXECUTE) {
      // execute() has no future to report through: do what the JDK does, without killing the
      // worker.
      me.getUncaughtExceptionHandler().uncaughtException(me, failure);
    }
  }

  /**
   * Whether this task waited longer than {@code timeoutNanos}; the clock read is kept as the
   * worker's start of the task, so a timed task reads the clock no more for it.
   */
  private boolean queuedTooLong(@Nullable Worker worker, long timeoutNanos, long submitNanos) {
    long now = System.nanoTime();
    if (now - submitNanos > timeoutNanos) {
      return true;
    }
    if (worker != null) {
      worker.lastEndNanos = now == 0L ? 1L : now;
    }
    return false;
  }

  /** Where the times of a task run by {@code worker}, or by a submitting thread, are counted. */
  private WorkerSlot slot(@Nullable Worker worker) {
    return worker != null ? worker.slot : engine().counters.shared;
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
  @Nullable String owner() {
    return engine == null ? null : "pool '" + engine.name + "'";
  }

  @Override
  protected void afterDone() {
    engine().counters.recordOutcome(this);
  }

  /** A decorated body's exception, told apart from any value it could return. */
  private static final class BodyFailure {
    final Throwable cause;

    BodyFailure(Throwable cause) {
      this.cause = cause;
    }
  }
}
