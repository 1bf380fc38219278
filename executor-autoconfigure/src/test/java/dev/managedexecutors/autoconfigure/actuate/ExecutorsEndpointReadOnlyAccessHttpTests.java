package dev.managedexecutors.autoconfigure.actuate;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

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
class ExecutorsEndpointReadOnlyAccessHttpTests extends ResizeRefusedOverHttp {
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class Application {}
}
