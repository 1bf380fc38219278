package dev.managedexecutors.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.managedexecutors.ManagedExecutor;
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
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shipped alerting rules end to end, with real Debian binaries and nothing off loopback: the
 * demo (its own load off) runs on a random port; Debian's {@code prometheus} scrapes it every
 * second and evaluates the shipped rules, with every {@code for:} shortened to one second by {@link
 * ObservabilityFiles#rulesWithFor}; Debian's {@code prometheus-alertmanager} routes what fires to a
 * webhook, a JDK {@link HttpServer} in this test. The times from the cause to the webhook are
 * written to {@code target/alertmanager-it/timing-*.txt}. Skipped where a binary is missing, except
 * on CI ({@code .ci/run} installs both packages).
 */
class AlertmanagerWebhookIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private static final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
  private static final List<Process> processes = new ArrayList<>();
  private static @Nullable HttpServer webhook;
  private static @Nullable DemoServer demo;
  private static @Nullable PrometheusApi prometheus;
  private static @Nullable Path storage;
  private static @Nullable Path dir;

  /** One POST of Alertmanager's webhook, and when it arrived. */
  private record Delivery(long nanos, JsonNode payload) {}

  @BeforeAll
  static void start() throws IOException {
    Path prometheusBinary = DebianBinaries.require("prometheus", "prometheus");
    Path alertmanagerBinary =
        DebianBinaries.require("prometheus-alertmanager", "prometheus-alertmanager");
    Path d = ObservabilityFiles.targetDir().resolve("alertmanager-it");
    dir = d;
    Files.createDirectories(d);
    Path s = Files.createTempDirectory("alertmanager-it");
    storage = s;
    HttpServer w = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    webhook = w;
    w.createContext(
        "/alerts",
        exchange -> {
          try (InputStream body = exchange.getRequestBody()) {
            deliveries.add(new Delivery(System.nanoTime(), JSON.readTree(body.readAllBytes())));
          }
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    w.start();
    DemoServer app = DemoServer.start("--demo.load.enabled=false");
    demo = app;

    int alertmanagerPort = freePort();
    Path alertmanagerConfig = d.resolve("alertmanager.yml");
    Files.writeString(alertmanagerConfig, alertmanagerConfig(w.getAddress().getPort(), "/alerts"));
    processes.add(
        start(
            d.resolve("alertmanager.log"),
            alertmanagerBinary.toString(),
            "--config.file=" + alertmanagerConfig,
            "--storage.path=" + s.resolve("alertmanager"),
            "--web.listen-address=127.0.0.1:" + alertmanagerPort,
            "--cluster.listen-address="));

    Path rules = d.resolve("managed-executors.rules.yml");
    Files.writeString(rules, ObservabilityFiles.rulesWithFor("1s"));
    Path prometheusConfig = d.resolve("prometheus.yml");
    Files.writeString(
        prometheusConfig, prometheusConfig("127.0.0.1:" + app.port(), rules, alertmanagerPort));
    int prometheusPort = freePort();
    processes.add(
        start(
            d.resolve("prometheus.log"),
            prometheusBinary.toString(),
            "--config.file=" + prometheusConfig,
            "--storage.tsdb.path=" + s.resolve("prometheus"),
            "--web.listen-address=127.0.0.1:" + prometheusPort));
    PrometheusApi api = new PrometheusApi("http://127.0.0.1:" + prometheusPort);
    prometheus = api;

    await("Alertmanager to be ready")
        .atMost(Duration.ofSeconds(60))
        .until(() -> ready("http://127.0.0.1:" + alertmanagerPort + "/-/ready"));
    await("Prometheus to scrape every pool twice, io's rejection counter still at 0")
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              assertThat(
                      api.query(
                          "count_over_time(executor_rejected_tasks_total{name=\"io\"}[1m]) >= 2"
                              + " and executor_rejected_tasks_total == 0"))
                  .isNotEmpty();
              // Only the starter's pools: the demo's @Scheduled load also has Boot's metered
              // taskScheduler.
              assertThat(
                      api.query(
                          "count_over_time(executor_pool_max_threads{name=~\""
                              + String.join("|", DashboardQueries.POOLS)
                              + "\"}[1m]) >= 2"))
                  .hasSize(DashboardQueries.POOLS.size());
            });
    await("Prometheus to find the Alertmanager")
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat(
                        api.get("/api/v1/alertmanagers").path("data").path("activeAlertmanagers"))
                    .isNotEmpty());
  }

  @AfterAll
  static void stop() throws IOException, InterruptedException {
    // Prometheus first: the demo's pools vanishing on close must not be evaluated any more.
    for (int i = processes.size() - 1; i >= 0; i--) {
      Process p = processes.get(i);
      p.destroy();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    processes.clear();
    DemoServer app = demo;
    if (app != null) {
      app.close();
    }
    HttpServer w = webhook;
    if (w != null) {
      w.stop(0);
    }
    Path s = storage;
    if (s != null) {
      try (Stream<Path> files = Files.walk(s)) {
        for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(f);
        }
      }
    }
  }

  @Test
  void ioRejectionsReachTheWebhookAsAnAlertNamingThePoolAndInstance() throws IOException {
    DemoServer app = Objects.requireNonNull(demo);
    long burst = System.nanoTime();
    JsonNode submitted = DemoServer.json(app.post("/api/work/submit?tasks=400&millis=100"));
    assertThat(submitted.path("rejected").asInt())
        .as("a burst of 400 is larger than io's 8 workers and 200 queue slots")
        .isPositive();

    Delivery delivery = awaitDelivery("ManagedExecutorRejectingTasks", "io");

    JsonNode alert = alertIn(delivery.payload(), "ManagedExecutorRejectingTasks", "io").get();
    assertThat(alert.path("labels").path("severity").asString()).isEqualTo("critical");
    assertThat(alert.path("labels").path("application").asString())
        .isEqualTo(ObservabilityFiles.APPLICATION);
    assertThat(alert.path("annotations").path("summary").asString())
        .isEqualTo("Pool io on 127.0.0.1:" + app.port() + " rejects tasks");
    report(
        "rejection",
        "rejection burst",
        "ManagedExecutorRejectingTasks{name=\"io\"}",
        burst,
        delivery);
  }

  @Test
  void aPoolShutDownWhileTheApplicationRunsReachesTheWebhookAsPoolGone() throws IOException {
    DemoServer app = Objects.requireNonNull(demo);
    ManagedExecutor cpu = app.context().getBean("cpu", ManagedExecutor.class);
    long shutdown = System.nanoTime();
    cpu.shutdown(true); // returns once terminated: its meters are gone from the next scrape

    Delivery delivery = awaitDelivery("ManagedExecutorPoolGone", "cpu");

    JsonNode alert = alertIn(delivery.payload(), "ManagedExecutorPoolGone", "cpu").get();
    assertThat(alert.path("labels").path("severity").asString()).isEqualTo("critical");
    assertThat(alert.path("annotations").path("summary").asString())
        .isEqualTo("Pool cpu on 127.0.0.1:" + app.port() + " is gone");
    assertThat(deliveries)
        .as("only cpu is gone")
        .noneMatch(
            d ->
                alertIn(d.payload(), "ManagedExecutorPoolGone", "io").isPresent()
                    || alertIn(d.payload(), "ManagedExecutorPoolGone", "default").isPresent());
    report(
        "pool-gone", "cpu shut down", "ManagedExecutorPoolGone{name=\"cpu\"}", shutdown, delivery);
  }

  private static Delivery awaitDelivery(String alertname, String pool) {
    try {
      return await("the " + alertname + " alert for " + pool + " at the webhook")
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () ->
                  deliveries.stream()
                      .filter(d -> alertIn(d.payload(), alertname, pool).isPresent())
                      .findFirst(),
              Optional::isPresent)
          .orElseThrow();
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          e.getMessage()
              + "\nPrometheus alerts: "
              + Objects.requireNonNull(prometheus).get("/api/v1/alerts").path("data")
              + "\nWebhook got: "
              + deliveries.stream().map(d -> d.payload().toString()).toList()
              + "\nLogs in "
              + dir,
          e);
    }
  }

  /** The payload's firing alert {@code alertname} for pool {@code name}. */
  private static Optional<JsonNode> alertIn(JsonNode payload, String alertname, String name) {
    for (JsonNode a : payload.path("alerts")) {
      JsonNode labels = a.path("labels");
      if (alertname.equals(labels.path("alertname").asString())
          && name.equals(labels.path("name").asString())
          && "firing".equals(a.path("status").asString())) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  private static void report(
      String file, String cause, String alert, long causeNanos, Delivery delivery)
      throws IOException {
    long millis = TimeUnit.NANOSECONDS.toMillis(delivery.nanos() - causeNanos);
    String line =
        cause
            + " -> "
            + alert
            + " at the webhook: "
            + millis
            + " ms (scrape and evaluation every 1s, for: 1s, group_wait 1s)";
    Files.writeString(Objects.requireNonNull(dir).resolve("timing-" + file + ".txt"), line + "\n");
    System.out.println(line);
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

  private static boolean ready(String url) {
    try {
      return HTTP.send(
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
}
