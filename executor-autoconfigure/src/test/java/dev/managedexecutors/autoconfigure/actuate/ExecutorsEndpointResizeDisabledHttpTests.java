package dev.managedexecutors.autoconfigure.actuate;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/** Without managed-executors.endpoint.resize.enabled, the endpoint is read-only over HTTP. */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "management.endpoints.web.exposure.include=executors",
      "managed-executors.pools.io.max-size=8"
    })
class ExecutorsEndpointResizeDisabledHttpTests extends ResizeRefusedOverHttp {
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class Application {}
}
