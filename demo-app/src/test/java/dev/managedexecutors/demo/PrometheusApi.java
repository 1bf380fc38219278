package dev.managedexecutors.demo;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Prometheus' HTTP API, as Grafana uses it. */
final class PrometheusApi {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final String base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  PrometheusApi(String base) {
    this.base = base;
  }

  /** The {@code data.result} of an instant query (an empty array when nothing matches). */
  JsonNode query(String promql) {
    JsonNode answer =
        get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    if (!"success".equals(answer.path("status").asString())) {
      throw new AssertionError("query failed: " + promql + " -> " + answer);
    }
    return answer.path("data").path("result");
  }

  /** Whether Prometheus has scraped the job's target successfully. */
  boolean targetUp(String job) {
    try {
      for (JsonNode t : get("/api/v1/targets").path("data").path("activeTargets")) {
        if (job.equals(t.path("labels").path("job").asString())
            && "up".equals(t.path("health").asString())) {
          return true;
        }
      }
      return false;
    } catch (IllegalStateException e) {
      return false; // not listening, or not ready, yet
    }
  }

  /** The JSON answer of a GET of the HTTP API; {@link IllegalStateException} if unreachable. */
  JsonNode get(String path) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(base + path))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        // e.g. 503 "Service Unavailable" while Prometheus is still starting
        throw new IllegalStateException(
            "HTTP " + response.statusCode() + " from " + path + ": " + response.body());
      }
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
