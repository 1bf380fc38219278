package com.example.newcomer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.servlet.client.RestTestClient;

/** The README's quick start, started on a random loopback port, shows its pool over HTTP. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "server.address=127.0.0.1")
@AutoConfigureRestTestClient
class NewcomerApplicationTests {

  @Autowired RestTestClient http;

  @Autowired ReportService reports;

  @Test
  void thePoolOfApplicationYmlIsInTheExecutorsEndpoint() {
    http.get()
        .uri("/actuator/executors")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.pools.reports.settings.maxSize")
        .isEqualTo(4)
        .jsonPath("$.pools.reports.settings.queueCapacity")
        .isEqualTo(100);
  }

  @Test
  void thePoolsMetersAreInPrometheus() {
    String body =
        http.get()
            .uri("/actuator/prometheus")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    assertThat(body).containsPattern("executor_pool_max_threads\\{[^}]*name=\"reports\"[^}]*} 4");
  }

  @Test
  void theInjectedPoolAndAsyncBothRunOnTheReportsPool() throws Exception {
    assertThat(reports.render("a").result(Duration.ofSeconds(30))).contains("on reports-");
    assertThat(reports.renderLater("b").get(30, TimeUnit.SECONDS)).contains("on reports-");
  }
}
