package dev.managedexecutors.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.managedexecutors.ManagedThreadPool;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * With the resize operation enabled, Actuator's access rules still apply: {@code
 * management.endpoint.executors.access=read-only} removes the write operation.
 */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "management.endpoints.web.exposure.include=executors",
      "managed-executors.pools.io.max-size=8",
      "managed-executors.endpoint.resize.enabled=true",
      "management.endpoint.executors.access=read-only"
    })
class ExecutorsEndpointReadOnlyAccessHttpTests {
  private final HttpClient http = HttpClient.newHttpClient();

  @LocalServerPort int port;

  @Autowired
  @Qualifier("io")
  ManagedThreadPool io;

  @Test
  void postIsNotAllowedAndThePoolIsUnchanged() throws Exception {
    assertThat(send("GET", "/actuator/executors/io", null).statusCode()).isEqualTo(200);
    HttpResponse<String> post = send("POST", "/actuator/executors/io", "{\"maxSize\":2}");
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(io.maxWorkers()).isEqualTo(8);
  }

  private HttpResponse<String> send(String method, String path, String json) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .header("Content-Type", "application/json");
    request.method(
        method,
        json == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class Application {}
}
