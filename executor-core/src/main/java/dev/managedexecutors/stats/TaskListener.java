package dev.managedexecutors.stats;

import org.jspecify.annotations.Nullable;

/**
 * Receives per-task events of one pool, so that metrics (time queued, time running, rejections) can
 * be attached without the pool knowing any metrics library.
 *
 * <p>Methods are called synchronously in the thread where the event happens (a worker, or the
 * submitting thread for rejections and {@code CALLER_RUNS}), possibly by many threads at once:
 * implementations must be thread-safe, quick and non-blocking. Anything a listener throws, an
 * {@link Error} included, is logged (level {@code WARNING}, or {@code ERROR} for an {@code Error})
 * and ignored: it never affects the task, its future, the pool's counts, or the thread that caused
 * the event (a submitter still gets the pool's own answer, such as a rejection). All methods
 * default to doing nothing.
 */
public interface TaskListener {
  /**
   * A task is about to run.
   *
   * @param queuedNanos nanoseconds from submission to this start, or -1 if unknown (the task was
   *     submitted before the pool's first listener was added)
   */
  default void taskStarted(long queuedNanos) {}

  /**
   * A task has ended, normally or not.
   *
   * @param queuedNanos nanoseconds from submission to start, or -1 if unknown
   * @param runNanos nanoseconds from start to end
   * @param failure the exception the task threw, or {@code null} if it returned normally
   */
  default void taskFinished(long queuedNanos, long runNanos, @Nullable Throwable failure) {}

  /**
   * Whether this listener wants {@link #taskStarted} and {@link #taskFinished}. A listener that
   * returns {@code false} (it only wants rejections and termination) costs the busy path nothing:
   * while no listener wants task events, the pool neither reads the clock for them nor dispatches
   * them. Read once, when the listener is added.
   *
   * @return {@code true} (the default) to receive the per-task events
   */
  default boolean wantsTaskEvents() {
    return true;
  }

  /** A task was rejected, or discarded from the queue by {@code DISCARD_OLDEST}. */
  default void taskRejected() {}

  /**
   * A task ran into one of the pool's timeouts: it waited too long in the queue (it is then
   * cancelled, not run, and gets no other event), or it ran too long (its thread was just
   * interrupted; its {@link #taskFinished} follows when it ends). Called in a worker for {@link
   * TimeoutKind#QUEUE}, in the pool's timeout thread for {@link TimeoutKind#RUN}.
   *
   * @param kind which timeout
   */
  default void taskTimedOut(TimeoutKind kind) {}

  /**
   * The pool has terminated: shut down, with every worker ended. Called once, by the last thread to
   * leave, while the pool holds its internal lock: do not block, and do not take a lock that is
   * also held around calls into the pool.
   */
  default void poolTerminated() {}
}
