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
 * Workload (d), done-callback fan-out: submit a no-op task, attach {@code callbacks} done-callbacks
 * to its future with the executor's own mechanism, and wait until every callback has run.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class CallbackFanoutBenchmark {
  /** The executor under test. */
  @Param public ExecutorKind executor = ExecutorKind.RAW_TPE;

  /** Workers in the pool (core = max). */
  @Param({"2"})
  public int workers;

  /** Done-callbacks per future. */
  @Param({"16"})
  public int callbacks;

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

  /** Submits, attaches the callbacks, and waits until all have run. */
  @Benchmark
  public void submitWithCallbacks() {
    Fanout fanout = new Fanout(callbacks);
    ex.submitWithCallbacks(Task.NOOP, fanout);
    fanout.await();
  }
}
