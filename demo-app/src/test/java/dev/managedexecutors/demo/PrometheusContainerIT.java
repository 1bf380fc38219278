package dev.managedexecutors.demo;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.Testcontainers;
import org.testcontainers.containers.ContainerFetchException;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * The same scrape as {@link PrometheusScrapeIT}, by the official {@code prom/prometheus} image in a
 * container that reaches the demo on the host through {@code host.testcontainers.internal}. Skipped
 * where no Docker engine runs ({@code disabledWithoutDocker}), or where the engine cannot fetch the
 * image.
 */
@org.testcontainers.junit.jupiter.Testcontainers(disabledWithoutDocker = true)
class PrometheusContainerIT {

  private static final DockerImageName IMAGE = DockerImageName.parse("prom/prometheus:v2.53.4");

  private static @Nullable DemoServer demo;
  private static @Nullable GenericContainer<?> prometheus;

  @BeforeAll
  static void start() {
    DemoServer d = DemoServer.start("--server.address=0.0.0.0", "--demo.load.period=10s");
    demo = d;
    Testcontainers.exposeHostPorts(d.port());
    GenericContainer<?> container =
        new GenericContainer<>(IMAGE)
            .withCopyToContainer(
                Transferable.of(
                    ObservabilityFiles.prometheusConfig(
                        "host.testcontainers.internal:" + d.port())),
                "/etc/prometheus/prometheus.yml")
            .withExposedPorts(9090)
            .waitingFor(Wait.forHttp("/-/ready").forPort(9090));
    prometheus = container;
    try {
      container.start();
    } catch (RuntimeException e) {
      // A Docker engine without access to the image's registry (CI reaches only Maven Central
      // and Debian) cannot run this test; anything else is a real failure.
      if (causedByImageFetch(e)) {
        Assumptions.abort("cannot fetch " + IMAGE + " here: " + e.getMessage());
      }
      throw e;
    }
  }

  private static boolean causedByImageFetch(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ContainerFetchException) {
        return true;
      }
    }
    return false;
  }

  @AfterAll
  static void stop() {
    GenericContainer<?> c = prometheus;
    if (c != null) {
      c.stop();
    }
    DemoServer d = demo;
    if (d != null) {
      d.close();
    }
  }

  @Test
  void everyDashboardQueryReturnsDataForEveryPool() {
    GenericContainer<?> c = Objects.requireNonNull(prometheus);
    PrometheusApi api = new PrometheusApi("http://" + c.getHost() + ":" + c.getMappedPort(9090));
    await("the demo target to be up")
        .atMost(Duration.ofSeconds(60))
        .until(() -> api.targetUp("managed-executors-demo"));
    Objects.requireNonNull(demo).post("/api/work/submit?tasks=400&millis=100");
    DashboardQueries.assertEveryPanelHasDataForEveryPool(
        api, ObservabilityFiles.targetDir().resolve("prometheus-container-it/queries.txt"));
  }
}
