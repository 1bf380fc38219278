package dev.managedexecutors.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import org.openjdk.jmh.util.ListStatistics;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Workload (e), second half: retained heap per pending task. For each executor, the workers are
 * blocked, {@code queued} no-op tasks are submitted and their futures kept (as a caller would), and
 * the live heap is measured after a full GC before and after; the difference divided by {@code
 * queued} is what one pending task costs, queue node and future included. Repeated {@code rounds}
 * times per executor; the error is JMH's 99.9% confidence half-width over the rounds.
 *
 * <p>Not a JMH benchmark (JMH measures time and allocation, not retention), but it runs the same
 * adapters, and writes its results as JMH-style JSON so that {@link PerformanceReport} reads both
 * alike. Run it in its own JVM with G1 (the default collector), whose {@code System.gc()} is a full
 * collection; on JDK 17, SerialGC's explicit collections left the previous round's garbage in every
 * other measurement here, so its figures alternate.
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
    List<Map<String, Object>> entries = new ArrayList<>();
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
    Future<?>[] held = new Future<?>[queued]; // allocated before the baseline: not counted
    try {
      long before = liveHeap();
      for (int i = 0; i < queued; i++) {
        held[i] = ex.submit(Task.NOOP);
      }
      long after = liveHeap();
      // The compiled loop may treat `held` as dead once filled: keep the futures reachable here.
      Reference.reachabilityFence(held);
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

  /** The heap in use at the end of a full GC: what survived it, whatever was allocated since. */
  private static long liveHeap() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    long used = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      MemoryUsage afterGc = pool.getCollectionUsage();
      if (pool.getType() == MemoryType.HEAP && afterGc != null) {
        used += afterGc.getUsed();
      }
    }
    return used;
  }

  /** One result in the shape of JMH's JSON, so that {@link PerformanceReport} reads both alike. */
  private static Map<String, Object> entry(
      ExecutorKind kind, int workers, int queued, double[] values, double mean, double error) {
    Map<String, Object> metric = new LinkedHashMap<>();
    metric.put("score", mean);
    metric.put("scoreError", Double.isNaN(error) ? "NaN" : error);
    metric.put("scoreUnit", "B/task");
    metric.put("rawData", List.of(values));
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("benchmark", RetainedMemory.class.getName() + ".pendingTask");
    entry.put("mode", "retained");
    entry.put("jvm", ProcessHandle.current().info().command().orElse("java"));
    entry.put("jdkVersion", System.getProperty("java.version", "?"));
    entry.put("vmName", System.getProperty("java.vm.name", "?"));
    entry.put(
        "params",
        Map.of(
            "executor", kind.name(),
            "workers", String.valueOf(workers),
            "queued", String.valueOf(queued)));
    entry.put("primaryMetric", metric);
    return entry;
  }
}
