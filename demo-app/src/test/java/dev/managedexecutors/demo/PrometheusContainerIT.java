package dev.managedexecutors.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.managedexecutors.demo.ContainerEngine.ContainerTest;
import dev.managedexecutors.demo.ContainerEngine.LoopbackReady;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.junit.jupiter.Container;

/**
 * The same scrape as {@link PrometheusScrapeIT}, by Debian's Prometheus in a container: the image
 * {@code .ci/containers} builds, on the host's network, scraping the demo on 127.0.0.1. Skipped,
 * saying how to run it, where no Docker engine runs; failed instead in CI.
 */
@ContainerTest
class PrometheusContainerIT {

  private static final Path DIR = ObservabilityFiles.targetDir().resolve("prometheus-container-it");
  private static final int DEMO_PORT = ContainerEngine.freePort();
  private static final int PROMETHEUS_PORT = ContainerEngine.freePort();

  /** Started by Testcontainers before the demo: until then it sees its target down. */
  @Container
  private static final GenericContainer<?> PROMETHEUS =
      ContainerEngine.onHostNetwork(ContainerEngine.PROMETHEUS, DIR.resolve("prometheus.log"))
          .withCopyToContainer(
              Transferable.of(ObservabilityFiles.prometheusConfig("127.0.0.1:" + DEMO_PORT)),
              "/etc/prometheus/prometheus.yml")
          .withCommand(
              "--config.file=/etc/prometheus/prometheus.yml",
              "--storage.tsdb.path=/tmp/prometheus",
              "--web.listen-address=127.0.0.1:" + PROMETHEUS_PORT)
          .waitingFor(new LoopbackReady(PROMETHEUS_PORT));

  private static @Nullable DemoServer demo;

  @BeforeAll
  static void startDemo() {
    demo = DemoServer.start("--server.port=" + DEMO_PORT, "--demo.load.period=10s");
  }

  @AfterAll
  static void stopDemo() {
    DemoServer d = demo;
    if (d != null) {
      d.close();
    }
  }

  @Test
  void everyDashboardQueryReturnsDataForEveryPool() {
    assertThat(PROMETHEUS.isRunning()).isTrue();
    PrometheusApi api = new PrometheusApi("http://127.0.0.1:" + PROMETHEUS_PORT);
    await("the demo target to be up")
        .atMost(Duration.ofSeconds(60))
        .until(() -> api.targetUp("managed-executors-demo"));
    Objects.requireNonNull(demo).post("/api/work/submit?tasks=400&millis=100");
    DashboardQueries.assertEveryPanelHasDataForEveryPool(api, DIR.resolve("queries.txt"));
  }
}
