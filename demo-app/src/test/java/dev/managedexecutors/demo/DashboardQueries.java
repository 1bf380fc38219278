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
import tools.jackson.databind.JsonNode;

/** The check both Prometheus tests make: the dashboard's queries answer for every pool. */
final class DashboardQueries {

  static final List<String> POOLS = List.of("io", "cpu", "default");

  private DashboardQueries() {}

  /**
   * Waits until every panel expression of the shipped dashboard, with {@code $pool} set to each
   * pool, returns a non-empty result, and until Prometheus saw the io queue rise; writes what it
   * queried to {@code report}.
   */
  static void assertEveryPanelHasDataForEveryPool(PrometheusApi prometheus, Path report) {
    List<String> exprs = ObservabilityFiles.expressions();
    assertThat(exprs).hasSizeGreaterThanOrEqualTo(7);
    // The dashboard's pool variable, label_values(executor_pool_max_threads, name), in PromQL:
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              List<String> names = new ArrayList<>();
              prometheus
                  .query("group by (name) (executor_pool_max_threads)")
                  .forEach(s -> names.add(s.path("metric").path("name").asString()));
              assertThat(names).containsAll(POOLS);
            });
    List<String> queried = new ArrayList<>();
    for (String expr : exprs) {
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
