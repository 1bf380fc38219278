package dev.managedexecutors.benchmarks;

import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
 * Workload (b), throughput of tiny tasks: each submitting thread submits a batch of {@value #BATCH}
 * no-op tasks, then waits for all of them; the score is tasks per millisecond, summed over the
 * submitting threads. Tasks queue up, so this measures the per-task cost of submission, queueing,
 * running and completing, rather than wake-up latency.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class ThroughputBenchmark {
  /** Tasks per batch. */
  public static final int BATCH = 1000;

  /** The executor under test. */
  @Param public ExecutorKind executor = ExecutorKind.RAW_TPE;

  /** Workers in the pool (core = max). */
  @Param({"2", "4"})
  public int workers;

  private BenchExecutor ex = new Closed();

  /** Each submitting thread's futures, reused from batch to batch. */
  @State(Scope.Thread)
  public static class Batch {
    final Future<?>[] futures = new Future<?>[BATCH];
  }

  /** Starts the executor. */
  @Setup
  public void start() {
    ex = executor.start(workers);
  }

  /** Stops the executor. */
  @TearDown
  public void stop() {
    ex.close();
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
   * Four submitting threads at once, sharing the pool.
   *
   * @param batch this thread's futures
   */
  @Benchmark
  @Threads(4)
  @OperationsPerInvocation(BATCH)
  public void fourSubmitters(Batch batch) {
    submitAndWaitAll(batch.futures);
  }

  private void submitAndWaitAll(Future<?>[] futures) {
    BenchExecutor executor = ex;
    BenchExecutor.submitAndWaitAll(executor::submit, futures);
  }
}
