package dev.managedexecutors.aot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * The application processed by {@code spring-boot:process-aot} when this module was built, started
 * once with {@code -Dspring.aot.enabled=true} in a child JVM and driven over HTTP: what the starter
 * offers without AOT is there with it. One process for every test, as each start costs seconds; the
 * last test stops it with SIGTERM. The run's configuration adds a pool {@code late} that the
 * processed application does not know, and marks {@code slow} primary, which the processed
 * application decided was {@code default}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AotProcessedApplicationIT {
  private static final List<String> POOLS = List.of("default", "io", "slow");
  private static final int DRAINED_TASKS = 16;
  private static final Path COMPLETIONS =
      AotProcess.targetDir().resolve("aot-it/drain-completions.txt").toAbsolutePath();

  private static AotProcess app;

  @BeforeAll
  static void start() throws Exception {
    Files.createDirectories(COMPLETIONS.getParent());
    Files.deleteIfExists(COMPLETIONS);
    app =
        AotProcess.start(
            "application",
            "--aot-app.completions-file=" + COMPLETIONS,
            "--managed-executors.pools.late.max-size=2",
            "--managed-executors.pools.slow.primary=true");
    app.awaitStarted();
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  @Test
  @Order(1)
  void executorsEndpointListsEveryConfiguredPoolWithItsSettings() {
    JsonNode pools = app.getJson("/actuator/executors").path("pools");
    assertThat(pools.propertyNames()).as(pools.toString()).containsAll(POOLS);
    JsonNode io = app.getJson("/actuator/executors/io");
    assertThat(io.toString()).contains("\"maxSize\":4").contains("\"queueCapacity\":100");
  }

  @Test
  @Order(1)
  void prometheusScrapeHasTheExecutorMetersOfEveryConfiguredPool() {
    HttpResponse<String> scrape = app.get("/actuator/prometheus");
    assertThat(scrape.statusCode()).isEqualTo(200);
    for (String pool : POOLS) {
      assertThat(scrape.body())
          .as("executor_pool_max_threads of " + pool)
          .containsPattern("executor_pool_max_threads\\{[^}]*name=\"" + pool + "\"");
    }
  }

  @Test
  @Order(1)
  void asyncMethodsRunOnThePrimaryPoolOrOnThePoolTheyName() {
    JsonNode threads = app.getJson("/routing");
    assertThat(threads.path("primary").asString()).startsWith("default-");
    assertThat(threads.path("io").asString()).startsWith("io-");
  }

  @Test
  @Order(1)
  void healthContributorReportsEveryConfiguredPool() {
    JsonNode executors = app.getJson("/actuator/health/executors");
    assertThat(executors.path("status").asString()).isEqualTo("UP");
    for (String pool : POOLS) {
      assertThat(app.getJson("/actuator/health/executors/" + pool).path("status").asString())
          .as(pool)
          .isEqualTo("UP");
    }
  }

  @Test
  @Order(1)
  void poolAddedAfterProcessingIsNamedInAWarningAndGetsNoBean() {
    assertThat(app.outputText())
        .containsPattern(
            "WARN .* Pool 'late' is declared under managed-executors.pools but the application"
                + " was AOT-processed without it");
    JsonNode pools = app.getJson("/actuator/executors").path("pools");
    assertThat(pools.propertyNames()).doesNotContain("late");
  }

  @Test
  @Order(1)
  void poolMarkedPrimaryAfterProcessingIsNamedInAWarningAndThePrimaryPoolStays() {
    assertThat(app.outputText())
        .containsPattern(
            "WARN .* Pool 'slow' would be the primary pool with the configuration of this run, but"
                + " the application was AOT-processed with pool 'default' as primary");
    assertThat(app.getJson("/routing").path("primary").asString()).startsWith("default-");
  }

  /** Last: stops the application. */
  @Test
  @Order(2)
  void sigtermWhileTasksAreInFlightCompletesEveryTaskBeforeTheProcessExits() throws Exception {
    // 16 tasks of 250 ms on 2 workers: about 2 s of work, most of it queued at SIGTERM.
    assertThat(app.post("/slow?tasks=" + DRAINED_TASKS + "&millis=250").statusCode())
        .isEqualTo(200);
    JsonNode stats = app.getJson("/actuator/executors/slow").path("stats");
    assertThat(stats.path("queueDepth").asInt()).as(stats.toString()).isPositive();
    assertThat(completions()).as("tasks completed before SIGTERM").hasSizeLessThan(DRAINED_TASKS);

    assertThat(app.terminate(60)).as("the application exits on SIGTERM").isTrue();

    // Each task appended "<task> <thread>" when it finished: all of them, each once, on "slow".
    List<String> done = completions();
    assertThat(done).as(app.outputText()).hasSize(DRAINED_TASKS);
    assertThat(done.stream().map(line -> Integer.parseInt(line.split(" ")[0])))
        .containsExactlyInAnyOrderElementsOf(IntStream.range(0, DRAINED_TASKS).boxed().toList());
    assertThat(done).allSatisfy(line -> assertThat(line.split(" ")[1]).startsWith("slow-"));
    assertThat(app.outputText())
        .containsPattern(
            "Pool 'slow' shut down in \\d+ ms: \\d+ completed, 0 cancelled, 0 interrupted");
  }

  private static List<String> completions() throws Exception {
    return Files.exists(COMPLETIONS)
        ? Files.readAllLines(COMPLETIONS, StandardCharsets.UTF_8)
        : List.of();
  }
}
