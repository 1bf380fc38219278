package dev.managedexecutors.autoconfigure.actuate;

import java.util.Objects;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * GET and POST (JSON) to the test server through the {@link RestTestClient} that Spring Boot binds
 * to its random port ({@code @AutoConfigureRestTestClient}), answering status and body.
 */
final class EndpointHttp {
  /** A response: its status code and its body as text (empty when it has none). */
  record Answer(int statusCode, String body) {}

  private final RestTestClient client;

  EndpointHttp(RestTestClient client) {
    this.client = client;
  }

  Answer get(String path) {
    return answer(client.get().uri(path).exchange().returnResult(String.class));
  }

  Answer post(String path, String json) {
    return answer(
        client
            .post()
            .uri(path)
            .contentType(MediaType.APPLICATION_JSON)
            .body(json)
            .exchange()
            .returnResult(String.class));
  }

  private static Answer answer(EntityExchangeResult<String> result) {
    return new Answer(
        result.getStatus().value(), Objects.requireNonNullElse(result.getResponseBody(), ""));
  }
}
