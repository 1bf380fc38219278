/**
 * JMH benchmarks of {@link dev.managedexecutors.ManagedThreadPool} against a raw {@link
 * java.util.concurrent.ThreadPoolExecutor} (the baseline), Spring's {@code ThreadPoolTaskExecutor},
 * {@link java.util.concurrent.CompletableFuture} on the raw pool and dynamic-tp's {@code
 * DtpExecutor}. Every executor is reached through one {@link
 * dev.managedexecutors.benchmarks.BenchExecutor} adapter interface, so each benchmark runs the same
 * code against each of them in the same run.
 */
@NullMarked
package dev.managedexecutors.benchmarks;

import org.jspecify.annotations.NullMarked;
