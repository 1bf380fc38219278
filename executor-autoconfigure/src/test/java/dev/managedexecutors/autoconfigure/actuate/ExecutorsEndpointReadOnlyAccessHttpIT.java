package dev.managedexecutors.autoconfigure.actuate;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * Actuator's access rules govern the resize operation: with every endpoint unrestricted by default,
 * {@code management.endpoint.executors.access=read-only} still removes the write operation.
 */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "management.endpoints.web.exposure.include=executors",
      "managed-executors.pools.io.max-size=8",
      "management.endpoints.access.default=unrestricted",
      "management.endpoint.executors.access=read-only"
    })
class ExecutorsEndpointReadOnlyAccessHttpIT extends ResizeRefusedOverHttp {
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class Application {}
}
