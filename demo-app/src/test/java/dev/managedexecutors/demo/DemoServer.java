package dev.managedexecutors.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real demo application, started in this JVM on a random port (never 8080), with plain HTTP
 * helpers. Not {@code @SpringBootTest}: that would switch off the Prometheus export the tests are
 * about.
 */
final class DemoServer implements AutoCloseable {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final ConfigurableApplicationContext context;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final int port;

  private DemoServer(ConfigurableApplicationContext context) {
    this.context = context;
    this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
  }

  static DemoServer start(String... args) {
    // A key given twice on the command line would become a list, so defaults only fill gaps.
    List<String> all = new ArrayList<>(List.of(args));
    if (all.stream().noneMatch(a -> a.startsWith("--server.address="))) {
      all.add("--server.address=127.0.0.1");
    }
    if (all.stream().noneMatch(a -> a.startsWith("--server.port="))) {
      all.add("--server.port=0");
    }
    return new DemoServer(
        new SpringApplicationBuilder(DemoApplication.class).run(all.toArray(String[]::new)));
  }

  int port() {
    return port;
  }

  ConfigurableApplicationContext context() {
    return context;
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  HttpResponse<String> post(String path) {
    return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()));
  }

  HttpResponse<String> postJson(String path, String json) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  static JsonNode json(HttpResponse<String> response) {
    return JSON.readTree(response.body());
  }

  /** The pool as the {@code executors} endpoint shows it: name, state, settings and stats. */
  JsonNode pool(String name) {
    HttpResponse<String> response = get("/actuator/executors/" + name);
    if (response.statusCode() != 200) {
      throw new AssertionError("no pool " + name + ": " + response.statusCode());
    }
    return json(response);
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

  @Override
  public void close() {
    context.close();
  }
}
