package dev.managedexecutors.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/** The check both Prometheus tests make: the dashboard's queries answer for every pool. */
final class DashboardQueries {

  static final List<String> POOLS = List.of("io", "cpu", "default");

  /**
   * Meters the dashboard charts that the demo does not export yet, with the work that adds them.
   * Their panels cannot be checked for data; instead the check asserts that they are still absent,
   * so the day one appears this fails and the entry must go (and its panel gets checked).
   */
  static final Map<String, String> PENDING_METERS =
      Map.of(
          "executor_reconfigurations_total",
          "live reconfiguration: counted only with Spring Cloud Context, which the demo does not"
              + " bring, after a refresh");

  private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.+), *(\\w+)\\)");

  private DashboardQueries() {}

  /**
   * Waits until every variable query and every panel expression of the shipped dashboard, with
   * {@code $pool} set to each pool, returns a non-empty result, and until Prometheus saw the io
   * queue rise; writes what it queried to {@code report}.
   */
  static void assertEveryPanelHasDataForEveryPool(PrometheusApi prometheus, Path report) {
    List<String> exprs = ObservabilityFiles.expressions();
    assertThat(exprs).hasSizeGreaterThanOrEqualTo(7);
    List<String> queried = new ArrayList<>();
    // The variables, label_values(selector, label) in PromQL: group by (label) (selector).
    Map<String, String> variables = ObservabilityFiles.variableQueries();
    assertThat(variables).containsOnlyKeys("application", "instance", "pool");
    for (Map.Entry<String, String> variable : variables.entrySet()) {
      Matcher m = LABEL_VALUES.matcher(ObservabilityFiles.withVariables(variable.getValue()));
      assertThat(m.matches()).as(variable.getValue()).isTrue();
      String label = m.group(2);
      String promql = "group by (" + label + ") (" + m.group(1) + ")";
      queried.add(promql);
      List<String> expected =
          switch (variable.getKey()) {
            case "application" -> List.of(ObservabilityFiles.APPLICATION);
            case "pool" -> POOLS;
            default -> List.of();
          };
      await("values of $" + variable.getKey() + ": " + promql)
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                List<String> values = new ArrayList<>();
                prometheus
                    .query(promql)
                    .forEach(s -> values.add(s.path("metric").path(label).asString()));
                assertThat(values).isNotEmpty().containsAll(expected);
              });
    }
    for (Map.Entry<String, String> pending : PENDING_METERS.entrySet()) {
      String meter = pending.getKey();
      assertThat(exprs).as("a panel on %s", meter).anyMatch(e -> e.contains(meter));
      assertThat(prometheus.query("count(" + meter + ")"))
          .as(
              "%s is exported now (%s): remove it from DashboardQueries.PENDING_METERS so its"
                  + " panel is checked",
              meter, pending.getValue())
          .isEmpty();
    }
    for (String expr : exprs) {
      if (PENDING_METERS.keySet().stream().anyMatch(expr::contains)) {
        continue;
      }
      for (String pool : POOLS) {
        String promql = ObservabilityFiles.forPool(expr, pool);
        queried.add(promql);
        await("data for " + promql)
            .atMost(Duration.ofSeconds(60))
            .pollDelay(Duration.ZERO)
            .pollInterval(Duration.ofMillis(500))
            .untilAsserted(
                () -> {
                  JsonNode result = prometheus.query(promql);
                  assertThat(result).as(promql).isNotEmpty();
                  result.forEach(
                      s -> assertThat(s.path("metric").path("name").asString()).isEqualTo(pool));
                });
      }
    }
    // The load is visible to Prometheus, not only present: io's queue rose within the last minute.
    String rose = "max_over_time(executor_queued_tasks{name=\"io\"}[1m]) > 0";
    queried.add(rose);
    await(rose)
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(prometheus.query(rose)).isNotEmpty());
    try {
      Files.createDirectories(report.getParent());
      Files.write(report, queried);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
