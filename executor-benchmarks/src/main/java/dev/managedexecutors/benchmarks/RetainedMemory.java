package dev.managedexecutors.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import org.openjdk.jmh.util.ListStatistics;
import org.openjdk.jol.info.GraphLayout;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Workload (e), second half: retained heap per pending task. For each executor, the workers are
 * blocked, {@code queued} no-op tasks are submitted and their futures kept (as a caller would), and
 * JOL ({@link GraphLayout}) adds up the sizes of every object reachable from the executor and the
 * held futures, before and after; the difference divided by {@code queued} is what one pending task
 * costs, queue node and future included. The walk counts exactly the objects that are reachable, so
 * no garbage collection is needed and the figure does not depend on the collector. Repeated {@code
 * rounds} times per executor; the error is JMH's 99.9% confidence half-width over the rounds.
 *
 * <p>Not a JMH benchmark (JMH measures time and allocation, not retention), but it runs the same
 * adapters, and writes its results as JMH-style JSON so that {@link PerformanceReport} reads both
 * alike. The graph reaches lambdas (hidden classes, whose field offsets {@code Unsafe} refuses) and
 * JDK internals, so run it with {@code -Djdk.attach.allowAttachSelf -Djol.magicFieldOffset=true},
 * as {@code run-benchmarks.sh} does.
 *
 * <p>Usage: {@code RetainedMemory [--queued N] [--rounds R] [--workers W] [--out file.json]}
 */
public final class RetainedMemory {
  private RetainedMemory() {}

  /**
   * Measures every executor kind and writes the JSON.
   *
   * @param args see the class documentation
   * @throws IOException if the output cannot be written
   * @throws InterruptedException if interrupted while the workers are blocked
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    int queued = 100_000;
    int rounds = 5;
    int workers = 2;
    Path out = Path.of("target/benchmarks/retained.json");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--queued" -> queued = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--workers" -> workers = Integer.parseInt(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
      }
    }
    List<JmhResult> entries = new ArrayList<>();
    for (ExecutorKind kind : ExecutorKind.values()) {
      measure(kind, workers, queued); // warm-up round: class loading, JIT, lazily made structures
      double[] values = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        values[r] = measure(kind, workers, queued);
      }
      ListStatistics stats = new ListStatistics(values);
      double error = rounds > 1 ? stats.getMeanErrorAt(0.999) : Double.NaN;
      System.out.printf(
          Locale.ROOT, "%-16s %8.1f ± %5.1f B/pending task%n", kind, stats.getMean(), error);
      entries.add(entry(kind, workers, queued, values, stats.getMean(), error));
    }
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    JsonMapper.builder()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .build()
        .writeValue(out, entries);
  }

  private static double measure(ExecutorKind kind, int workers, int queued)
      throws InterruptedException {
    BenchExecutor ex = kind.start(workers);
    CountDownLatch started = new CountDownLatch(workers);
    CountDownLatch gate = new CountDownLatch(1);
    Task<Integer> blocker =
        () -> {
          started.countDown();
          try {
            gate.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return 0;
        };
    List<Future<?>> blockers = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      blockers.add(ex.submit(blocker));
    }
    started.await();
    Future<?>[] held = new Future<?>[queued]; // counted before and after: cancels out
    try {
      long before = GraphLayout.parseInstance(ex, held).totalSize();
      for (int i = 0; i < queued; i++) {
        held[i] = ex.submit(Task.NOOP);
      }
      long after = GraphLayout.parseInstance(ex, held).totalSize();
      return (after - before) / (double) queued;
    } finally {
      gate.countDown();
      for (Future<?> f : blockers) {
        BenchExecutor.await(f);
      }
      for (Future<?> f : held) {
        if (f != null) {
          BenchExecutor.await(f);
        }
      }
      ex.close();
    }
  }

  /** One result in the shape of JMH's, so that {@link PerformanceReport} reads both alike. */
  private static JmhResult entry(
      ExecutorKind kind, int workers, int queued, double[] values, double mean, double error) {
    List<Double> raw = new ArrayList<>();
    for (double v : values) {
      raw.add(v);
    }
    return new JmhResult(
        RetainedMemory.class.getName() + ".pendingTask",
        "retained",
        ProcessHandle.current().info().command().orElse("java"),
        System.getProperty("java.version", "?"),
        System.getProperty("java.vm.name", "?"),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        Map.of(
            "executor", kind.name(),
            "workers", String.valueOf(workers),
            "queued", String.valueOf(queued)),
        new JmhResult.Metric(mean, error, "B/task", List.of(raw)),
        null);
  }
}
