package dev.managedexecutors.aot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The AOT-processed {@link AotApplication} in a child JVM started with {@code
 * -Dspring.aot.enabled=true}, on 127.0.0.1 and a random free port, its output in a file under
 * {@code target/aot-it}. {@link #close()} (and, should the test JVM exit first, a shutdown hook)
 * kills it.
 */
final class AotProcess implements AutoCloseable {
  private static final Pattern STARTED = Pattern.compile("Tomcat started on port (\\d+)");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Process process;
  private final Path log;
  private final Thread killer;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private int port;

  private AotProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
    this.killer = new Thread(process::destroyForcibly, "kill-" + log.getFileName());
    Runtime.getRuntime().addShutdownHook(killer);
  }

  /** The directory of this module's build output ({@code target}). */
  static Path targetDir() {
    return Path.of(System.getProperty("aot.target.dir", "target"));
  }

  /**
   * Starts the application with {@code args} after the loopback address and port 0; returns before
   * it has started (see {@link #awaitStarted()}).
   */
  static AotProcess start(String name, String... args) throws IOException {
    Path dir = targetDir().resolve("aot-it");
    Files.createDirectories(dir);
    Path log = dir.resolve(name + ".log");
    Files.deleteIfExists(log);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Dspring.aot.enabled=true");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(AotApplication.class.getName());
    command.add("--server.address=127.0.0.1");
    command.add("--server.port=0");
    command.add("--spring.main.banner-mode=off");
    command.addAll(List.of(args));
    // The command, to start the same process by hand.
    Files.write(dir.resolve(name + ".command"), command, StandardCharsets.UTF_8);
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            // To a file, not a pipe: the shutdown logs come after Process.destroy().
            .redirectOutput(log.toFile())
            .start();
    return new AotProcess(process, log);
  }

  /**
   * Waits until it listens, and checks that it runs the AOT-generated code; fails at once, with its
   * output, if it exits before.
   */
  AotProcess awaitStarted() {
    await("the AOT-processed application to start")
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new AssertionError(
                    "exited with " + process.exitValue() + " before starting:\n" + outputText());
              }
              return port() > 0;
            });
    assertThat(outputText())
        .contains("Starting AOT-processed " + AotApplication.class.getSimpleName());
    return this;
  }

  /** The port it listens on once started, or 0 while it starts. */
  int port() {
    if (port == 0) {
      for (String line : output()) {
        Matcher m = STARTED.matcher(line);
        if (m.find()) {
          port = Integer.parseInt(m.group(1));
        }
      }
    }
    return port;
  }

  Process process() {
    return process;
  }

  /** Its output so far, one line each. */
  List<String> output() {
    try {
      return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String outputText() {
    return String.join("\n", output());
  }

  HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  HttpResponse<String> post(String path) {
    return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()));
  }

  /** The body of a {@code GET} answered with 200, as JSON. */
  JsonNode getJson(String path) {
    HttpResponse<String> response = get(path);
    if (response.statusCode() != 200) {
      throw new AssertionError(
          "GET " + path + ": " + response.statusCode() + " " + response.body());
    }
    return JSON.readTree(response.body());
  }

  private URI uri(String path) {
    if (port() == 0) {
      throw new IllegalStateException("not started:\n" + outputText());
    }
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(
          request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Sends SIGTERM and waits up to {@code seconds} for the exit; true if it exited. */
  boolean terminate(long seconds) throws InterruptedException {
    process.destroy();
    return process.waitFor(seconds, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(killer);
    } catch (IllegalStateException e) {
      // the test JVM is already shutting down: the hook runs anyway
    }
  }
}
