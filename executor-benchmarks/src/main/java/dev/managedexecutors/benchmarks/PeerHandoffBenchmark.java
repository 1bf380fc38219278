package dev.managedexecutors.benchmarks;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
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
 * Issue 20's hand-off latency, against the peers ({@link Peer}): one thread submits a no-op task
 * and waits for its result, again and again, so every task finds idle workers; the score is the
 * round trip (submit, wake or find a worker, run, complete, wake the waiter).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 3,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class PeerHandoffBenchmark {
  /** The pool under test. */
  @Param public Peer peer = Peer.RAW_TPE;

  /** Workers in the pool. */
  @Param({"2"})
  public int workers;

  private @Nullable ExecutorService pool;

  /** Starts the pool. */
  @Setup
  public void start() {
    pool = peer.start(workers, 0);
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
   * Submits a no-op task and waits for it.
   *
   * @return the task's result
   */
  @Benchmark
  public Object submitAndWait() {
    return BenchExecutor.await(java.util.Objects.requireNonNull(pool).submit(Task.NOOP));
  }
}
