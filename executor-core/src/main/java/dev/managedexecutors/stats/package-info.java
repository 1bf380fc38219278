/**
 * Statistics of a pool: the immutable {@link dev.managedexecutors.stats.PoolStats} snapshot and the
 * {@link dev.managedexecutors.stats.TaskListener} through which metrics attach per-task timings.
 *
 * <p>Depends only on {@code java.*}, so metrics layers can use it without knowing the pool.
 */
@NullMarked
package dev.managedexecutors.stats;

import org.jspecify.annotations.NullMarked;
