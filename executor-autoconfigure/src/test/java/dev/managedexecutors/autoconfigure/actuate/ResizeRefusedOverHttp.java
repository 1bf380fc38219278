package dev.managedexecutors.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.managedexecutors.ManagedThreadPool;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The check shared by the configurations in which the executors endpoint must refuse a resize over
 * HTTP: reading works, a POST is not allowed (405), and the pool {@code io} (max-size 8) is
 * unchanged. Each subclass is a {@code @SpringBootTest} with its own properties.
 */
@AutoConfigureRestTestClient
abstract class ResizeRefusedOverHttp {
  @Autowired RestTestClient client;

  @Autowired
  @Qualifier("io")
  ManagedThreadPool io;

  @Test
  void postIsNotAllowedAndThePoolIsUnchanged() throws Exception {
    EndpointHttp http = new EndpointHttp(client);
    assertThat(http.get("/actuator/executors/io").statusCode()).isEqualTo(200);
    EndpointHttp.Answer post = http.post("/actuator/executors/io", "{\"maxSize\":2}");
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(io.maxWorkers()).isEqualTo(8);
  }
}
