package dev.managedexecutors.benchmarks;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
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
 * Workload (c), an ordered map over {@code items} inputs with a trivial function, three ways: a
 * plain loop of {@code submit} then {@code get} in order; {@code map} with chunk size 1; {@code
 * map} with chunk size 64. Our pool runs its own {@code map}; the others, having none, run the
 * ordered map a user writes by hand ({@link OrderedMap}), which for chunk size 1 is the loop.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class MapBenchmark {
  private static final Function<Integer, Integer> FN = x -> x;

  /** The executor under test. */
  @Param public ExecutorKind executor = ExecutorKind.RAW_TPE;

  /** Workers in the pool (core = max). */
  @Param({"2"})
  public int workers;

  /** Inputs per map. */
  @Param({"100000"})
  public int items;

  private BenchExecutor ex = new Closed();
  private List<Integer> inputs = List.of();

  /** Starts the executor and makes the inputs. */
  @Setup
  public void start() {
    ex = executor.start(workers);
    List<Integer> in = new ArrayList<>(items);
    for (int i = 0; i < items; i++) {
      in.add(i);
    }
    inputs = in;
  }

  /** Stops the executor. */
  @TearDown
  public void stop() {
    ex.close();
  }

  /**
   * Submits one task per item, then takes the results in order.
   *
   * @return the sum of the results
   */
  @Benchmark
  public long submitLoop() {
    Future<?>[] futures = new Future<?>[inputs.size()];
    for (int i = 0; i < futures.length; i++) {
      Integer item = inputs.get(i);
      futures[i] = ex.submit(() -> FN.apply(item));
    }
    long sum = 0;
    for (Future<?> f : futures) {
      sum += (Integer) BenchExecutor.await(f);
    }
    return sum;
  }

  /**
   * {@code map} with chunk size 1.
   *
   * @return the sum of the results
   */
  @Benchmark
  public long mapChunksize1() {
    return sum(ex.map(FN, inputs, 1));
  }

  /**
   * {@code map} with chunk size 64.
   *
   * @return the sum of the results
   */
  @Benchmark
  public long mapChunksize64() {
    return sum(ex.map(FN, inputs, 64));
  }

  private static long sum(Iterator<Integer> results) {
    long sum = 0;
    while (results.hasNext()) {
      sum += results.next();
    }
    return sum;
  }
}
