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
  void poolsListsTheThreeConfiguredPoolsWithTheirSizes() {
    List<String> names = new ArrayList<>();
    DemoServer.json(demo.get("/api/pools"))
        .forEach(v -> names.add(v.path("stats").path("name").asString()));
    assertThat(names).containsExactly("cpu", "default", "io");
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
  void outOfRangeWorkIsABadRequest() {
    HttpResponse<String> response = demo.post("/api/work/submit?tasks=0");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(DemoServer.json(response).path("error").asString())
        .isEqualTo("tasks must be between 1 and 1000, was 0");
  }

  @Test
  void resizeChangesThePoolAndItsMeters() {
    HttpResponse<String> response =
        demo.post("/api/pools/default/resize?core=1&max=3&queueCapacity=50");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode stats = DemoServer.json(response).path("stats");
    assertThat(stats.path("maxWorkers").asInt()).isEqualTo(3);
    assertThat(stats.path("queueCapacity").asInt()).isEqualTo(50);
    assertThat(demo.get("/actuator/prometheus").body())
        .contains(
            "executor_pool_max_threads{application=\"managed-executors-demo\",name=\"default\"} 3.0");
    demo.post("/api/pools/default/resize?core=0&max=2&queueCapacity=100");
  }

  @Test
  void resizeWithMaxBelowCoreIsABadRequestWithThePoolsMessage() {
    HttpResponse<String> response = demo.post("/api/pools/io/resize?core=5&max=2&queueCapacity=10");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(DemoServer.json(response).path("error").asString())
        .isEqualTo("coreWorkers must be between 0 and maxWorkers (2), was 5");
    assertThat(demo.pool("io").path("stats").path("maxWorkers").asInt()).isEqualTo(8);
  }

  @Test
  void resizeOfAnUnknownPoolIsNotFound() {
    assertThat(demo.post("/api/pools/nope/resize?core=1&max=2&queueCapacity=3").statusCode())
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
    assertThat(page.body()).contains("/webjars/chart.js/dist/chart.umd.min.js");
    HttpResponse<String> chartJs = demo.get("/webjars/chart.js/dist/chart.umd.min.js");
    assertThat(chartJs.statusCode()).isEqualTo(200);
    assertThat(demo.get("/app.js").statusCode()).isEqualTo(200);
  }
}
