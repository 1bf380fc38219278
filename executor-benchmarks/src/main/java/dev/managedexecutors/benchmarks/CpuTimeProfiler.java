package dev.managedexecutors.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler that reports the CPU time the benchmark's JVM spent per operation, over all its
 * threads (submitters, workers, and the JVM's own): {@code cpu.time.norm}, in ns/op; and on Linux
 * the voluntary context switches per operation ({@code ctxsw.norm}: a thread blocked, typically
 * parking for lack of work or a result), summed over the JVM's live threads. Run it with {@code
 * -prof dev.managedexecutors.benchmarks.CpuTimeProfiler}, <b>before</b> {@code -prof gc}: JMH
 * starts profilers in the order given and stops them in reverse, so listed first this one reads
 * /proc outside the GC profiler's window, and the bytes that reading allocates are not charged to
 * the benchmark.
 *
 * <p>Wall-clock scores on a machine shared with other work swing with the neighbours' load, because
 * our threads wait for a CPU; CPU time per operation does not count that wait, while it still
 * counts what our code does (instructions, fences, contended cache lines, spinning). It is the
 * steadier figure for comparing executors there. It includes JIT compilation and GC threads, which
 * is why warm-up matters for it as much as for the score.
 */
public final class CpuTimeProfiler implements InternalProfiler {
  private final com.sun.management.OperatingSystemMXBean os;
  private long startCpu;
  private long startSwitches;

  /** Called by JMH. */
  public CpuTimeProfiler() {
    OperatingSystemMXBean bean = ManagementFactory.getOperatingSystemMXBean();
    if (!(bean instanceof com.sun.management.OperatingSystemMXBean hotspot)) {
      throw new UnsupportedOperationException("process CPU time is not available on this JVM");
    }
    this.os = hotspot;
  }

  @Override
  public String getDescription() {
    return "Process CPU time per operation, all threads (ns/op)";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    startSwitches = voluntarySwitches();
    startCpu = os.getProcessCpuTime();
  }

  @Override
  public Collection<? extends Result<?>> afterIteration(
      BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
    long cpu = os.getProcessCpuTime() - startCpu;
    long switches = voluntarySwitches() - startSwitches;
    long ops = result.getMetadata().getAllOps();
    if (ops == 0) {
      return List.of();
    }
    List<Result<?>> results = new ArrayList<>();
    results.add(
        new ScalarResult("cpu.time.norm", (double) cpu / ops, "ns/op", AggregationPolicy.AVG));
    if (startSwitches >= 0 && switches >= 0) {
      results.add(
          new ScalarResult("ctxsw.norm", (double) switches / ops, "#/op", AggregationPolicy.AVG));
    }
    return results;
  }

  /**
   * Sums voluntary context switches over this JVM's live threads, from /proc; -1 where there is no
   * /proc (threads that ended during the iteration are not counted).
   */
  private static long voluntarySwitches() {
    Path tasks = Path.of("/proc/self/task");
    if (!Files.isDirectory(tasks)) {
      return -1;
    }
    long sum = 0;
    try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
      for (Path thread : threads) {
        try {
          for (String line : Files.readAllLines(thread.resolve("status"))) {
            if (line.startsWith("voluntary_ctxt_switches:")) {
              sum += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
          }
        } catch (IOException | NumberFormatException ended) {
          // the thread ended while we read: it is not counted
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return sum;
  }
}
