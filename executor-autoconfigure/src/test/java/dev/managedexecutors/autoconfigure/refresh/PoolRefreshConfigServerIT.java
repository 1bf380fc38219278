package dev.managedexecutors.autoconfigure.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.managedexecutors.ManagedFuture;
import dev.managedexecutors.ManagedThreadPool;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.config.server.EnableConfigServer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * SPEC C1 end to end: a real Spring Cloud Config Server (native backend, a temp folder) on a random
 * loopback port, a client application bound to it with {@code spring.config.import=configserver:},
 * the served file changed, {@code POST /actuator/refresh} on the client, and the client's pool
 * resized under load with no task lost. Prints the time from the change of the served file to the
 * pool running with the new settings.
 */
class PoolRefreshConfigServerIT {
  private static final int MAX_TASKS = 2_000_000;

  /** The build switches the config client off for every test (see the module's pom). */
  private static final List<String> CLIENT_SWITCHES =
      List.of("spring.cloud.config.enabled", "spring.cloud.config.import-check.enabled");

  private static final Map<String, String> switchesBefore = new HashMap<>();

  @TempDir Path repository;

  /**
   * Clears the switches for this test: a refresh builds its environment again from the system
   * properties, where a switch set there would win over the client's command line.
   */
  @BeforeAll
  static void switchTheConfigClientOn() {
    for (String key : CLIENT_SWITCHES) {
      String value = System.clearProperty(key);
      if (value != null) {
        switchesBefore.put(key, value);
      }
    }
  }

  @AfterAll
  static void restoreTheSwitches() {
    CLIENT_SWITCHES.forEach(System::clearProperty);
    switchesBefore.forEach(System::setProperty);
  }

  private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

  @AfterEach
  void close() {
    for (int i = contexts.size() - 1; i >= 0; i--) {
      contexts.get(i).close();
    }
  }

  @Test
  void aChangeServedByTheConfigServerResizesTheClientsPoolUnderLoadAfterARefresh()
      throws Exception {
    Path served = repository.resolve("client.properties");
    serve(served, 2, 50);
    ConfigurableApplicationContext server =
        start(
            ConfigServer.class,
            "--spring.application.name=configserver",
            "--spring.profiles.active=native",
            "--spring.cloud.config.server.native.search-locations=file:" + repository + "/",
            "--spring.cloud.config.enabled=false",
            "--spring.cloud.config.import-check.enabled=false");
    int serverPort = port(server);
    // The client's refresh builds its environment again from the system properties, where the
    // switch must say "on" (the server, by then, has left it off).
    System.setProperty(CLIENT_SWITCHES.get(0), "true");
    ConfigurableApplicationContext client =
        start(
            Client.class,
            "--spring.application.name=client",
            "--spring.config.import=configserver:http://127.0.0.1:" + serverPort,
            "--spring.cloud.config.enabled=true",
            "--spring.cloud.config.fail-fast=true",
            "--management.endpoints.web.exposure.include=refresh,executors");
    ManagedThreadPool io = client.getBean("io", ManagedThreadPool.class);
    assertThat(io.maxWorkers()).as("max-size served at start-up").isEqualTo(2);
    assertThat(io.queueCapacity()).isEqualTo(50);

    Load load = new Load(io);
    load.start();
    try {
      load.awaitAccepted(200);
      Instant changedAt = Instant.now();
      long changed = System.nanoTime();
      serve(served, 8, 500);
      HttpResponse<String> refreshed = post(port(client), "/actuator/refresh");
      long applied = System.nanoTime();
      assertThat(refreshed.statusCode()).isEqualTo(200);
      assertThat(refreshed.body())
          .contains("managed-executors.pools.io.max-size")
          .contains("managed-executors.pools.io.queue-capacity");
      assertThat(io.maxWorkers()).isEqualTo(8);
      assertThat(io.queueCapacity()).isEqualTo(500);
      Reconfiguration done = client.getBean(ReconfigurationHistory.class).recent().get(0);
      assertThat(done.changes()).contains("max-size 2 -> 8", "queue-capacity 50 -> 500");
      System.out.printf(
          "Config Server change -> pool 'io' reconfigured: %d ms; -> POST /actuator/refresh"
              + " answered: %d ms%n",
          Duration.between(changedAt, done.at()).toMillis(),
          TimeUnit.NANOSECONDS.toMillis(applied - changed));
      load.awaitAccepted(load.accepted.size() + 200);

      serve(served, 0, 500); // max-size 0 is invalid: the set is refused, the pool unchanged
      assertThat(post(port(client), "/actuator/refresh").statusCode()).isEqualTo(200);
      assertThat(io.maxWorkers()).isEqualTo(8);
      HttpResponse<String> executors = get(port(client), "/actuator/executors");
      assertThat(executors.body())
          .contains("\"outcome\":\"REFUSED\"")
          .contains("max-size 2 -> 8")
          .contains("managed-executors.pools.io.max-size=0");
    } finally {
      load.stop();
    }
    load.assertNoTaskLost();
    assertThat(io.stats().largestPoolSize())
        .as("workers started after the resize")
        .isGreaterThan(2);
  }

