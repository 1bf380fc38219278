package dev.managedexecutors.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shipped alerting rules end to end, with real Debian binaries and nothing off loopback: the
 * demo (its own load off) runs on a random port; Debian's {@code prometheus} scrapes it every
 * second and evaluates the shipped rules, with every {@code for:} shortened to one second by {@link
 * ObservabilityFiles#rulesWithFor}; Debian's {@code prometheus-alertmanager} routes what fires to a
 * webhook, a JDK {@link HttpServer} in this test. A burst larger than the {@code io} pool's queue
 * must then reach the webhook as {@code ManagedExecutorRejectingTasks} for {@code name="io"}. The
 * time from the burst to the webhook is written to {@code target/alertmanager-it/timing.txt}.
 * Skipped where a binary is missing, except on CI ({@code .ci/run} installs both packages).
 */
class AlertmanagerWebhookIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String ALERT = "ManagedExecutorRejectingTasks";

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** One POST of Alertmanager's webhook, and when it arrived. */
  private record Delivery(long nanos, JsonNode payload) {}

  @Test
  void ioRejectionsReachTheWebhookAsAnAlertNamingThePoolAndInstance() throws Exception {
    Path prometheusBinary = DebianBinaries.require("prometheus", "prometheus");
    Path alertmanagerBinary =
        DebianBinaries.require("prometheus-alertmanager", "prometheus-alertmanager");
    Path dir = ObservabilityFiles.targetDir().resolve("alertmanager-it");
    Files.createDirectories(dir);
    Path storage = Files.createTempDirectory("alertmanager-it");
    List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    HttpServer webhook =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    webhook.createContext(
        "/alerts",
        exchange -> {
          try (InputStream body = exchange.getRequestBody()) {
            deliveries.add(new Delivery(System.nanoTime(), JSON.readTree(body.readAllBytes())));
          }
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    webhook.start();
    List<Process> processes = new ArrayList<>();
    try (DemoServer demo = DemoServer.start("--demo.load.enabled=false")) {
      int alertmanagerPort = freePort();
      Path alertmanagerConfig = dir.resolve("alertmanager.yml");
      Files.writeString(
          alertmanagerConfig, alertmanagerConfig(webhook.getAddress().getPort(), "/alerts"));
      processes.add(
          start(
              dir.resolve("alertmanager.log"),
              alertmanagerBinary.toString(),
              "--config.file=" + alertmanagerConfig,
              "--storage.path=" + storage.resolve("alertmanager"),
              "--web.listen-address=127.0.0.1:" + alertmanagerPort,
              "--cluster.listen-address="));

      Path rules = dir.resolve("managed-executors.rules.yml");
      Files.writeString(rules, ObservabilityFiles.rulesWithFor("1s"));
      Path prometheusConfig = dir.resolve("prometheus.yml");
      Files.writeString(
          prometheusConfig, prometheusConfig("127.0.0.1:" + demo.port(), rules, alertmanagerPort));
      int prometheusPort = freePort();
      processes.add(
          start(
              dir.resolve("prometheus.log"),
              prometheusBinary.toString(),
              "--config.file=" + prometheusConfig,
              "--storage.tsdb.path=" + storage.resolve("prometheus"),
              "--web.listen-address=127.0.0.1:" + prometheusPort));
      PrometheusApi prometheus = new PrometheusApi("http://127.0.0.1:" + prometheusPort);

      await("Alertmanager to be ready")
          .atMost(Duration.ofSeconds(60))
          .until(() -> ready("http://127.0.0.1:" + alertmanagerPort + "/-/ready"));
      await("Prometheus to scrape the demo, with io's rejection counter still at 0")
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .untilAsserted(
              () ->
                  assertThat(
                          prometheus.query(
                              "count_over_time(executor_rejected_tasks_total{name=\"io\"}[1m])"
                                  + " >= 2 and executor_rejected_tasks_total == 0"))
                      .isNotEmpty());
      await("Prometheus to find the Alertmanager")
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .untilAsserted(
              () ->
                  assertThat(
                          prometheus
                              .get("/api/v1/alertmanagers")
                              .path("data")
                              .path("activeAlertmanagers"))
                      .isNotEmpty());

      long burst = System.nanoTime();
      JsonNode submitted = DemoServer.json(demo.post("/api/work/submit?tasks=400&millis=100"));
      assertThat(submitted.path("rejected").asInt())
          .as("a burst of 400 is larger than io's 8 workers and 200 queue slots")
          .isPositive();

      Delivery delivery;
      try {
        delivery =
            await("the " + ALERT + " alert for io at the webhook")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> find(deliveries), Optional::isPresent)
                .orElseThrow();
      } catch (ConditionTimeoutException e) {
        throw new AssertionError(
            e.getMessage()
                + "\nPrometheus alerts: "
                + prometheus.get("/api/v1/alerts").path("data")
                + "\nWebhook got: "
                + deliveries.stream().map(d -> d.payload().toString()).toList()
                + "\nLogs in "
                + dir,
            e);
      }
      JsonNode alert = alertIn(delivery.payload());
      assertThat(alert.path("status").asString()).isEqualTo("firing");
      assertThat(alert.path("labels").path("severity").asString()).isEqualTo("critical");
      assertThat(alert.path("labels").path("application").asString())
          .isEqualTo("managed-executors-demo");
      assertThat(alert.path("annotations").path("summary").asString())
          .isEqualTo("Pool io on 127.0.0.1:" + demo.port() + " rejects tasks");
      long millis = TimeUnit.NANOSECONDS.toMillis(delivery.nanos() - burst);
      String timing =
          "rejection burst -> "
              + ALERT
              + "{name=\"io\"} at the webhook: "
              + millis
              + " ms (scrape and evaluation every 1s, for: 1s, group_wait 1s)";
      Files.writeString(dir.resolve("timing.txt"), timing + "\n");
      System.out.println(timing);
    } finally {
      for (Process p : processes) {
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      }
      webhook.stop(0);
      delete(storage);
    }
  }

  /** The first delivery holding the firing alert for io. */
  private static Optional<Delivery> find(List<Delivery> deliveries) {
    return deliveries.stream().filter(d -> alertIn(d.payload()).isObject()).findFirst();
  }

  /** The payload's firing {@code ALERT} alert for {@code name="io"}, or a missing node. */
  private static JsonNode alertIn(JsonNode payload) {
    for (JsonNode a : payload.path("alerts")) {
      JsonNode labels = a.path("labels");
      if (ALERT.equals(labels.path("alertname").asString())
          && "io".equals(labels.path("name").asString())
          && "firing".equals(a.path("status").asString())) {
        return a;
      }
    }
    return payload.path("no such alert");
  }

  private static String alertmanagerConfig(int webhookPort, String path) {
    return """
        # Generated by AlertmanagerWebhookIT: every alert, grouped per alert and pool, sent within
        # a second to the test's webhook on loopback.
        route:
          receiver: webhook
          group_by: ['alertname', 'name']
          group_wait: 1s
          group_interval: 1s
          repeat_interval: 1h
        receivers:
          - name: webhook
            webhook_configs:
              - url: 'http://127.0.0.1:%d%s'
                send_resolved: false
        """
        .formatted(webhookPort, path);
  }

  /**
   * The shipped demo {@code prometheus.yml} (target and scrape interval changed by {@link
   * ObservabilityFiles#prometheusConfig}), evaluating every second, with the rules and the
   * Alertmanager added.
   */
  private static String prometheusConfig(String target, Path rules, int alertmanagerPort) {
    String config = ObservabilityFiles.prometheusConfig(target);
    String evaluation = "evaluation_interval: 5s";
    assertThat(config).contains(evaluation);
    return config.replace(evaluation, "evaluation_interval: 1s")
        + """

        rule_files:
          - '%s'

        alerting:
          alertmanagers:
            - static_configs:
                - targets: ['127.0.0.1:%d']
        """
            .formatted(rules.toAbsolutePath(), alertmanagerPort);
  }

  private boolean ready(String url) {
    try {
      return http.send(
                  HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException e) {
      return false; // not listening yet
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static Process start(Path log, String... command) throws IOException {
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    }
  }
}
