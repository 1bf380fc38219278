package dev.managedexecutors;

/**
 * What a {@link ManagedThreadPool} does with a task when every worker is busy, no more workers may
 * be started and the queue is full. Whatever the policy, no future is ever left pending, and every
 * rejection is counted in {@link dev.managedexecutors.stats.PoolStats#rejected()}.
 */
public enum RejectionPolicy {
  /**
   * Throw {@link java.util.concurrent.RejectedExecutionException} at the submission. The default.
   */
  ABORT,
  /** Run the task in the submitting thread, which is slowed down as a result (back-pressure). */
  CALLER_RUNS,
  /**
   * Block the submitting thread until there is room, for at most the pool's block timeout, then
   * throw {@link java.util.concurrent.RejectedExecutionException}.
   */
  BLOCK,
  /**
   * Remove the oldest queued task, cancel its future (its callbacks run, its waiters wake), and
   * queue the new one. With direct hand-off (no queue) there is nothing to discard and the task is
   * rejected as by {@link #ABORT}.
   */
  DISCARD_OLDEST
}
