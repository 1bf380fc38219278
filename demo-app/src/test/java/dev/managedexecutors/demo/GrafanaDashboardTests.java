package dev.managedexecutors.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shipped Grafana dashboard works when provisioned from a file (no import step resolves {@code
 * __inputs} there) and keeps several instances apart. Whether its queries return data is {@link
 * PrometheusScrapeIT}'s job.
 */
class GrafanaDashboardTests {

  private static final String SELECTOR =
      "{application=~\"$application\", instance=~\"$instance\", name=~\"$pool\"}";
  private static final Pattern METER = Pattern.compile("executor_\\w+(\\{[^}]*})?");

  private final JsonNode dashboard =
      JsonMapper.builder()
          .build()
          .readTree(read(ObservabilityFiles.observabilityDir().resolve("grafana-dashboard.json")));

  @Test
  void everyDataSourceIsTheDatasourceVariableAndNothingNeedsAnImportStep() {
    assertThat(dashboard.has("__inputs")).as("__inputs, resolved only by a UI import").isFalse();
    JsonNode variable = dashboard.path("templating").path("list").path(0);
    assertThat(variable.path("name").asString()).isEqualTo("datasource");
    assertThat(variable.path("type").asString()).isEqualTo("datasource");
    assertThat(variable.path("query").asString()).isEqualTo("prometheus");
    List<JsonNode> references = new ArrayList<>();
    dashboard.findValues("datasource").forEach(references::add);
    assertThat(references).hasSizeGreaterThan(10);
    for (JsonNode ds : references) {
      assertThat(ds.path("uid").asString()).as(ds.toString()).isEqualTo("${datasource}");
    }
    assertThat(dashboard.toString()).doesNotContain("DS_PROMETHEUS");
  }

  @Test
  void everyPanelQuerySelectsByApplicationInstanceAndPoolAndLegendsNameTheInstance() {
    List<String> exprs = ObservabilityFiles.expressions();
    assertThat(exprs).isNotEmpty();
    for (String expr : exprs) {
      Matcher m = METER.matcher(expr);
      int meters = 0;
      while (m.find()) {
        meters++;
        assertThat(m.group(1)).as(expr).isEqualTo(SELECTOR);
      }
      assertThat(meters).as(expr).isPositive();
    }
    for (JsonNode legend : dashboard.findValues("legendFormat")) {
      assertThat(legend.asString()).contains("{{instance}}");
    }
  }

  @Test
  void variablesChainFromApplicationToInstanceToPool() {
    assertThat(ObservabilityFiles.variableQueries())
        .containsExactly(
            Map.entry("application", "label_values(executor_pool_max_threads, application)"),
            Map.entry(
                "instance",
                "label_values(executor_pool_max_threads{application=~\"$application\"}, instance)"),
            Map.entry(
                "pool",
                "label_values(executor_pool_max_threads{application=~\"$application\","
                    + " instance=~\"$instance\"}, name)"));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
