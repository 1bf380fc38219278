package dev.managedexecutors.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;
import dev.managedexecutors.demo.ContainerEngine.ContainerTest;
import dev.managedexecutors.demo.ContainerEngine.LoopbackReady;
import java.io.File;
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
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Container;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo in the JRE image (Debian's Java 17 in a container), stopped with {@code docker stop}
 * while its load runs, as an orchestrator stops it: the SIGTERM reaches the JVM, and its log must
 * report, for every pool, what drained. The container runs this test's own class path, mounted
 * read-only at the same paths, on the host's network on 127.0.0.1.
 */
@ContainerTest
class GracefulShutdownContainerIT {

  private static final Pattern SHUT_DOWN =
      Pattern.compile(
          "Pool '(\\w+)' shut down in (\\d+) ms: (\\d+) completed, (\\d+) cancelled, (\\d+)"
              + " interrupted");

  private static final Path LOG =
      ObservabilityFiles.targetDir().resolve("graceful-shutdown-container-it/demo.log");
  private static final int PORT = ContainerEngine.freePort();

  @Container
  private static final GenericContainer<?> DEMO =
      ContainerEngine.onHostNetwork(ContainerEngine.JRE, LOG)
          .withCreateContainerCmdModifier(
              cmd -> Objects.requireNonNull(cmd.getHostConfig()).withBinds(classPathBinds()))
          .withCommand(
              "-cp",
              classPath(),
              DemoApplication.class.getName(),
              "--server.address=127.0.0.1",
              "--server.port=" + PORT,
              "--spring.main.banner-mode=off",
              "--demo.load.enabled=true")
          .waitingFor(new LoopbackReady(PORT, "/actuator/health"));

  @Test
  void dockerStopWhileLoadRunsDrainsEveryPoolAndLogsWhatDrained() throws Exception {
    // Load is flowing once io has worked; then a burst leaves io a queue to drain on stop.
    await("load to flow")
        .atMost(Duration.ofSeconds(30))
        .until(() -> stats("io").path("completed").asLong() > 0);
    send(
        HttpRequest.newBuilder(uri("/api/work/submit?tasks=150&millis=200"))
            .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(stats("io").path("queueDepth").asInt()).isPositive();

    // SIGTERM to the JVM (the container's first process), SIGKILL only after 60 s.
    DockerClientFactory.lazyClient().stopContainerCmd(DEMO.getContainerId()).withTimeout(60).exec();

    Map<String, Matcher> lines = new HashMap<>();
    await("every pool's shutdown line")
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              lines.clear();
              for (String line : output()) {
                Matcher m = SHUT_DOWN.matcher(line);
                if (m.find()) {
                  lines.put(m.group(1), m);
                }
              }
              assertThat(lines).containsOnlyKeys("io", "cpu", "default");
            });
    Matcher io = Objects.requireNonNull(lines.get("io"));
    assertThat(Long.parseLong(io.group(3))).as("io tasks completed while draining").isPositive();
    assertThat(io.group(5)).as("io tasks interrupted").isEqualTo("0");
    assertThat(String.join("\n", output())).contains("Commencing graceful shutdown");
    assertThat(
            DockerClientFactory.lazyClient()
                .inspectContainerCmd(DEMO.getContainerId())
                .exec()
                .getState()
                .getExitCodeLong())
        .as("the JVM's exit code: 143 after SIGTERM, 137 had it been killed")
        .isEqualTo(143L);
  }

  private static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + PORT + path);
  }

  /** The pool's live statistics, as the {@code executors} endpoint shows them. */
  private static JsonNode stats(String pool) throws Exception {
    return JsonMapper.builder()
        .build()
        .readTree(send(HttpRequest.newBuilder(uri("/actuator/executors/" + pool)).GET()))
        .path("stats");
  }

  private static String send(HttpRequest.Builder request) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                request.timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(request.build().uri().toString()).isEqualTo(200);
    return response.body();
  }

  private static List<String> output() throws IOException {
    return Files.exists(LOG) ? Files.readAllLines(LOG, StandardCharsets.UTF_8) : List.of();
  }

  /** Surefire's real test class path (its own {@code java.class.path} is a manifest-only jar). */
  private static String classPath() {
    return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
  }

  /** Each class path entry, mounted read-only at its own path in the container. */
  private static List<Bind> classPathBinds() {
    return Stream.of(classPath().split(File.pathSeparator))
        .filter(entry -> !entry.isEmpty() && Files.exists(Path.of(entry)))
        .map(Path::of)
        .map(Path::toAbsolutePath)
        .map(Path::toString)
        .distinct()
        .map(entry -> new Bind(entry, new Volume(entry), AccessMode.ro))
        .toList();
  }
}
