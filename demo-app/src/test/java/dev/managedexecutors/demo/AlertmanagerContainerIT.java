package dev.managedexecutors.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.managedexecutors.demo.ContainerEngine.ContainerTest;
import dev.managedexecutors.demo.ContainerEngine.LoopbackReady;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.utility.MountableFile;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Alerting end to end, in containers: Debian's Prometheus scrapes the demo and evaluates a rule on
 * its {@code executor_*} series, Debian's Alertmanager routes the alert to a webhook receiver in
 * this test, all on 127.0.0.1. Without the demo's own load, only the burst this test submits makes
 * the {@code io} pool refuse tasks, so the alert can only come from that burst.
 */
@ContainerTest
class AlertmanagerContainerIT {

  private static final String RULE = "ManagedPoolRejectingTasks";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Path DIR =
      ObservabilityFiles.targetDir().resolve("alertmanager-container-it");
  private static final int DEMO_PORT = ContainerEngine.freePort();
  private static final int PROMETHEUS_PORT = ContainerEngine.freePort();
  private static final int ALERTMANAGER_PORT = ContainerEngine.freePort();

  /** What Alertmanager posted to the receiver, one JSON document per notification. */
  private static final List<String> NOTIFICATIONS = new CopyOnWriteArrayList<>();

  private static final HttpServer RECEIVER = receiver();

  @Container
  private static final GenericContainer<?> ALERTMANAGER =
      ContainerEngine.onHostNetwork(ContainerEngine.ALERTMANAGER, DIR.resolve("alertmanager.log"))
          .withCopyToContainer(
              Transferable.of(alertmanagerConfig(RECEIVER.getAddress().getPort())),
              "/etc/alertmanager/alertmanager.yml")
          .withCommand(
              "--config.file=/etc/alertmanager/alertmanager.yml",
              "--storage.path=/tmp/alertmanager",
              "--web.listen-address=127.0.0.1:" + ALERTMANAGER_PORT,
              // No cluster: it would listen on every interface and look for peers.
              "--cluster.listen-address=")
          .waitingFor(new LoopbackReady(ALERTMANAGER_PORT));

  @Container
  private static final GenericContainer<?> PROMETHEUS =
      ContainerEngine.onHostNetwork(ContainerEngine.PROMETHEUS, DIR.resolve("prometheus.log"))
          .withCopyToContainer(
              Transferable.of(prometheusConfig()), "/etc/prometheus/prometheus.yml")
          .withCopyToContainer(
              MountableFile.forClasspathResource("alerting/rejections.rules.yml"),
              "/etc/prometheus/rules.yml")
          .withCommand(
              "--config.file=/etc/prometheus/prometheus.yml",
              "--storage.tsdb.path=/tmp/prometheus",
              "--web.listen-address=127.0.0.1:" + PROMETHEUS_PORT)
          .waitingFor(new LoopbackReady(PROMETHEUS_PORT));

  private static @Nullable DemoServer demo;

  @BeforeAll
  static void startDemo() {
    demo = DemoServer.start("--server.port=" + DEMO_PORT, "--demo.load.enabled=false");
  }

  @AfterAll
  static void stopDemoAndReceiver() {
    DemoServer d = demo;
    if (d != null) {
      d.close();
    }
    RECEIVER.stop(0);
  }

  @Test
  void poolRefusingTasksReachesTheWebhookWithThePoolsName() {
    assertThat(ALERTMANAGER.isRunning()).isTrue();
    PrometheusApi prometheus = new PrometheusApi("http://127.0.0.1:" + PROMETHEUS_PORT);
    await("the demo target to be up")
        .atMost(Duration.ofSeconds(60))
        .until(() -> prometheus.targetUp("managed-executors-demo"));
    assertThat(NOTIFICATIONS).as("notifications before any task was refused").isEmpty();

    // More than io's 8 workers and 200 queue slots hold: the rest is refused (rejection: abort).
    assertThat(
            Objects.requireNonNull(demo).post("/api/work/submit?tasks=400&millis=100").statusCode())
        .isEqualTo(200);

    JsonNode alert =
        await("the alert to reach the webhook receiver")
            .atMost(Duration.ofSeconds(90))
            .until(AlertmanagerContainerIT::firingAlert, a -> a != null);
    assertThat(Objects.requireNonNull(alert).path("labels").path("name").asString())
        .isEqualTo("io");
    assertThat(alert.path("annotations").path("summary").asString())
        .isEqualTo("Pool io refused tasks within the last minute");
  }

  /** The first firing {@link #RULE} alert posted to the receiver so far, or {@code null}. */
  private static @Nullable JsonNode firingAlert() {
    for (String body : NOTIFICATIONS) {
      for (JsonNode alert : JSON.readTree(body).path("alerts")) {
        if (RULE.equals(alert.path("labels").path("alertname").asString())
            && "firing".equals(alert.path("status").asString())) {
          return alert;
        }
      }
    }
    return null;
  }

  /**
   * The webhook receiver Alertmanager delivers to: on 127.0.0.1, a free port, 200 to every POST.
   */
  private static HttpServer receiver() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/alerts", AlertmanagerContainerIT::receive);
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void receive(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      NOTIFICATIONS.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    exchange.sendResponseHeaders(200, -1);
    exchange.close();
  }

  /** One route, to the receiver; alerts go out a second after they arrive. */
  private static String alertmanagerConfig(int receiverPort) {
    return """
        route:
          receiver: test-webhook
          group_by: ['alertname', 'name']
          group_wait: 1s
          group_interval: 1s
          repeat_interval: 1h
        receivers:
          - name: test-webhook
            webhook_configs:
              - url: 'http://127.0.0.1:%d/alerts'
                send_resolved: false
        """
        .formatted(receiverPort);
  }

  /**
   * The shipped {@code prometheus.yml} (target the demo, scrape every second), evaluating the
   * test's rule every second and sending to the Alertmanager above.
   */
  private static String prometheusConfig() {
    String config = ObservabilityFiles.prometheusConfig("127.0.0.1:" + DEMO_PORT);
    String evaluation = "evaluation_interval: 5s";
    if (!config.contains(evaluation)) {
      throw new AssertionError("prometheus.yml no longer contains \"" + evaluation + "\"");
    }
    return config.replace(evaluation, "evaluation_interval: 1s")
        + """

        rule_files:
          - /etc/prometheus/rules.yml

        alerting:
          alertmanagers:
            - static_configs:
                - targets: ['127.0.0.1:%d']
        """
            .formatted(ALERTMANAGER_PORT);
  }
}