  private static void serve(Path file, int maxSize, int queueCapacity) throws IOException {
    Files.writeString(
        file,
        "managed-executors.pools.io.max-size="
            + maxSize
            + "\nmanaged-executors.pools.io.queue-capacity="
            + queueCapacity
            + "\nmanaged-executors.pools.io.rejection=caller-runs\n",
        StandardCharsets.UTF_8);
  }

  private ConfigurableApplicationContext start(Class<?> application, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--server.port=0");
    all.add("--server.address=127.0.0.1");
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(application).run(all.toArray(String[]::new));
    contexts.add(context);
    return context;
  }

  private static int port(ConfigurableApplicationContext context) {
    return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
  }

  private static HttpResponse<String> post(int port, String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(60))
            .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(60))
            .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** Two submitters that keep the pool busy with short tasks until stopped. */
  private static final class Load {
    final ManagedThreadPool pool;
    final AtomicIntegerArray runs = new AtomicIntegerArray(MAX_TASKS);
    final ConcurrentLinkedQueue<ManagedFuture<Integer>> accepted = new ConcurrentLinkedQueue<>();
    final AtomicInteger refused = new AtomicInteger();
    final AtomicInteger nextId = new AtomicInteger();
    final AtomicBoolean stop = new AtomicBoolean();
    final List<Thread> submitters = new ArrayList<>();

    Load(ManagedThreadPool pool) {
      this.pool = pool;
    }

    void start() {
      for (int s = 0; s < 2; s++) {
        Thread t = new Thread(this::submit, "load-" + s);
        t.start();
        submitters.add(t);
      }
    }

    private void submit() {
      for (int id; !stop.get() && (id = nextId.getAndIncrement()) < MAX_TASKS; ) {
        int task = id;
        try {
          accepted.add(
              pool.submit(
                  () -> {
                    runs.incrementAndGet(task);
                    Thread.sleep(1); // ALLOW-SLEEP: simulates I/O, so that the pool fills up
                    return task;
                  }));
        } catch (RejectedExecutionException e) {
          refused.incrementAndGet();
        }
      }
    }

    void awaitAccepted(int count) {
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> accepted.size() >= count);
    }

    void stop() throws InterruptedException {
      stop.set(true);
      for (Thread t : submitters) {
        t.join(TimeUnit.SECONDS.toMillis(60));
      }
    }

    void assertNoTaskLost() throws Exception {
      for (Thread t : submitters) {
        assertThat(t.isAlive()).as(t.getName() + " still submitting").isFalse();
      }
      for (ManagedFuture<Integer> f : accepted) {
        int id = f.result(Duration.ofSeconds(60));
        assertThat(runs.get(id)).as("runs of task " + id).isEqualTo(1);
      }
      assertThat(refused.get()).as("refused (caller-runs never refuses)").isZero();
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @EnableConfigServer
  static class ConfigServer {}

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class Client {}
}
