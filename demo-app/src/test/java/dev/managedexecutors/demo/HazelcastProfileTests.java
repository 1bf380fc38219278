package dev.managedexecutors.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The demo's {@code hazelcast} profile: one embedded member on 127.0.0.1 (a free port and a cluster
 * of its own, so that no other member joins) and the distributed pool {@code reports}, kept busy by
 * the built-in load.
 */
class HazelcastProfileTests {
  private static final Duration LONG = Duration.ofSeconds(60);
  private static DemoServer demo;

  @BeforeAll
  static void start() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    demo =
        DemoServer.start(
            "--spring.profiles.active=hazelcast",
            "--demo.hazelcast.cluster-name=demo-test-" + UUID.randomUUID(),
            "--demo.hazelcast.port=" + port,
            "--demo.hazelcast.members=127.0.0.1:" + port);
  }

  @AfterAll
  static void stop() {
    demo.close();
  }

  @Test
  void theExecutorsEndpointShowsTheDistributedPoolDoingWorkOnTheMember() {
    await()
        .atMost(LONG)
        .untilAsserted(
            () -> {
              JsonNode reports =
                  DemoServer.json(demo.get("/actuator/executors"))
                      .path("distributed")
                      .path("reports");
              assertThat(reports.path("state").asString()).isEqualTo("RUNNING");
              assertThat(reports.path("settings").path("poolSize").asInt()).isEqualTo(4);
              assertThat(reports.path("stats").path("completed").asLong()).isPositive();
              JsonNode members = reports.path("stats").path("members");
              assertThat(members.size()).isEqualTo(1);
              assertThat(members.get(0).path("member").asString()).startsWith("[127.0.0.1]:");
            });
  }

  @Test
  void prometheusShowsTheDistributedPoolsCompletedTasksPerMember() {
    await()
        .atMost(LONG)
        .untilAsserted(
            () ->
                assertThat(demo.get("/actuator/prometheus").body())
                    .containsPattern(
                        "executor_completed_tasks_total\\{[^}]*member=\"\\[127\\.0\\.0\\.1\\]:\\d+\""
                            + "[^}]*name=\"reports\""));
  }
}
