package dev.managedexecutors.demo;

import dev.managedexecutors.stats.PoolStats;

/**
 * What the live page shows of one pool: its {@link PoolStats} snapshot and the recent percentiles
 * of its timers, in milliseconds ({@code -1} until the first task has been timed).
 *
 * @param stats the pool's statistics
 * @param queuedP50 median time a task waited in the queue
 * @param queuedP95 95th percentile of the time queued
 * @param queuedP99 99th percentile of the time queued
 * @param runningP50 median time a task ran
 * @param runningP95 95th percentile of the time running
 * @param runningP99 99th percentile of the time running
 */
public record PoolView(
    PoolStats stats,
    double queuedP50,
    double queuedP95,
    double queuedP99,
    double runningP50,
    double runningP95,
    double runningP99) {}
