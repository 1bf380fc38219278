package dev.managedexecutors.benchmarks;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 20's throughput of tiny tasks, against the peers ({@link Peer}): each submitting thread
 * submits a batch of {@value #BATCH} no-op tasks, then waits for all of them; the score is tasks
 * per millisecond, summed over the submitting threads (1, 2 or 4). {@code bound = 0} is an
 * unbounded queue; a positive bound is a bounded queue the batches saturate, with the submitter
 * running what does not fit (CALLER_RUNS; not offered by {@code ForkJoinPool}, run with {@code -p
 * peer=RAW_TPE,OURS,MICROMETER_TPE}). Run with {@code -prof gc} for bytes per task.
 *
 * <p>The warm-up is six seconds: on the 2-core machines measured, every pool (ours, {@code
 * ForkJoinPool}, the raw pool; JDK 17 and 25) ran slower in about the first four seconds of a fork,
 * and a shorter warm-up measured that transient (docs/PERFORMANCE.md).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 3,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class PeerThroughputBenchmark {
  /** Tasks per batch. */
  public static final int BATCH = 1000;

  /** The {@link Runnable} every task runs: shared, so that no benchmark allocates one per task. */
  private static final Runnable NOOP_RUNNABLE = () -> {};

  /** The pool under test. */
  @Param public Peer peer = Peer.RAW_TPE;

  /** Workers in the pool. */
  @Param({"2"})
  public int workers;

  /** Queue capacity (CALLER_RUNS when full); 0 for unbounded. */
  @Param({"0"})
  public int bound;

  private @Nullable ExecutorService pool;

  /** Each submitting thread's futures, reused from batch to batch. */
  @State(Scope.Thread)
  public static class Batch {
    final Future<?>[] futures = new Future<?>[BATCH];
  }

  /** Starts the pool. */
  @Setup
  public void start() {
    pool = peer.start(workers, bound);
  }

  /** Stops the pool. */
  @TearDown
  public void stop() {
    ExecutorService p = pool;
    if (p != null) {
      RawThreadPoolAdapter.shutdownAndWait(p);
    }
  }

  /**
   * One submitting thread.
   *
   * @param batch this thread's futures
   */
  @Benchmark
  @Threads(1)
  @OperationsPerInvocation(BATCH)
  public void oneSubmitter(Batch batch) {
    submitAndWaitAll(batch.futures);
  }

  /**
   * Two submitting threads.
   *
   * @param batch this thread's futures
   */
  @Benchmark
  @Threads(2)
  @OperationsPerInvocation(BATCH)
  public void twoSubmitters(Batch batch) {
    submitAndWaitAll(batch.futures);
  }

  /**
   * Four submitting threads.
   *
   * @param batch this thread's futures
   */
  @Benchmark
  @Threads(4)
  @OperationsPerInvocation(BATCH)
  public void fourSubmitters(Batch batch) {
    submitAndWaitAll(batch.futures);
  }

  /**
   * One submitting thread that submits {@link Runnable}s ({@code submit(Runnable)}), the form of
   * {@code Executor.execute} users and Spring's {@code TaskExecutor}: each pool pays for whatever
   * adapter it wraps a {@code Runnable} in.
   *
   * @param batch this thread's futures
   */
  @Benchmark
  @Threads(1)
  @OperationsPerInvocation(BATCH)
  public void oneSubmitterRunnables(Batch batch) {
    ExecutorService p = java.util.Objects.requireNonNull(pool);
    Future<?>[] futures = batch.futures;
    for (int i = 0; i < futures.length; i++) {
      futures[i] = p.submit(NOOP_RUNNABLE);
    }
    for (Future<?> f : futures) {
      BenchExecutor.await(f);
    }
  }

  private void submitAndWaitAll(Future<?>[] futures) {
    ExecutorService p = java.util.Objects.requireNonNull(pool);
    BenchExecutor.submitAndWaitAll(p::submit, futures);
  }
}
