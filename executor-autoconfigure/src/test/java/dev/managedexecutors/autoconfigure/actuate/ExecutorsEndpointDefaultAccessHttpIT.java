package dev.managedexecutors.autoconfigure.actuate;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * By default the endpoint's access is read-only ({@code @Endpoint(defaultAccess = READ_ONLY)}): a
 * resize over HTTP is refused until {@code management.endpoint.executors.access=unrestricted}.
 */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "management.endpoints.web.exposure.include=executors",
      "managed-executors.pools.io.max-size=8"
    })
class ExecutorsEndpointDefaultAccessHttpIT extends ResizeRefusedOverHttp {
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class Application {}
}
