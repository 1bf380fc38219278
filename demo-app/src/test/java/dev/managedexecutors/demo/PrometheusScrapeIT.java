package dev.managedexecutors.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Debian's {@code prometheus} binary, with the shipped {@code prometheus.yml} pointed at the demo,
 * scrapes it under load; every PromQL expression of the shipped Grafana dashboard must then return
 * data for every pool. Skipped, saying so, where the binary is missing ({@code .ci/run} installs
 * it).
 */
class PrometheusScrapeIT {

  private static @Nullable DemoServer demo;
  private static @Nullable Process prometheus;
  private static @Nullable Path work;
  private static @Nullable PrometheusApi api;

  static Optional<Path> prometheusBinary() {
    Path debian = Path.of("/usr/bin/prometheus");
    if (Files.isExecutable(debian)) {
      return Optional.of(debian);
    }
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .map(dir -> Path.of(dir, "prometheus"))
        .filter(Files::isExecutable)
        .findFirst();
  }

  @BeforeAll
  static void start() throws IOException {
    Optional<Path> binary = prometheusBinary();
    assumeTrue(
        binary.isPresent(),
        "prometheus is not installed (apt-get install prometheus); skipping the scrape test");
    DemoServer d = DemoServer.start("--demo.load.period=10s", "--demo.load.burst-every=5s");
    demo = d;
    Path dir = ObservabilityFiles.targetDir().resolve("prometheus-it");
    Files.createDirectories(dir);
    work = Files.createTempDirectory("prometheus-it-tsdb");
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, ObservabilityFiles.prometheusConfig("127.0.0.1:" + d.port()));
    int port = freePort();
    prometheus =
        new ProcessBuilder(
                binary.get().toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + work,
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("prometheus.log").toFile())
            .start();
    api = new PrometheusApi("http://127.0.0.1:" + port);
  }

  @AfterAll
  static void stop() throws IOException, InterruptedException {
    Process p = prometheus;
    if (p != null) {
      p.destroy();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    DemoServer d = demo;
    if (d != null) {
      d.close();
    }
    Path w = work;
    if (w != null) {
      try (Stream<Path> files = Files.walk(w)) {
        for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(f);
        }
      }
    }
  }

  @Test
  void everyDashboardQueryReturnsDataForEveryPool() {
    PrometheusApi prometheus = Objects.requireNonNull(api);
    DemoServer d = Objects.requireNonNull(demo);
    await("the demo target to be up")
        .atMost(Duration.ofSeconds(30))
        .until(() -> prometheus.targetUp("managed-executors-demo"));
    // On top of the built-in load: a burst larger than io's queue, so rejections are scraped too.
    assertThat(d.post("/api/work/submit?tasks=400&millis=100").statusCode()).isEqualTo(200);
    DashboardQueries.assertEveryPanelHasDataForEveryPool(
        prometheus, ObservabilityFiles.targetDir().resolve("prometheus-it/queries.txt"));
    await("io rejections to be scraped")
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(prometheus.query("executor_rejected_tasks_total{name=\"io\"} > 0"))
                    .isNotEmpty());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
