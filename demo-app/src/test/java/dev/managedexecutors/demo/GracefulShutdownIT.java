package dev.managedexecutors.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo in a child JVM, as {@code spring-boot:run} starts it, stopped with SIGTERM while its
 * load runs: its log must report, for every pool, what drained.
 */
class GracefulShutdownIT {

  private static final Pattern STARTED = Pattern.compile("Tomcat started on port (\\d+)");
  private static final Pattern SHUT_DOWN =
      Pattern.compile(
          "Pool '(\\w+)' shut down in (\\d+) ms: (\\d+) completed, (\\d+) cancelled, (\\d+)"
              + " interrupted");

  private final HttpClient http = HttpClient.newHttpClient();
  private final Path log = ObservabilityFiles.targetDir().resolve("graceful-shutdown-it/demo.log");

  @Test
  void sigtermWhileLoadRunsDrainsEveryPoolAndLogsWhatDrained() throws Exception {
    Files.createDirectories(log.getParent());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process demo =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                DemoApplication.class.getName(),
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--spring.main.banner-mode=off",
                "--demo.load.enabled=true")
            .redirectErrorStream(true)
            // To a file, not a pipe: Process.destroy() closes the pipe before the shutdown logs.
            .redirectOutput(log.toFile())
            .start();
    try {
      int port =
          await("the demo to start").atMost(Duration.ofSeconds(60)).until(this::port, p -> p > 0);
      URI base = URI.create("http://127.0.0.1:" + port);
      // Load is flowing once io has worked; then a burst leaves io a queue to drain on stop.
      await("load to flow")
          .atMost(Duration.ofSeconds(30))
          .until(() -> stats(base, "io").path("completed").asLong() > 0);
      send(
          HttpRequest.newBuilder(base.resolve("/api/work/submit?tasks=150&millis=200"))
              .POST(HttpRequest.BodyPublishers.noBody()));
      assertThat(stats(base, "io").path("queueDepth").asInt()).isPositive();

      demo.destroy(); // SIGTERM, as Ctrl-C or a container stop
      assertThat(demo.waitFor(60, TimeUnit.SECONDS)).as("the demo exits").isTrue();
    } finally {
      demo.destroyForcibly();
    }

    List<String> output = output();
    Map<String, Matcher> lines = new HashMap<>();
    for (String line : output) {
      Matcher m = SHUT_DOWN.matcher(line);
      if (m.find()) {
        lines.put(m.group(1), m);
      }
    }
    assertThat(lines).as(String.join("\n", output)).containsOnlyKeys("io", "cpu", "default");
    Matcher io = lines.get("io");
    assertThat(Long.parseLong(io.group(3))).as("io tasks completed while draining").isPositive();
    assertThat(io.group(5)).as("io tasks interrupted").isEqualTo("0");
    assertThat(String.join("\n", output)).contains("Commencing graceful shutdown");
  }

  private List<String> output() throws IOException {
    return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
  }

  private int port() throws IOException {
    for (String line : output()) {
      Matcher m = STARTED.matcher(line);
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
    }
    return 0;
  }

  private JsonNode stats(URI base, String pool) throws Exception {
    return JsonMapper.builder()
        .build()
        .readTree(send(HttpRequest.newBuilder(base.resolve("/actuator/executors/" + pool)).GET()))
        .path("stats");
  }

  private String send(HttpRequest.Builder request) throws Exception {
    HttpResponse<String> response =
        http.send(
            request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }
}
