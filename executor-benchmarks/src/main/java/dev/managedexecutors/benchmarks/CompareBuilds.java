package dev.managedexecutors.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Compares builds of the pool from interleaved JMH rounds, as {@code compare-builds.sh} runs them:
 * in every round each build ran once, raw TPE and ours in separate forks one after the other. For
 * each build and case it prints the cost ratio ours / raw TPE of every round, as their median and
 * range, in wall-clock cost and in CPU time per operation. Ratios taken within one round share that
 * round's machine load, and their median shrugs off the rounds that another process disturbed,
 * which single runs on a shared machine cannot do.
 *
 * <p>Usage: {@code CompareBuilds --out FILE LABEL=DIR...}, where each {@code DIR} holds that
 * build's {@code round-N.json} files. Not thread-safe; a command-line tool.
 */
final class CompareBuilds {
  private CompareBuilds() {}

  /**
   * Reads the rounds and writes the Markdown table.
   *
   * @param args {@code --out FILE} and one {@code LABEL=DIR} per build
   * @throws IOException if a file cannot be read or written
   */
  public static void main(String[] args) throws IOException {
    Path out = null;
    Map<String, Path> builds = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--out") && i + 1 < args.length) {
        out = Path.of(args[++i]);
      } else if (args[i].contains("=")) {
        int eq = args[i].indexOf('=');
        builds.put(args[i].substring(0, eq), Path.of(args[i].substring(eq + 1)));
      } else {
        throw new IllegalArgumentException(
            "unexpected argument '" + args[i] + "'; usage: --out FILE LABEL=DIR...");
      }
    }
    if (out == null || builds.isEmpty()) {
      throw new IllegalArgumentException("usage: --out FILE LABEL=DIR... (at least one build)");
    }
    // case label -> build label -> ratios of every round
    Map<String, Map<String, List<double[]>>> ratios = new LinkedHashMap<>();
    for (Map.Entry<String, Path> build : builds.entrySet()) {
      for (Path round : rounds(build.getValue())) {
        for (PerformanceReport.Case c :
            PerformanceReport.cases(PerformanceReport.read(round)).values()) {
          double[] r = ratio(c);
          if (r != null) {
            ratios
                .computeIfAbsent(c.label(), k -> new LinkedHashMap<>())
                .computeIfAbsent(build.getKey(), k -> new ArrayList<>())
                .add(r);
          }
        }
      }
    }
    String table = table(builds.keySet(), ratios);
    Files.writeString(out, table, StandardCharsets.UTF_8);
    System.out.print(table);
  }

  private static List<Path> rounds(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(f -> f.getFileName().toString().matches("round-\\d+\\.json"))
          .sorted()
          .toList();
    }
  }

  /** {wall-clock cost ratio, CPU ratio} of ours against raw TPE, or null if either is missing. */
  private static double @org.jspecify.annotations.Nullable [] ratio(PerformanceReport.Case c) {
    PerformanceReport.Figure raw = c.scores().get(ExecutorKind.RAW_TPE);
    PerformanceReport.Figure ours = c.scores().get(ExecutorKind.MANAGED);
    if (raw == null || ours == null) {
      return null;
    }
    // Throughput: the cost is the inverse of the score.
    double wall =
        c.mode().equals("thrpt") ? raw.score() / ours.score() : ours.score() / raw.score();
    PerformanceReport.Figure rawCpu = c.cpu().get(ExecutorKind.RAW_TPE);
    PerformanceReport.Figure oursCpu = c.cpu().get(ExecutorKind.MANAGED);
    double cpu = rawCpu == null || oursCpu == null ? Double.NaN : oursCpu.score() / rawCpu.score();
    return new double[] {wall, cpu};
  }

  private static String table(
      Iterable<String> builds, Map<String, Map<String, List<double[]>>> ratios) {
    StringBuilder md = new StringBuilder("| case |");
    StringBuilder rule = new StringBuilder("| --- |");
    for (String b : builds) {
      md.append(" ").append(b).append(": ours / raw TPE | ").append(b).append(": CPU per op |");
      rule.append(" --- | --- |");
    }
    md.append('\n').append(rule).append('\n');
    for (Map.Entry<String, Map<String, List<double[]>>> c : ratios.entrySet()) {
      md.append("| ").append(c.getKey()).append(" |");
      for (String b : builds) {
        List<double[]> rs = c.getValue().getOrDefault(b, List.of());
        md.append(' ').append(summary(rs, 0)).append(" | ").append(summary(rs, 1)).append(" |");
      }
      md.append('\n');
    }
    return md.toString();
  }

  /** "median (min–max, n rounds)" of one component of the ratios. */
  private static String summary(List<double[]> ratios, int component) {
    double[] v =
        ratios.stream().mapToDouble(r -> r[component]).filter(d -> !Double.isNaN(d)).toArray();
    if (v.length == 0) {
      return "–";
    }
    java.util.Arrays.sort(v);
    double median =
        v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    return String.format(
        Locale.ROOT, "%.2f (%.2f–%.2f, n=%d)", median, v[0], v[v.length - 1], v.length);
  }
}
