package dev.managedexecutors.benchmarks;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One entry of JMH's JSON results ({@code -rf json}), as far as {@link PerformanceReport} reads it;
 * {@link RetainedMemory} writes its results in the same shape. Jackson maps the JSON to it and
 * ignores the other fields. Immutable.
 *
 * @param benchmark the benchmark method, fully qualified
 * @param mode JMH's mode ({@code avgt}, {@code thrpt}, …)
 * @param jvm the java command that ran the fork
 * @param jdkVersion the JDK's version
 * @param vmName the JVM's name
 * @param vmVersion the JVM's version
 * @param jmhVersion JMH's version
 * @param forks the number of forks
 * @param warmupIterations the number of warm-up iterations
 * @param warmupTime the length of a warm-up iteration, as JMH writes it
 * @param measurementIterations the number of measurement iterations
 * @param measurementTime the length of a measurement iteration
 * @param jvmArgs the fork's JVM arguments
 * @param params the benchmark's parameters, by name
 * @param primaryMetric the score
 * @param secondaryMetrics the profilers' figures, by name
 */
record JmhResult(
    String benchmark,
    String mode,
    @Nullable String jvm,
    @Nullable String jdkVersion,
    @Nullable String vmName,
    @Nullable String vmVersion,
    @Nullable String jmhVersion,
    @Nullable Integer forks,
    @Nullable Integer warmupIterations,
    @Nullable String warmupTime,
    @Nullable Integer measurementIterations,
    @Nullable String measurementTime,
    @Nullable List<String> jvmArgs,
    @Nullable Map<String, String> params,
    @Nullable Metric primaryMetric,
    @Nullable Map<String, Metric> secondaryMetrics) {

  /**
   * A score with its error, JMH's 99.9% confidence half-width ({@code NaN} when JMH could not
   * compute one, which its JSON writes as the string {@code "NaN"}).
   *
   * @param score the mean
   * @param scoreError the error
   * @param scoreUnit the unit
   * @param rawData the values per fork and iteration
   */
  record Metric(
      double score, double scoreError, String scoreUnit, @Nullable List<List<Double>> rawData) {}
}
