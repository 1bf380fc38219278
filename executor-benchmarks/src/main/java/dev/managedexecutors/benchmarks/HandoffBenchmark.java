package dev.managedexecutors.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Workload (a), hand-off latency: one thread submits a no-op task and waits for its result, again
 * and again, so every task finds idle workers and the score is the round trip (submit, wake a
 * worker, run, complete, wake the waiter).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class HandoffBenchmark {
  /** The executor under test. */
  @Param public ExecutorKind executor = ExecutorKind.RAW_TPE;

  /** Workers in the pool (core = max). */
  @Param({"2", "4"})
  public int workers;

  private BenchExecutor ex = new Closed();

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
   * Submits a no-op task and waits for it.
   *
   * @return the task's result
   */
  @Benchmark
  public Object submitAndWait() {
    return BenchExecutor.await(ex.submit(Task.NOOP));
  }
}
