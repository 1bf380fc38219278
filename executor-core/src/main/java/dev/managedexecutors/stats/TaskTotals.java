package dev.managedexecutors.stats;

/**
 * Running totals of the tasks one pool ran, kept by each worker in counters that only it writes and
 * summed over the workers on each read, so that keeping them costs the busy path no write shared
 * between threads. Meant for metrics libraries that read a count and a total on demand (such as
 * Micrometer's {@code FunctionCounter} and {@code FunctionTimer}).
 *
 * <p>Each figure only grows. A read while tasks run may miss the tasks in flight; once the pool is
 * quiet the figures are exact.
 *
 * <p>Times are recorded only while timing is on ({@link #startTiming()}): then the pool reads the
 * clock once in the submitting thread and at most twice per task in the worker (a busy worker
 * reuses the read that ended a task as the start of the next one, so the running time of a task
 * also covers the worker's bookkeeping between the two: publishing the previous outcome, running
 * its done callbacks, and taking the task). While timing is off and no {@link TaskListener} wants
 * per-task events, the pool reads no clock at all for its tasks.
 *
 * <p>Thread-safety: safe for use by many threads; reads take no lock and never block.
 */
public interface TaskTotals {
  /**
   * Returns how many tasks the pool's workers ran to the end, normally or by throwing: what a
   * {@link java.util.concurrent.ThreadPoolExecutor} counts as completed. Tasks run in a submitting
   * thread ({@code CALLER_RUNS}) and tasks that failed without running (a broken pool) are not
   * counted.
   *
   * @return the tasks run by the workers so far
   */
  long ranByWorkers();

  /**
   * Starts timing the pool's tasks, for one more user: time queued (submission to start) and time
   * running (start to end, in a worker or in a submitting thread). Applies to tasks submitted from
   * now on. Each call must be matched by one {@link #stopTiming()}.
   */
  void startTiming();

  /**
   * Stops timing the pool's tasks for one user; tasks are timed while {@link #startTiming()} has
   * been called more often than this. The totals recorded so far stay. Does nothing if timing is
   * not on.
   */
  void stopTiming();

  /**
   * Returns whether tasks are being timed.
   *
   * @return {@code true} while at least one user started timing and has not stopped it
   */
  boolean timing();

  /**
   * Returns how many tasks have started with a known time queued.
   *
   * @return the tasks whose time queued was recorded
   */
  long queuedCount();

  /**
   * Returns the sum of the recorded times queued.
   *
   * @return nanoseconds
   */
  long queuedNanos();

  /**
   * Returns how many tasks ended with their time running recorded.
   *
   * @return the tasks whose time running was recorded
   */
  long runCount();

  /**
   * Returns the sum of the recorded times running.
   *
   * @return nanoseconds
   */
  long runNanos();

  /**
   * Returns how many tasks ran into the pool's timeout of this kind (see {@code
   * ManagedThreadPool.Builder.queueTimeout} and {@code runTimeout}).
   *
   * @param kind the kind of timeout
   * @return the timeouts of that kind so far
   */
  long timeouts(TimeoutKind kind);
}
