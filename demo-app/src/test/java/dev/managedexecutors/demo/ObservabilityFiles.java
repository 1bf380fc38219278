package dev.managedexecutors.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The shipped {@code observability/} files, read as a user would load them. */
final class ObservabilityFiles {

  /** What {@code $__rate_interval} and {@code $__interval} stand for when scraping every second. */
  static final String RATE_INTERVAL = "15s";

  static final String INTERVAL = "5s";

  /** The demo's {@code application} tag ({@code spring.application.name}). */
  static final String APPLICATION = "managed-executors-demo";

  /** What Grafana sends for a multi-value variable set to All when its {@code allValue} is this. */
  static final String ALL = ".*";

  private static final Pattern ALERT = Pattern.compile("(?m)^\\s*- alert: (\\w+)\\s*$");

  /** A rule's {@code for:} line; the duration is group 2. */
  private static final Pattern FOR = Pattern.compile("(?m)^(\\s+for: )(\\w+)");

  private ObservabilityFiles() {}

  static Path observabilityDir() {
    // Set by failsafe; from an IDE the working directory is usually demo-app.
    String dir = System.getProperty("demo.observability.dir", "observability");
    return Path.of(dir);
  }

  /** The top-level {@code observability/prometheus/} folder of the repository. */
  static Path rulesDir() {
    return Path.of(System.getProperty("demo.rules.dir", "../observability/prometheus"));
  }

  static Path rulesFile() {
    return rulesDir().resolve("managed-executors.rules.yml");
  }

  /** The names of the alerts in the shipped rules, in file order. */
  static List<String> alertNames() {
    Matcher m = ALERT.matcher(read(rulesFile()));
    List<String> names = new ArrayList<>();
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /**
   * The shipped rules with every {@code for:} duration replaced by {@code hold}, so that a test
   * sees an alert fire within seconds. Nothing else changes; docs/alerting.md shows the same
   * substitution with sed.
   */
  static String rulesWithFor(String hold) {
    String shipped = read(rulesFile());
    Matcher m = FOR.matcher(shipped);
    if (!m.find()) {
      throw new AssertionError("no `for:` left in " + rulesFile());
    }
    return m.replaceAll("$1" + hold);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path targetDir() {
    return Path.of(System.getProperty("demo.target.dir", "target"));
  }

  /** Every panel target's {@code expr}, rows' nested panels included, as written. */
  static List<String> expressions() {
    List<String> exprs = new ArrayList<>();
    collect(dashboard().path("panels"), exprs);
    return exprs;
  }

  private static JsonNode dashboard() {
    return JsonMapper.builder()
        .build()
        .readTree(read(observabilityDir().resolve("grafana-dashboard.json")));
  }

  private static void collect(JsonNode panels, List<String> exprs) {
    for (JsonNode panel : panels) {
      for (JsonNode target : panel.path("targets")) {
        if (target.has("expr")) {
          exprs.add(target.path("expr").asString());
        }
      }
      collect(panel.path("panels"), exprs);
    }
  }

  /**
   * The expression as Grafana would send it with the variable {@code pool} set to {@code pool},
   * {@code application} set to the demo's and {@code instance} to All (its {@code allValue}).
   */
  static String forPool(String expr, String pool) {
    return withVariables(expr).replace("${pool}", pool).replace("$pool", pool);
  }

  /**
   * The expression with Grafana's interval variables, and the dashboard's {@code application} and
   * {@code instance} variables, replaced as {@link #forPool} does.
   */
  static String withVariables(String expr) {
    return expr.replace("$__rate_interval", RATE_INTERVAL)
        .replace("$__interval", INTERVAL)
        .replace("${application}", APPLICATION)
        .replace("$application", APPLICATION)
        .replace("${instance}", ALL)
        .replace("$instance", ALL);
  }

  /**
   * The {@code label_values(selector, label)} query of every variable of type query, as written,
   * keyed by the variable's name.
   */
  static Map<String, String> variableQueries() {
    Map<String, String> queries = new LinkedHashMap<>();
    for (JsonNode variable : dashboard().path("templating").path("list")) {
      if ("query".equals(variable.path("type").asString())) {
        queries.put(
            variable.path("name").asString(), variable.path("query").path("query").asString());
      }
    }
    return queries;
  }

  /**
   * The shipped {@code prometheus.yml} with two explicit changes: the target is the test's demo and
   * the scrape interval is one second.
   */
  static String prometheusConfig(String target) {
    try {
      String shipped = Files.readString(observabilityDir().resolve("prometheus.yml"));
      String targets = "targets: ['localhost:8080']";
      String interval = "scrape_interval: 5s";
      if (!shipped.contains(targets) || !shipped.contains(interval)) {
        throw new AssertionError(
            "prometheus.yml no longer contains \"" + targets + "\" and \"" + interval + "\"");
      }
      return shipped
          .replace(targets, "targets: ['" + target + "']")
          .replace(interval, "scrape_interval: 1s");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
