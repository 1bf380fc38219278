package dev.managedexecutors;

import dev.managedexecutors.FutureStates.Failure;
import dev.managedexecutors.FutureStates.Rejection;
import dev.managedexecutors.FutureStates.Sentinel;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of an asynchronous computation, with the semantics of Python's {@code
 * concurrent.futures.Future}, that is also a {@link Future} so it works wherever the JDK type does.
 *
 * <p>A future is {@code PENDING}, then either {@code CANCELLED}, or {@code RUNNING} and then {@code
 * FINISHED} (with a result or an exception). Each transition happens atomically and at most once;
 * no observer ever sees a future go back.
 *
 * <p>Executors create futures; user code waits on them ({@link #result()}, {@link #exception()},
 * {@link #get()}), cancels them ({@link #cancel()}) and reacts to them ({@link #addDoneCallback}).
 * Executor implementations drive them with {@link #setRunningOrNotifyCancel()}, {@link #setResult}
 * and {@link #setException}, as in Python. The futures of a {@link ManagedThreadPool} are driven by
 * the pool alone: called on one of them that is not done yet, these three methods throw {@link
 * IllegalStateException} and change nothing (the task still runs and its outcome is its own); use
 * {@link #cancel()} to stop a task that has not started.
 *
 * <p>Thread-safety: every method may be called from any thread at any time. No lock is held while
 * user code (callbacks) runs. Waiting methods block only the calling thread; none of them blocks
 * while the future is done.
 *
 * <p>Memory consistency effects: actions in a thread before it calls {@link #setResult} or {@link
 * #setException} (and so, for tasks of an executor, the task's actions) <i>happen-before</i> a
 * successful return from {@link #result()}, {@link #exception()} or {@link #get()} in another
 * thread, and before each done-callback runs.
 *
 * @param <T> the type of the result
 */
public class ManagedFuture<T extends @Nullable Object> implements Future<T> {
  /*
   * Implementation notes.
   *
   * `state` is the only field that says where the future is. It is written by CAS only:
   *   PENDING --setRunningOrNotifyCancel()--> RUNNING
   *   PENDING --cancel()----------------------> CANCELLED
   *   PENDING or RUNNING --setResult(v)--------> v itself (NULL_RESULT for null): FINISHED
   *   PENDING or RUNNING --setException(t)-----> a Failure: FINISHED
   * so a success costs no allocation. Any value other than the three sentinels and a Failure is a
   * result; user code cannot obtain those private objects, so results cannot be confused with them.
   *
   * `listeners` is a Treiber stack of Nodes: threads blocked in a wait and internal listeners
   * (Futures.wait/asCompleted); `callbacks`, another, holds the user's done-callbacks, so that a
   * waiter that claims its stack never runs a callback that another thread added. For each stack:
   * the thread that makes `state` terminal then
   * looks at the stack and, unless it is empty, swaps in CLOSED; a push that meets CLOSED knows the
   * future is done and acts by itself (runs the callback in its own thread). An empty stack costs
   * the completer no atomic operation: instead, a push that succeeds reads `state` again, and if it
   * is terminal by then, claims the stack itself (swaps in CLOSED) and serves what it finds but its
   * own node, which it reports as not registered. Both sides write one volatile and then read the
   * other's, so at least one of them sees the other; whoever swaps in CLOSED first takes the nodes,
   * so each node is served exactly once. Waiters that give up (timeout,
   * interrupt) and internal listeners null their `item` and unlink dead nodes the way FutureTask
   * does; the completing thread never rewrites links, it only reads them, so concurrent unlinking
   * can only make it skip dead nodes.
   */

  private static final System.Logger LOG = System.getLogger(ManagedFuture.class.getName());

  // PENDING is the field's default, so that creating a future costs no volatile write.
  private static final @Nullable Object PENDING = null;
  private static final Object RUNNING = new Sentinel("RUNNING");
  private static final Object CANCELLED = new Sentinel("CANCELLED");
  private static final Object NULL_RESULT = new Sentinel("null");

  private static final int WAITER = 0;
  private static final int LISTENER = 1;
  private static final int CALLBACK = 2;
  private static final Node CLOSED = new Node(WAITER, null);

  private static final VarHandle STATE;
  private static final VarHandle LISTENERS;
  private static final VarHandle CALLBACKS;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      STATE = lookup.findVarHandle(ManagedFuture.class, "state", Object.class);
      LISTENERS = lookup.findVarHandle(ManagedFuture.class, "listeners", Node.class);
      CALLBACKS = lookup.findVarHandle(ManagedFuture.class, "callbacks", Node.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private volatile @Nullable Object state; // PENDING
  private volatile @Nullable Node listeners; // waiters and internal listeners
  private volatile @Nullable Node callbacks; // user done-callbacks

  /**
   * Creates a pending future. Executors create futures; user code normally receives them from
   * {@link ManagedExecutor#submit}.
   */
  public ManagedFuture() {}

  /**
   * Returns a future that is already finished with {@code value}.
   *
   * @param value the result, may be {@code null}
   * @param <T> the type of the result
   * @return a finished future
   */
  public static <T extends @Nullable Object> ManagedFuture<T> completed(T value) {
    ManagedFuture<T> f = new ManagedFuture<>();
    f.setResult(value);
    return f;
  }

  /**
   * Returns a future that is already finished with the exception {@code failure}.
   *
   * @param failure the exception
   * @param <T> the type of the result
   * @return a finished future
   * @throws NullPointerException if {@code failure} is {@code null}
   */
  public static <T extends @Nullable Object> ManagedFuture<T> failed(Throwable failure) {
    ManagedFuture<T> f = new ManagedFuture<>();
    f.setException(failure);
    return f;
  }

  // ---------------------------------------------------------------- queries

  /**
   * Returns whether the future was cancelled. Never blocks.
   *
   * @return {@code true} iff the future is {@code CANCELLED}
   */
  public final boolean cancelled() {
    return state == CANCELLED;
  }

  /**
   * Same as {@link #cancelled()}, the JDK name.
   *
   * @return {@code true} iff the future is {@code CANCELLED}
   */
  @Override
  public final boolean isCancelled() {
    return cancelled();
  }

  /**
   * Returns whether the task is running now. Never blocks.
   *
   * @return {@code true} iff the future is {@code RUNNING}
   */
  public final boolean running() {
    return state == RUNNING;
  }

  /**
   * Returns whether the future was cancelled or has finished. Never blocks.
   *
   * @return {@code true} iff the future is {@code CANCELLED} or {@code FINISHED}
   */
  public final boolean done() {
    return isTerminal(state);
  }

  /**
   * Same as {@link #done()}, the JDK name.
   *
   * @return {@code true} iff the future is {@code CANCELLED} or {@code FINISHED}
   */
  @Override
  public final boolean isDone() {
    return done();
  }

  // ---------------------------------------------------------------- cancel

  /**
   * Attempts to cancel the task. If the future is {@code PENDING} it becomes {@code CANCELLED}: all
   * waiters are woken at once, by this call, and the done-callbacks run in the calling thread
   * before it returns. A task that is running or finished cannot be cancelled.
   *
   * <p>Never blocks (but runs the callbacks).
   *
   * @return {@code true} if the future is now cancelled (by this call or an earlier one), {@code
   *     false} if it is running or finished
   */
  public final boolean cancel() {
    for (; ; ) {
      Object s = state;
      if (s == PENDING) {
        if (STATE.compareAndSet(this, PENDING, CANCELLED)) {
          finishCompletion();
          return true;
        }
      } else {
        return s == CANCELLED;
      }
    }
  }

  /**
   * Same as {@link #cancel()}; additionally, with {@code mayInterruptIfRunning} and a running task,
   * interrupts the thread running it. A running task is never reported as cancelled: this still
   * returns {@code false}, and the task's outcome is whatever it then does.
   *
   * @param mayInterruptIfRunning whether to interrupt the thread running the task
   * @return {@code true} if the future is now cancelled, {@code false} if it is running or finished
   */
  @Override
  public final boolean cancel(boolean mayInterruptIfRunning) {
    if (cancel()) {
      return true;
    }
    if (mayInterruptIfRunning && state == RUNNING) {
      interruptTask();
    }
    return false;
  }

  /**
   * Hook for executors: interrupts the thread running this future's task. Called by {@link
   * #cancel(boolean) cancel(true)} while the future is {@code RUNNING}; it may be called after the
   * task ended, and must then do nothing. The default does nothing, since a bare future knows no
   * thread.
   */
  protected void interruptTask() {}

  // ---------------------------------------------------------------- result and exception

  /**
   * Waits without limit for the outcome and returns the result.
   *
   * @return the task's result
   * @throws CancellationException if the future was cancelled
   * @throws TaskFailedException if the task threw; its cause is the task's exception itself
   * @throws WaitInterruptedException if the calling thread was interrupted while waiting (its
   *     interrupt status is set again)
   */
  public final T result() {
    return report(awaitOrThrow(false, 0L));
  }

  /**
   * Waits up to {@code timeout} for the outcome and returns the result. A zero or negative timeout
   * does not wait: it polls.
   *
   * @param timeout how long to wait at most
   * @return the task's result
   * @throws FutureTimeoutException if the future is not done in time; the message names the
   *     duration waited
   * @throws CancellationException if the future was cancelled
   * @throws TaskFailedException if the task threw; its cause is the task's exception itself
   * @throws WaitInterruptedException if the calling thread was interrupted while waiting
   * @throws NullPointerException if {@code timeout} is {@code null}
   */
  public final T result(Duration timeout) {
    return report(awaitOrTimeout(timeout));
  }

  /**
   * Waits without limit for the outcome and returns the task's exception, or {@code null} if it
   * completed normally.
   *
   * @return the exception the task threw (the same object), or {@code null}
   * @throws CancellationException if the future was cancelled
   * @throws WaitInterruptedException if the calling thread was interrupted while waiting
   */
  public final @Nullable Throwable exception() {
    return reportException(awaitOrThrow(false, 0L));
  }

  /**
   * Waits up to {@code timeout} for the outcome and returns the task's exception, or {@code null}
   * if it completed normally. A zero or negative timeout polls.
   *
   * @param timeout how long to wait at most
   * @return the exception the task threw (the same object), or {@code null}
   * @throws FutureTimeoutException if the future is not done in time
   * @throws CancellationException if the future was cancelled
   * @throws WaitInterruptedException if the calling thread was interrupted while waiting
   * @throws NullPointerException if {@code timeout} is {@code null}
   */
  public final @Nullable Throwable exception(Duration timeout) {
    return reportException(awaitOrTimeout(timeout));
  }

  /**
   * Waits for the outcome with the JDK contract.
   *
   * @return the task's result
   * @throws CancellationException if the future was cancelled
   * @throws ExecutionException if the task threw; its cause is the task's exception
   * @throws InterruptedException if the calling thread was interrupted while waiting
   */
  @Override
  public final T get() throws InterruptedException, ExecutionException {
    return reportForGet(awaitDone(false, 0L));
  }

  /**
   * Waits up to the given time for the outcome, with the JDK contract.
   *
   * @param timeout how long to wait at most, in {@code unit}
   * @param unit the unit of {@code timeout}
   * @return the task's result
   * @throws CancellationException if the future was cancelled
   * @throws ExecutionException if the task threw; its cause is the task's exception
   * @throws InterruptedException if the calling thread was interrupted while waiting
   * @throws TimeoutException if the future is not done in time
   */
  @Override
  public final T get(long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    Objects.requireNonNull(unit, "unit");
    Object s = awaitDone(true, unit.toNanos(timeout));
    if (!isTerminal(s)) {
      throw new TimeoutException(
          "future not done after waiting "
              + timeout
              + " "
              + unit.name().toLowerCase(java.util.Locale.ROOT));
    }
    return reportForGet(s);
  }

  // ---------------------------------------------------------------- callbacks

  /**
   * Attaches {@code fn}, to be called once, with this future, when it is cancelled or finishes.
   * Callbacks run in the order they were added. If the future is already done, {@code fn} runs
   * immediately in the calling thread; otherwise it runs in the thread that completes the future.
   *
   * <p>An exception thrown by a callback is logged (level {@code WARNING}, or {@code ERROR} for an
   * {@link Error}, with the future, the callback and the stack trace) and otherwise ignored; later
   * callbacks still run. A callback may add further callbacks and may block on other futures: no
   * lock of this future is held while it runs.
   *
   * @param fn the callback
   * @throws NullPointerException if {@code fn} is {@code null}
   */
  public final void addDoneCallback(Consumer<? super ManagedFuture<T>> fn) {
    Objects.requireNonNull(fn, "fn");
    if (!push(new Node(CALLBACK, fn))) {
      runCallback(fn);
    }
  }

  /**
   * Returns a {@link CompletableFuture} that completes with the same outcome as this future: the
   * same result, the same exception, or cancelled. Completing or cancelling the returned future
   * does not change this one. Never blocks.
   *
   * @return a new {@code CompletableFuture} tied one-way to this future
   */
  public final CompletableFuture<T> toCompletableFuture() {
    CompletableFuture<T> cf = new CompletableFuture<>();
    addDoneCallback(
        f -> {
          Object s = terminal(f.state);
          if (s == CANCELLED) {
            cf.cancel(false);
          } else if (s instanceof Failure failure) {
            cf.completeExceptionally(failure.cause);
          } else {
            cf.complete(f.valueOf(s));
          }
        });
    return cf;
  }

  // ---------------------------------------------------------------- for executor implementers

  /**
   * For executors: marks the future as running, or reports that it was cancelled. Call it just
   * before running the task; if it returns {@code false}, do not run the task. The waiters were
   * already woken by {@link #cancel()} itself, so nothing waits for this call.
   *
   * @return {@code true} if the future moved from {@code PENDING} to {@code RUNNING}, {@code false}
   *     if it is cancelled
   * @throws IllegalStateException if the future is already running or finished, or if it is pending
   *     and belongs to a {@link ManagedThreadPool} (which alone starts its tasks: a future moved to
   *     {@code RUNNING} by its user would never be run, and never finish)
   */
  public final boolean setRunningOrNotifyCancel() {
    for (; ; ) {
      Object s = state;
      if (s == PENDING) {
        refuseIfOwned("setRunningOrNotifyCancel()");
        if (STATE.compareAndSet(this, PENDING, RUNNING)) {
          return true;
        }
      } else if (s == CANCELLED) {
        return false;
      } else {
        throw new IllegalStateException(
            "setRunningOrNotifyCancel() called on a future that is " + stateName(s) + ": " + this);
      }
    }
  }

  /**
   * For executors: finishes the future with a result, wakes the waiters and runs the callbacks in
   * the calling thread.
   *
   * @param value the result, may be {@code null}
   * @throws InvalidStateException if the future is already done (cancelled or finished)
   * @throws IllegalStateException if the future is not done and belongs to a {@link
   *     ManagedThreadPool}, whose task alone decides its outcome; the future is then unchanged
   */
  public final void setResult(T value) {
    if (!done()) {
      refuseIfOwned("setResult()");
    }
    if (!trySetResult(value)) {
      throw new InvalidStateException("cannot set a result: " + this + " is already done");
    }
  }

  /**
   * For executors: finishes the future with an exception, wakes the waiters and runs the callbacks
   * in the calling thread.
   *
   * @param failure the task's exception
   * @throws InvalidStateException if the future is already done (cancelled or finished)
   * @throws IllegalStateException if the future is not done and belongs to a {@link
   *     ManagedThreadPool}, whose task alone decides its outcome; the future is then unchanged
   * @throws NullPointerException if {@code failure} is {@code null}
   */
  public final void setException(Throwable failure) {
    Objects.requireNonNull(failure, "failure");
    if (!done()) {
      refuseIfOwned("setException()");
    }
    if (!trySetException(failure)) {
      throw new InvalidStateException("cannot set an exception: " + this + " is already done");
    }
  }

  /**
   * Hook for subclasses: called once, in the thread that made the future done, right after the
   * state changed and before any waiter is woken or callback run. The default does nothing. It must
   * not throw and should be quick; whatever it throws, of any kind, is logged and ignored, and the
   * waiters and callbacks are served all the same.
   */
  protected void afterDone() {}

  /**
   * The executor that alone drives this future, described for messages (for example {@code pool
   * 'io'}), or {@code null} if whoever holds it may drive it through the public methods.
   */
  @Nullable String owner() {
    return null;
  }

  private void refuseIfOwned(String method) {
    String owner = owner();
    if (owner != null) {
      throw new IllegalStateException(
          method
              + " called on a future owned by "
              + owner
              + ", which alone starts and completes its tasks; use cancel() to stop a task that"
              + " has not started: "
              + this);
    }
  }

  final boolean trySetResult(@Nullable Object value) {
    return complete(value == null ? NULL_RESULT : value);
  }

  final boolean trySetException(Throwable failure) {
    return complete(new Failure(failure));
  }

  /** Moves PENDING to RUNNING; false in every other state (unlike the public, strict variant). */
  final boolean tryStart() {
    return state == PENDING && STATE.compareAndSet(this, PENDING, RUNNING);
  }

  /** Cancels and reports whether this call made the transition (not an earlier one). */
  final boolean tryCancel() {
    if (state == PENDING && STATE.compareAndSet(this, PENDING, CANCELLED)) {
      finishCompletion();
      return true;
    }
    return false;
  }

  final boolean finishedWithException() {
    return state instanceof Failure;
  }

  /** Fails the future with its executor's refusal {@code e}; see {@link #finishedRejected()}. */
  final boolean tryCompleteRejected(Throwable e) {
    return complete(new Rejection(e));
  }

  /** Whether the future failed through {@link #tryCompleteRejected}. */
  final boolean finishedRejected() {
    return state instanceof Rejection;
  }

  /** Registers an internal listener; returns null if the future is already done. */
  final @Nullable Object addListener(DoneListener listener) {
    Node n = new Node(LISTENER, listener);
    return push(n) ? n : null;
  }

  /** Removes a registration returned by {@link #addListener}. */
  final void removeListener(Object registration) {
    removeNode((Node) registration);
  }

  /** How many live registrations (waiters, listeners, callbacks) the future holds; for tests. */
  final int registrationCount() {
    return count(listeners) + count(callbacks);
  }

  private static int count(@Nullable Node h) {
    int n = 0;
    if (h != CLOSED) {
      for (Node q = h; q != null; q = q.next) {
        if (q.item != null) {
          n++;
        }
      }
    }
    return n;
  }

  /** Internal completion listener: quick, non-throwing, run before user callbacks. */
  interface DoneListener {
    void futureDone(ManagedFuture<?> future);
  }

  // ---------------------------------------------------------------- toString

  /**
   * Describes the future without blocking: its state and, once finished, what it holds, for example
   * {@code ManagedFuture[FINISHED, raised java.io.IOException]}.
   *
   * @return the description
   */
  @Override
  public String toString() {
    Object s = state;
    String detail;
    if (s == PENDING || s == RUNNING || s == CANCELLED) {
      detail = stateName(s);
    } else if (s instanceof Failure failure) {
      detail = "FINISHED, raised " + failure.cause.getClass().getName();
    } else if (s == NULL_RESULT) {
      detail = "FINISHED, returned null";
    } else {
      detail = "FINISHED, returned " + terminal(s).getClass().getName();
    }
    return "ManagedFuture[" + detail + "]";
  }

  // ---------------------------------------------------------------- internals

  private boolean complete(Object terminal) {
    if (publish(terminal)) {
      finishCompletion();
      return true;
    }
    return false;
  }

  /**
   * The first half of completing: makes the state terminal unless it already is. Whoever it returns
   * {@code true} to must call {@link #finishCompletion()}.
   */
  final boolean publish(Object terminal) {
    for (; ; ) {
      Object s = state;
      if (isTerminal(s)) {
        return false;
      }
      if (STATE.compareAndSet(this, s, terminal)) {
        return true;
      }
    }
  }

  /** The terminal state that stands for the result {@code value}. */
  static Object resultState(@Nullable Object value) {
    return value == null ? NULL_RESULT : value;
  }

  /** The terminal state that stands for the exception {@code failure}. */
  static Object failureState(Throwable failure) {
    return new Failure(failure);
  }

  /** The second half of completing: the hook, then the waiters and the callbacks. */
  final void finishCompletion() {
    try {
      afterDone();
    } catch (Throwable e) {
      // Of any kind: the waiters and callbacks below must be served whatever the hook did.
      try {
        LOG.log(Level.ERROR, () -> "afterDone() hook of " + this + " threw; ignored", e);
      } catch (Throwable unloggable) {
        // Nothing left to report it with.
      }
    }
    // An empty stack costs nothing: a push that lands from now on sees the terminal state and
    // serves itself. Waiters first, then the callbacks in the order they were added.
    if (listeners != null) {
      serveAll((Node) LISTENERS.getAndSet(this, CLOSED), null);
    }
    if (callbacks != null) {
      serveAll((Node) CALLBACKS.getAndSet(this, CLOSED), null);
    }
  }

  /**
   * Serves the nodes of a claimed stack but {@code skip}: waiters first, then the rest in order.
   */
  private void serveAll(@Nullable Node head, @Nullable Node skip) {
    if (head == null || head == CLOSED) {
      return;
    }
    if (head.next == null) {
      if (head != skip) {
        serve(head.kind, head.item);
      }
      return;
    }
    // The stack holds the newest first; collect it oldest first without rewriting any link.
    int n = 0;
    for (Node q = head; q != null; q = q.next) {
      n++;
    }
    int[] kinds = new int[n];
    Object[] items = new Object[n];
    int i = n;
    for (Node q = head; q != null && i > 0; q = q.next) {
      i--;
      kinds[i] = q.kind;
      items[i] = q == skip ? null : q.item;
    }
    // Wake every waiter first, then run the callbacks in the order they were added.
    for (int k = 0; k < n; k++) {
      if (kinds[k] != CALLBACK) {
        serve(kinds[k], items[k]);
      }
    }
    for (int k = 0; k < n; k++) {
      if (kinds[k] == CALLBACK) {
        serve(kinds[k], items[k]);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private void serve(int kind, @Nullable Object item) {
    if (item == null) {
      return;
    }
    switch (kind) {
      case WAITER -> LockSupport.unpark((Thread) item);
      case LISTENER -> ((DoneListener) item).futureDone(this);
      default -> runCallback((Consumer<? super ManagedFuture<T>>) item);
    }
  }

  private void runCallback(Consumer<? super ManagedFuture<T>> fn) {
    try {
      fn.accept(this);
    } catch (Throwable e) {
      try {
        LOG.log(
            e instanceof Error ? Level.ERROR : Level.WARNING,
            () -> "done-callback " + fn + " of " + this + " threw; ignored",
            e);
      } catch (Throwable unloggable) {
        // Nothing left to report it with; later callbacks must still run.
      }
    }
  }

  /**
   * Registers {@code n}; returns {@code false} if the future is done and {@code n} is not
   * registered, in which case the caller acts on the done future itself. See the class notes.
   */
  private boolean push(Node n) {
    VarHandle stack = n.kind == CALLBACK ? CALLBACKS : LISTENERS;
    for (; ; ) {
      Node h = (Node) stack.getVolatile(this);
      if (h == CLOSED) {
        return false;
      }
      n.next = h;
      if (stack.compareAndSet(this, h, n)) {
        break;
      }
    }
    if (!isTerminal(state)) {
      return true; // the completer will see n
    }
    // Done meanwhile: the completer may have found the stack empty. Claim it, unless the completer
    // or another push did (they serve n too).
    Node head = (Node) stack.getAndSet(this, CLOSED);
    if (head == CLOSED) {
      return true;
    }
    serveAll(head, n);
    return false;
  }

  private void removeNode(Node node) {
    node.item = null;
    retry:
    for (; ; ) {
      Node pred = null;
      Node q = listeners;
      if (q == CLOSED) {
        return;
      }
      while (q != null) {
        Node s = q.next;
        if (q.item != null) {
          pred = q;
        } else if (pred != null) {
          pred.next = s;
          if (pred.item == null) {
            continue retry; // pred was removed meanwhile: start over
          }
        } else if (!LISTENERS.compareAndSet(this, q, s)) {
          continue retry;
        }
        q = s;
      }
      return;
    }
  }

  /**
   * Waits until done, or until {@code nanos} passed when timed. Returns the terminal state, or
   * {@code RUNNING} on timeout.
   */
  private Object awaitDone(boolean timed, long nanos) throws InterruptedException {
    Object s = state;
    // Small enough to be inlined into every wait: a done future costs one read.
    return isTerminal(s) ? terminal(s) : awaitNotDone(timed, nanos);
  }

  private Object awaitNotDone(boolean timed, long nanos) throws InterruptedException {
    Object s;
    if (timed && nanos <= 0L) {
      return RUNNING; // not done
    }
    long deadline = timed ? System.nanoTime() + nanos : 0L;
    Node q = null;
    boolean queued = false;
    int spins = FutureStates.WAIT_SPINS;
    for (; ; ) {
      s = state;
      if (isTerminal(s)) {
        if (q != null) {
          q.item = null;
        }
        return terminal(s);
      }
      if (Thread.interrupted()) {
        if (q != null) {
          removeNode(q);
        }
        throw new InterruptedException();
      }
      if (spins > 0) {
        spins--; // a task about to finish: no park, no unpark
        Thread.onSpinWait();
      } else if (q == null) {
        q = new Node(WAITER, Thread.currentThread());
      } else if (!queued) {
        // A push that meets CLOSED fails: the state is then terminal and the loop returns.
        queued = push(q);
      } else if (timed) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0L) {
          removeNode(q);
          Object last = state;
          return isTerminal(last) ? terminal(last) : RUNNING;
        }
        LockSupport.parkNanos(this, remaining);
      } else {
        LockSupport.park(this);
      }
    }
  }

  private Object awaitOrThrow(boolean timed, long nanos) {
    try {
      return awaitDone(timed, nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WaitInterruptedException(toString(), e);
    }
  }

  private Object awaitOrTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    Object s = awaitOrThrow(true, FutureStates.saturatedNanos(timeout));
    if (!isTerminal(s)) {
      throw new FutureTimeoutException(
          "future not done after waiting "
              + FutureTimeoutException.describe(timeout)
              + ": "
              + this);
    }
    return s;
  }

  private T report(Object s) {
    if (s == CANCELLED) {
      throw cancellation();
    }
    if (s instanceof Failure failure) {
      throw new TaskFailedException(failure.cause);
    }
    return valueOf(s);
  }

  private @Nullable Throwable reportException(Object s) {
    if (s == CANCELLED) {
      throw cancellation();
    }
    return s instanceof Failure failure ? failure.cause : null;
  }

  private T reportForGet(Object s) throws ExecutionException {
    if (s == CANCELLED) {
      throw cancellation();
    }
    if (s instanceof Failure failure) {
      throw new ExecutionException(failure.cause);
    }
    return valueOf(s);
  }

  @SuppressWarnings({"unchecked", "NullAway"})
  private T valueOf(Object s) {
    return s == NULL_RESULT ? (T) null : (T) s;
  }

  private CancellationException cancellation() {
    return new CancellationException("future was cancelled");
  }

  /** A state known to be terminal, hence not PENDING (null). */
  @SuppressWarnings("NullAway")
  private static Object terminal(@Nullable Object s) {
    return s;
  }

  private static boolean isTerminal(@Nullable Object s) {
    return s != PENDING && s != RUNNING;
  }

  private static String stateName(@Nullable Object s) {
    if (s == PENDING) {
      return "PENDING";
    }
    if (s == RUNNING || s == CANCELLED) {
      return s.toString();
    }
    return "FINISHED";
  }

  private static final class Node {
    final int kind;
    volatile @Nullable Object item;
    volatile @Nullable Node next;

    Node(int kind, @Nullable Object item) {
      this.kind = kind;
      this.item = item;
    }
  }
}
