package dev.managedexecutors.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The demo's endpoints, on the real application with the built-in load off. */
class DemoApiTests {

  private static DemoServer demo;

  @BeforeAll
  static void start() {
    demo = DemoServer.start("--demo.load.enabled=false");
  }

  @AfterAll
  static void stop() {
    demo.close();
  }

  @Test
  void theExecutorsEndpointListsTheThreeConfiguredPoolsWithTheirSizes() {
    List<String> names = new ArrayList<>();
    DemoServer.json(demo.get("/actuator/executors"))
        .path("pools")
        .propertyNames()
        .forEach(names::add);
    assertThat(names).containsExactlyInAnyOrder("cpu", "default", "io");
    JsonNode io = demo.pool("io").path("stats");
    assertThat(io.path("queueCapacity").asInt()).isEqualTo(200);
    assertThat(io.path("coreWorkers").asInt()).isEqualTo(2);
  }

  @Test
  void submitRunsOnTheIoPool() {
    long before = demo.pool("io").path("stats").path("submitted").asLong();
    JsonNode answer = DemoServer.json(demo.post("/api/work/submit?tasks=5&millis=10"));
    assertThat(answer.path("accepted").asInt()).isEqualTo(5);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(demo.pool("io").path("stats").path("submitted").asLong())
                    .isGreaterThanOrEqualTo(before + 5));
  }

  @Test
  void mapReturnsEveryResultFromTheCpuPool() {
    JsonNode answer = DemoServer.json(demo.post("/api/work/map?items=30&micros=100"));
    assertThat(answer.path("results").asInt()).isEqualTo(30);
    assertThat(answer.path("pool").asString()).isEqualTo("cpu");
  }

  @Test
  void asyncRunsOnTheDefaultPoolAndAsyncIoOnTheIoPool() {
    JsonNode answer = DemoServer.json(demo.post("/api/work/async?tasks=4&millis=5"));
    answer.path("reportThreads").forEach(t -> assertThat(t.asString()).startsWith("default-"));
    assertThat(answer.path("fetchThread").asString()).startsWith("io-");
  }

  @Test
  void outOfRangeWorkIsABadRequestAnsweredAsAProblemDetail() {
    HttpResponse<String> response = demo.post("/api/work/submit?tasks=0");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode problem = DemoServer.json(response);
    assertThat(problem.path("status").asInt()).isEqualTo(400);
    assertThat(problem.path("instance").asString()).isEqualTo("/api/work/submit");
    assertThat(problem.path("detail").asString())
        .isEqualTo("tasks must be between 1 and 1000, was 0");
    assertThat(demo.post("/api/work/map?items=10&micros=-1").statusCode()).isEqualTo(400);
    assertThat(
            DemoServer.json(demo.post("/api/work/async?tasks=1&millis=2001"))
                .path("detail")
                .asString())
        .isEqualTo("millis must be between 0 and 2000, was 2001");
  }

  @Test
  void latencyHasThePercentilesOfEachPoolsTimersOnceTasksRan() {
    DemoServer.json(demo.post("/api/work/async?tasks=3&millis=5"));
    JsonNode latency = DemoServer.json(demo.get("/api/latency"));
    assertThat(latency.propertyNames()).contains("cpu", "default", "io");
    List<Double> percentiles = new ArrayList<>();
    latency
        .path("default")
        .path("running")
        .forEach(p -> percentiles.add(p.path("percentile").asDouble()));
    assertThat(percentiles).containsExactly(0.5, 0.95, 0.99);
    latency
        .path("default")
        .path("running")
        .forEach(p -> assertThat(p.path("millis").asDouble()).isPositive());
  }

  @Test
  void theDemoHasNoResizeOfItsOwnOnlyTheEndpoints() {
    assertThat(demo.post("/api/pools/io/resize?core=1&max=2&queueCapacity=3").statusCode())
        .isEqualTo(404);
  }

  @Test
  void resizeThroughTheEndpointChangesThePoolAndItsMeters() {
    HttpResponse<String> response =
        demo.postJson(
            "/actuator/executors/default", "{\"coreSize\":1,\"maxSize\":3,\"queueCapacity\":50}");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode stats = DemoServer.json(response).path("stats");
    assertThat(stats.path("maxWorkers").asInt()).isEqualTo(3);
    assertThat(stats.path("queueCapacity").asInt()).isEqualTo(50);
    assertThat(demo.get("/actuator/prometheus").body())
        .contains(
            "executor_pool_max_threads{application=\"managed-executors-demo\",name=\"default\"} 3.0");
    demo.postJson(
        "/actuator/executors/default", "{\"coreSize\":0,\"maxSize\":2,\"queueCapacity\":100}");
  }

  @Test
  void resizeWithMaxBelowCoreIsABadRequestWithThePoolsMessage() {
    HttpResponse<String> response =
        demo.postJson(
            "/actuator/executors/io", "{\"coreSize\":5,\"maxSize\":2,\"queueCapacity\":10}");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(DemoServer.json(response).path("message").asString())
        .isEqualTo("coreWorkers must be between 0 and maxWorkers (2), was 5");
    assertThat(demo.pool("io").path("stats").path("maxWorkers").asInt()).isEqualTo(8);
  }

  @Test
  void resizeOfAnUnknownPoolIsNotFound() {
    assertThat(demo.postJson("/actuator/executors/nope", "{\"maxSize\":2}").statusCode())
        .isEqualTo(404);
  }

  @Test
  void loadSwitchesOnAndOff() {
    assertThat(DemoServer.json(demo.get("/api/load")).path("enabled").asBoolean()).isFalse();
    assertThat(DemoServer.json(demo.post("/api/load?enabled=true")).path("enabled").asBoolean())
        .isTrue();
    assertThat(DemoServer.json(demo.post("/api/load?enabled=false")).path("enabled").asBoolean())
        .isFalse();
  }

  @Test
  void prometheusEndpointHasEveryPoolsMetersAndHistogramBuckets() {
    String scrape = demo.get("/actuator/prometheus").body();
    for (String pool : List.of("io", "cpu", "default")) {
      String tags = "{application=\"managed-executors-demo\",name=\"" + pool + "\"}";
      assertThat(scrape)
          .contains("executor_queued_tasks" + tags)
          .contains("executor_queue_remaining_tasks" + tags)
          .contains("executor_active_threads" + tags)
          .contains("executor_pool_max_threads" + tags)
          .contains("executor_completed_tasks_total" + tags)
          .contains("executor_rejected_tasks_total" + tags);
    }
    assertThat(scrape)
        .contains("executor_seconds_bucket{")
        .contains("executor_idle_seconds_bucket{");
  }

  @Test
  void pageAndChartLibraryAreServed() {
    HttpResponse<String> page = demo.get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("/webjars/chart.js/dist/chart.umd.min.js")
        .contains("Waiting for the first sample");
    HttpResponse<String> chartJs = demo.get("/webjars/chart.js/dist/chart.umd.min.js");
    assertThat(chartJs.statusCode()).isEqualTo(200);
    assertThat(demo.get("/app.js").statusCode()).isEqualTo(200);
  }
}
