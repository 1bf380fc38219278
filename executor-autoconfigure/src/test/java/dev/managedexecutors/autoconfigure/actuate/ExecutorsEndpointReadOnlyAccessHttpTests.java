package dev.managedexecutors.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.managedexecutors.ManagedThreadPool;
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
  @LocalServerPort int port;

  private EndpointHttp http() {
    return new EndpointHttp(port);
  }

  @Autowired
  @Qualifier("io")
  ManagedThreadPool io;

  @Test
  void postIsNotAllowedAndThePoolIsUnchanged() throws Exception {
    assertThat(http().get("/actuator/executors/io").statusCode()).isEqualTo(200);
    HttpResponse<String> post = http().post("/actuator/executors/io", "{\"maxSize\":2}");
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(io.maxWorkers()).isEqualTo(8);
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class Application {}
}
