package dev.managedexecutors.demo;

import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.awaitility.core.ConditionTimeoutException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.images.ImagePullPolicy;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

/**
 * What the container tests share: the images {@code .ci/containers} builds from Debian's packages,
 * a pull policy that never pulls, host networking on 127.0.0.1, and the condition that runs them.
 *
 * <p>No image registry is reachable here (CI reaches only Maven Central and Debian's mirror), so
 * every image is a local tag and nothing is ever pulled. Every container uses the host's network:
 * its servers listen on 127.0.0.1, on ports the test picks, and reach the test's servers there.
 */
final class ContainerEngine implements ExecutionCondition {

  /** Debian's {@code prometheus}; entry point {@code /usr/bin/prometheus}. */
  static final DockerImageName PROMETHEUS =
      DockerImageName.parse("managed-executors/prometheus:bookworm");

  /**
   * Debian's {@code prometheus-alertmanager}; entry point {@code /usr/bin/prometheus-alertmanager}.
   */
  static final DockerImageName ALERTMANAGER =
      DockerImageName.parse("managed-executors/alertmanager:bookworm");

  /** Debian's {@code openjdk-17-jre-headless}; entry point {@code /usr/bin/java}. */
  static final DockerImageName JRE = DockerImageName.parse("managed-executors/jre:17");

  /**
   * The image Testcontainers runs for its start-up checks; {@code .ci/containers} imports
   * busybox-static under this tag, so that Testcontainers finds it instead of pulling it.
   */
  static final String CHECKS_IMAGE = "alpine:3.17";

  /** Every image here is built locally: asking a registry could only fail, or fetch another one. */
  static final ImagePullPolicy NEVER_PULL = image -> false;

  private static final String HOW_TO_RUN =
      "run `bash .ci/containers` (as root: it installs Debian's docker.io, starts dockerd and"
          + " builds the images), then the tests again; see docs/containers.md";

  /** Why the container tests cannot run here, or {@code null} once checked and fine. */
  private static @Nullable String unavailable;

  private static boolean checked;

  /** Whether the skip reason was printed already. */
  private static boolean told;

  /**
   * Marks a container test: tagged {@code containers}, run only where an engine answers and the
   * images exist (skipped with how to get them otherwise, failed instead when {@code CI=true}),
   * with Testcontainers managing its {@code @Container} fields. Classes carrying it are named
   * {@code *ContainerIT}, which is how {@code .ci/run} counts them.
   */
  @Target(ElementType.TYPE)
  @Retention(RetentionPolicy.RUNTIME)
  @Tag("containers")
  @ExtendWith(ContainerEngine.class)
  @Testcontainers
  @interface ContainerTest {}

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    String reason = whyUnavailable();
    if (reason == null) {
      return ConditionEvaluationResult.enabled("a Docker engine answers and the images exist");
    }
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      // CI prepares the engine before the build (.ci/run calls .ci/containers): a skip there
      // would hide that the container tests no longer run.
      throw new AssertionError("CI=true, yet the container tests cannot run: " + reason);
    }
    String skipped = reason + "; to run them, " + HOW_TO_RUN;
    tellOnce(skipped);
    return ConditionEvaluationResult.disabled(skipped);
  }

  /** Surefire keeps a class's skip reason in its reports only: the console gets it here, once. */
  private static synchronized void tellOnce(String skipped) {
    if (!told) {
      told = true;
      System.err.println("[containers] container tests skipped: " + skipped);
    }
  }

  private static synchronized @Nullable String whyUnavailable() {
    if (!checked) {
      unavailable = check();
      checked = true;
    }
    return unavailable;
  }

  private static @Nullable String check() {
    if (!DockerClientFactory.instance().isDockerAvailable()) {
      return "no Docker engine answers";
    }
    List<String> missing = new ArrayList<>();
    for (String image :
        List.of(
            PROMETHEUS.asCanonicalNameString(),
            ALERTMANAGER.asCanonicalNameString(),
            JRE.asCanonicalNameString(),
            CHECKS_IMAGE)) {
      try {
        DockerClientFactory.lazyClient().inspectImageCmd(image).exec();
      } catch (NotFoundException e) {
        missing.add(image);
      }
    }
    return missing.isEmpty() ? null : "images missing: " + String.join(", ", missing);
  }

  /**
   * A container of a local image on the host's network, its output appended to {@code log}.
   *
   * @param image one of this class's images
   * @param log the file the container's stdout and stderr go to, created if absent
   * @return the container, not started
   */
  static GenericContainer<?> onHostNetwork(DockerImageName image, Path log) {
    return new GenericContainer<>(image)
        .withImagePullPolicy(NEVER_PULL)
        .withNetworkMode("host")
        .withLogConsumer(new FileLog(log));
  }

  /** A port free on 127.0.0.1 now, for a server inside a container to listen on. */
  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Waits until {@code http://127.0.0.1:port/path} answers 200 ({@code /-/ready} for Prometheus and
   * Alertmanager). Testcontainers' own HTTP wait asks for a mapped port, which a container on the
   * host's network does not have.
   */
  static final class LoopbackReady extends AbstractWaitStrategy {

    private final URI uri;
    private final HttpClient http =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    LoopbackReady(int port) {
      this(port, "/-/ready");
    }

    LoopbackReady(int port, String path) {
      this.uri = URI.create("http://127.0.0.1:" + port + path);
      withStartupTimeout(Duration.ofSeconds(90));
    }

    @Override
    protected void waitUntilReady() {
      try {
        await(uri + " to answer 200")
            .atMost(startupTimeout)
            .pollInterval(Duration.ofMillis(200))
            .until(
                () -> {
                  if (!waitStrategyTarget.isRunning()) {
                    throw new ContainerLaunchException("the container exited before " + uri);
                  }
                  return ready();
                });
      } catch (ConditionTimeoutException e) {
        throw new ContainerLaunchException(uri + " did not answer 200 in " + startupTimeout, e);
      }
    }

    private boolean ready() {
      try {
        return http.send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
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
  }

  /** Appends a container's output to a file under {@code target/}, for when a test fails. */
  private static final class FileLog implements Consumer<OutputFrame> {

    private final Path file;

    FileLog(Path file) {
      this.file = file;
      try {
        Files.createDirectories(Objects.requireNonNull(file.toAbsolutePath().getParent()));
        Files.deleteIfExists(file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public synchronized void accept(OutputFrame frame) {
      try {
        Files.writeString(
            file,
            frame.getUtf8String(),
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
