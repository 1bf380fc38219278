package dev.managedexecutors.benchmarks;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The figures of {@link PerformanceReport}'s tables: cost ratios with their propagated errors, how
 * a score or a ratio is written in a cell, and how a case is named.
 *
 * <p>Thread-safety: stateless.
 */
final class ReportFigures {
  private ReportFigures() {}

  /** Our cost divided by theirs, and its error; NaN where a score is missing. */
  static double[] costRatio(
      String mode,
      Map<ExecutorKind, PerformanceReport.Figure> scores,
      ExecutorKind ours,
      ExecutorKind theirs) {
    PerformanceReport.Figure o = scores.get(ours);
    PerformanceReport.Figure t = scores.get(theirs);
    if (o == null || t == null || o.score() <= 0 || t.score() <= 0) {
      return new double[] {Double.NaN, Double.NaN};
    }
    // Throughput is work per time: the cost ratio is its inverse.
    double ratio = "thrpt".equals(mode) ? t.score() / o.score() : o.score() / t.score();
    // A score from a single iteration has no error (NaN); then neither has the ratio.
    double relative = Math.sqrt(sq(o.error() / o.score()) + sq(t.error() / t.score()));
    return new double[] {ratio, ratio * relative};
  }

  static String ratioCell(
      String mode,
      Map<ExecutorKind, PerformanceReport.Figure> scores,
      ExecutorKind ours,
      ExecutorKind theirs) {
    double[] r = costRatio(mode, scores, ours, theirs);
    if (Double.isNaN(r[0])) {
      return "–";
    }
    return String.format(Locale.ROOT, "%.2f", r[0]) + errorSuffix(r[1], 2);
  }

  static String figureCell(PerformanceReport.@Nullable Figure f) {
    if (f == null) {
      return "–";
    }
    int decimals = f.score() >= 100 ? 0 : f.score() >= 10 ? 1 : 2;
    return String.format(Locale.ROOT, "%." + decimals + "f", f.score())
        + errorSuffix(f.error(), decimals);
  }

  static String errorSuffix(double error, int decimals) {
    if (Double.isNaN(error) || Double.isInfinite(error)) {
      return "";
    }
    return String.format(Locale.ROOT, " ± %." + decimals + "f", error);
  }

  static double sq(double x) {
    return x * x;
  }

  /** A text of the run's metadata, or "?" when JMH did not record it. */
  static String text(@Nullable String value) {
    return Objects.requireNonNullElse(value, "?");
  }

  /** A number of the run's metadata, or "?" when JMH did not record it. */
  static String number(@Nullable Integer value) {
    return value == null ? "?" : String.valueOf(value);
  }

  /** The benchmark's class and method, without the package. */
  static String shortName(String benchmark) {
    int method = benchmark.lastIndexOf('.');
    int type = method > 0 ? benchmark.lastIndexOf('.', method - 1) : -1;
    return benchmark.substring(type + 1);
  }

  private static final Map<String, String> LABELS =
      Map.of(
          "HandoffBenchmark.submitAndWait", "(a) submit + wait",
          "ThroughputBenchmark.oneSubmitter", "(b) 1 submitter",
          "ThroughputBenchmark.fourSubmitters", "(b) 4 submitters",
          "MapBenchmark.submitLoop", "(c) loop of submit",
          "MapBenchmark.mapChunksize1", "(c) map, chunksize 1",
          "MapBenchmark.mapChunksize64", "(c) map, chunksize 64",
          "CallbackFanoutBenchmark.submitWithCallbacks", "(d) fan-out",
          "RetainedMemory.pendingTask", "(e) retained per pending task");

  /** A case's label: its benchmark's, then its parameters. */
  static String label(String benchmark, Map<String, String> params) {
    StringBuilder sb = new StringBuilder(LABELS.getOrDefault(benchmark, benchmark));
    params.forEach((name, value) -> sb.append(", ").append(value).append(' ').append(name));
    return sb.toString();
  }
}
