package dev.managedexecutors.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.managedexecutors.ManagedThreadPool;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code executors} endpoint over HTTP, in a whole Spring Boot application with Actuator and
 * Tomcat, with the resize operation allowed by Actuator's access switch: the JSON shape documented
 * in README.md, a resize changing the live pool, and a refused resize answering 400 with the
 * reason.
 */
@AutoConfigureRestTestClient
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "management.endpoints.web.exposure.include=executors,health",
      "management.endpoint.health.show-details=always",
      "management.endpoint.executors.access=unrestricted",
      "managed-executors.endpoint.resize.worker-limit=64",
      "managed-executors.pools.io.core-size=2",
      "managed-executors.pools.io.max-size=8",
      "managed-executors.pools.io.queue-capacity=100",
      "managed-executors.pools.io.keep-alive=30s",
      "managed-executors.pools.io.rejection=caller-runs",
      "managed-executors.pools.retired.max-size=2"
    })
class ExecutorsEndpointHttpIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Autowired RestTestClient client;

  @Autowired
  @Qualifier("io")
  ManagedThreadPool io;

  @Autowired
  @Qualifier("retired")
  ManagedThreadPool retired;

  @Test
  void getExecutorsListsEveryPoolWithItsSettingsAndStatistics() throws Exception {
    EndpointHttp.Answer response = get("/actuator/executors");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode pools = JSON.readTree(response.body()).get("pools");
    assertThat(pools.propertyNames()).contains("default", "io");
    JsonNode io = pools.get("io");
    assertThat(io.get("name").asString()).isEqualTo("io");
    assertThat(io.get("state").asString()).isEqualTo("RUNNING");
    JsonNode settings = io.get("settings");
    assertThat(settings.get("coreSize").asInt()).isEqualTo(2);
    assertThat(settings.get("maxSize").asInt()).isEqualTo(8);
    assertThat(settings.get("queueCapacity").asInt()).isEqualTo(100);
    assertThat(settings.get("keepAlive").asString()).isEqualTo("PT30S");
    assertThat(settings.get("rejection").asString()).isEqualTo("caller-runs");
    assertThat(settings.get("virtual").asBoolean()).isFalse();
    JsonNode stats = io.get("stats");
    assertThat(stats.propertyNames())
        .contains(
            "queueDepth",
            "queueRemaining",
            "queueCapacity",
            "activeWorkers",
            "poolSize",
            "largestPoolSize",
            "coreWorkers",
            "maxWorkers",
            "submitted",
            "completed",
            "failed",
            "cancelled",
            "rejected",
            "callerRuns",
            "shutdown",
            "terminated",
            "broken");
  }

  @Test
  void getOnePoolDescribesItAndAnUnknownPoolIs404() throws Exception {
    EndpointHttp.Answer response = get("/actuator/executors/io");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).get("settings").get("maxSize").asInt()).isEqualTo(8);
    assertThat(get("/actuator/executors/nope").statusCode()).isEqualTo(404);
  }

  @Test
  void postResizesTheLivePool() throws Exception {
    try {
      EndpointHttp.Answer response =
          post("/actuator/executors/io", "{\"coreSize\":3,\"maxSize\":12,\"queueCapacity\":50}");
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      JsonNode settings = JSON.readTree(response.body()).get("settings");
      assertThat(settings.get("coreSize").asInt()).isEqualTo(3);
      assertThat(settings.get("maxSize").asInt()).isEqualTo(12);
      assertThat(settings.get("queueCapacity").asInt()).isEqualTo(50);
      assertThat(io.coreWorkers()).isEqualTo(3);
      assertThat(io.maxWorkers()).isEqualTo(12);
      assertThat(io.queueCapacity()).isEqualTo(50);

      EndpointHttp.Answer onlyMax = post("/actuator/executors/io", "{\"maxSize\":10}");
      assertThat(onlyMax.statusCode()).as(onlyMax.body()).isEqualTo(200);
      assertThat(io.maxWorkers()).isEqualTo(10);
      assertThat(io.coreWorkers()).as("a value left out is kept").isEqualTo(3);
    } finally {
      io.resize(2, 8, 100);
    }
  }

  @Test
  void postWithAnInvalidValueIs400WithTheReasonAndThePoolIsUnchanged() throws Exception {
    EndpointHttp.Answer response = post("/actuator/executors/io", "{\"coreSize\":9,\"maxSize\":4}");
    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("message").asString()).contains("coreWorkers").contains("9");
    assertThat(body.get("pool").asString()).isEqualTo("io");
    assertThat(io.coreWorkers()).isEqualTo(2);
    assertThat(io.maxWorkers()).isEqualTo(8);
    assertThat(io.queueCapacity()).isEqualTo(100);

    EndpointHttp.Answer negative = post("/actuator/executors/io", "{\"queueCapacity\":-1}");
    assertThat(negative.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(negative.body()).get("message").asString())
        .contains("queueCapacity")
        .contains("-1");
    assertThat(io.queueCapacity()).isEqualTo(100);
  }

  @Test
  void postAboveTheWorkerLimitIs400NamingTheFieldAndTheLimitAndThePoolIsUnchanged()
      throws Exception {
    for (String body : List.of("{\"maxSize\":1000000}", "{\"coreSize\":65,\"maxSize\":64}")) {
      EndpointHttp.Answer response = post("/actuator/executors/io", body);
      assertThat(response.statusCode()).as(body).isEqualTo(400);
      assertThat(JSON.readTree(response.body()).get("message").asString())
          .as(body)
          .containsAnyOf("maxSize 1000000", "coreSize 65")
          .contains("limit of 64")
          .contains("managed-executors.endpoint.resize.worker-limit");
    }
    assertThat(io.coreWorkers()).isEqualTo(2);
    assertThat(io.maxWorkers()).isEqualTo(8);
    EndpointHttp.Answer atTheLimit = post("/actuator/executors/io", "{\"maxSize\":64}");
    try {
      assertThat(atTheLimit.statusCode()).as(atTheLimit.body()).isEqualTo(200);
      assertThat(io.maxWorkers()).isEqualTo(64);
    } finally {
      io.resize(2, 8, 100);
    }
  }

  @Test
  void postWithAnUnknownFieldIs400NamingItAndThePoolIsUnchanged() throws Exception {
    for (String field : List.of("keepAlive", "rejection", "maxsize", "max_size")) {
      String body = "{\"maxSize\":10,\"" + field + "\":\"5\"}";
      EndpointHttp.Answer response = post("/actuator/executors/io", body);
      assertThat(response.statusCode()).as(body).isEqualTo(400);
      JsonNode json = JSON.readTree(response.body());
      assertThat(json.get("message").asString()).as(body).contains("'" + field + "'");
      assertThat(json.get("pool").asString()).isEqualTo("io");
    }
    assertThat(io.maxWorkers()).isEqualTo(8);
  }

  @Test
  void postWithAValueThatIsNotAWholeNumberIs400NamingTheFieldAndThePoolIsUnchanged()
      throws Exception {
    for (String body :
        List.of(
            "{\"maxSize\":\"abc\"}",
            "{\"maxSize\":10.5}",
            "{\"coreSize\":1.5}",
            "{\"queueCapacity\":true}",
            "{\"queueCapacity\":10000000000}")) {
      EndpointHttp.Answer response = post("/actuator/executors/io", body);
      assertThat(response.statusCode()).as(body).isEqualTo(400);
      String field = body.substring(2, body.indexOf('"', 2));
      assertThat(JSON.readTree(response.body()).get("message").asString())
          .as(body)
          .startsWith(field + " must be a whole number");
    }
    assertThat(io.coreWorkers()).isEqualTo(2);
    assertThat(io.maxWorkers()).isEqualTo(8);
    assertThat(io.queueCapacity()).isEqualTo(100);
  }

  @Test
  void postToAShutDownPoolIs409SayingSoAndThePoolIsUnchanged() throws Exception {
    retired.shutdown();
    EndpointHttp.Answer response = post("/actuator/executors/retired", "{\"maxSize\":4}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(409);
    JsonNode json = JSON.readTree(response.body());
    assertThat(json.get("message").asString()).contains("'retired'").contains("shut down");
    assertThat(json.get("pool").asString()).isEqualTo("retired");
    assertThat(retired.maxWorkers()).isEqualTo(2);
  }

  @Test
  void postToAnUnknownPoolIs404() throws Exception {
    assertThat(post("/actuator/executors/nope", "{\"maxSize\":4}").statusCode()).isEqualTo(404);
  }

  @Test
  void theHealthOfEachPoolIsUnderExecutors() throws Exception {
    EndpointHttp.Answer response = get("/actuator/health/executors/io");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode health = JSON.readTree(response.body());
    assertThat(health.get("status").asString()).isEqualTo("UP");
    assertThat(health.get("details").get("saturated").asBoolean()).isFalse();
  }

  private EndpointHttp.Answer get(String path) throws Exception {
    return new EndpointHttp(client).get(path);
  }

  private EndpointHttp.Answer post(String path, String json) throws Exception {
    return new EndpointHttp(client).post(path, json);
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class Application {}
}
