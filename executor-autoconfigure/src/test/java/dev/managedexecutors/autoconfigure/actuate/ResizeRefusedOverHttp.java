package dev.managedexecutors.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.managedexecutors.ManagedThreadPool;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The check shared by the configurations in which the executors endpoint must refuse a resize over
 * HTTP: reading works, a POST is not allowed (405), and the pool {@code io} (max-size 8) is
 * unchanged. Each subclass is a {@code @SpringBootTest} with its own properties.
 */
abstract class ResizeRefusedOverHttp {
  @LocalServerPort int port;

  @Autowired
  @Qualifier("io")
  ManagedThreadPool io;

  @Test
  void postIsNotAllowedAndThePoolIsUnchanged() throws Exception {
    EndpointHttp http = new EndpointHttp(port);
    assertThat(http.get("/actuator/executors/io").statusCode()).isEqualTo(200);
    HttpResponse<String> post = http.post("/actuator/executors/io", "{\"maxSize\":2}");
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(io.maxWorkers()).isEqualTo(8);
  }
}
