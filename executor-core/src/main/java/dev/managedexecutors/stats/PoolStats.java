package dev.managedexecutors.stats;

/**
 * An immutable snapshot of a pool's live statistics. Each figure is read without locking, so a
 * snapshot taken while tasks move may mix instants a few nanoseconds apart. To keep the busy path
 * free of shared counters, {@code queueDepth} and {@code submitted} are derived from the queue's
 * size and the workers' own counts: while submissions are under way they may be off by those in
 * flight. When the pool is quiet, and once it has terminated, the counts are exact and add up:
 * {@code completed + failed + cancelled + rejected == submitted}.
 *
 * @param name the pool's name
 * @param queueDepth tasks waiting in the queue now
 * @param queueRemaining room left in the queue ({@code queueCapacity - queueDepth}, never negative)
 * @param queueCapacity the queue's capacity ({@link Integer#MAX_VALUE} when unbounded, 0 for direct
 *     hand-off)
 * @param activeWorkers workers running a task now
 * @param poolSize worker threads alive now
 * @param largestPoolSize the most worker threads alive at once so far
 * @param coreWorkers the configured core size
 * @param maxWorkers the configured maximum size
 * @param submitted tasks offered to the pool, including rejected ones
 * @param completed tasks that ran and returned normally
 * @param failed tasks that ran and threw, or that failed because the pool broke
 * @param cancelled tasks cancelled before they started (by a user, {@code shutdown(…, true)} or
 *     {@code shutdownNow()})
 * @param rejected tasks the pool refused, or discarded from its queue ({@code DISCARD_OLDEST})
 * @param callerRuns tasks that the {@code CALLER_RUNS} policy ran in the submitting thread (they
 *     are also counted as completed or failed)
 * @param shutdown whether the pool accepts no more tasks
 * @param terminated whether the pool has shut down and every worker has ended
 * @param broken whether a worker's initializer failed
 */
public record PoolStats(
    String name,
    int queueDepth,
    int queueRemaining,
    int queueCapacity,
    int activeWorkers,
    int poolSize,
    int largestPoolSize,
    int coreWorkers,
    int maxWorkers,
    long submitted,
    long completed,
    long failed,
    long cancelled,
    long rejected,
    long callerRuns,
    boolean shutdown,
    boolean terminated,
    boolean broken) {}
