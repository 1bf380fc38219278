package dev.managedexecutors.autoconfigure.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.managedexecutors.ManagedFuture;
import dev.managedexecutors.ManagedThreadPool;
import dev.managedexecutors.RejectionPolicy;
import dev.managedexecutors.actuate.ExecutorsEndpoint;
import dev.managedexecutors.autoconfigure.ManagedExecutorsProperties;
import dev.managedexecutors.autoconfigure.ManagedThreadPoolRegistry;
import dev.managedexecutors.stats.TimeoutKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;

/**
 * SPEC C1 in a whole Spring Boot application with Spring Cloud Context: the environment changes,
 * Spring Cloud's {@code EnvironmentChangeEvent} is published, and the running pool takes the
 * change, or refuses the whole set, with the log lines, events and endpoint entries promised.
 */
@ExtendWith(OutputCaptureExtension.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
@SpringBootTest(
    classes = RefreshedApplication.class,
    properties = {
      "managed-executors.pools.io.core-size=2",
      "managed-executors.pools.io.max-size=8",
      "managed-executors.pools.io.queue-capacity=200",
      "managed-executors.pools.io.keep-alive=30s",
      "managed-executors.pools.io.thread-name-prefix=io",
      "managed-executors.pools.cpu.max-size=2",
      "management.endpoints.web.exposure.include=executors"
    })
class PoolRefreshTests {
  private static final String IO = "managed-executors.pools.io.";

  @Autowired ConfigurableApplicationContext context;

  @Autowired
  @Qualifier("io")
  ManagedThreadPool io;

  @Autowired
  @Qualifier("cpu")
  ManagedThreadPool cpu;

  @Autowired RefreshedApplication.Events events;

  @Autowired ExecutorsEndpoint endpoint;

  @Test
  void aChangeOfLiveKeysIsAppliedLoggedPublishedAndShown(CapturedOutput output) {
    List<Reconfiguration> outcomes =
        change(
            Map.of(
                IO + "max-size", "16",
                IO + "queue-capacity", "500",
                IO + "keep-alive", "5s",
                IO + "rejection", "caller-runs",
                IO + "block-timeout", "2s",
                IO + "core-size", "4"));
    assertThat(outcomes)
        .singleElement()
        .extracting(Reconfiguration::outcome)
        .isEqualTo(Reconfiguration.Outcome.APPLIED);
    assertThat(io.coreWorkers()).isEqualTo(4);
    assertThat(io.maxWorkers()).isEqualTo(16);
    assertThat(io.queueCapacity()).isEqualTo(500);
    assertThat(io.keepAlive()).isEqualTo(Duration.ofSeconds(5));
    assertThat(io.rejection()).isEqualTo(RejectionPolicy.CALLER_RUNS);
    assertThat(io.blockTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(cpu.maxWorkers()).isEqualTo(2);
    assertThat(output)
        .contains(
            "Pool 'io' reconfigured: core-size 2 -> 4, max-size 8 -> 16, queue-capacity 200 -> 500,"
                + " keep-alive 30s -> 5s, rejection abort -> caller-runs, block-timeout 10s -> 2s");
    assertThat(events.received)
        .singleElement()
        .isInstanceOfSatisfying(
            PoolReconfiguredEvent.class,
            e -> {
              assertThat(e.getSource()).isSameAs(io);
              assertThat(e.getReconfiguration().changes()).contains("max-size 8 -> 16");
            });
    assertThat(endpoint.executors().reconfigurations())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.pool()).isEqualTo("io");
              assertThat(r.changes()).contains("queue-capacity 200 -> 500");
            });
  }

  @Test
  void anInvalidSetIsRefusedAsAWholeAndNoPoolChanges(CapturedOutput output) {
    List<Reconfiguration> outcomes =
        change(
            Map.of(
                IO + "max-size",
                "16",
                IO + "keep-alive",
                "5s",
                "managed-executors.pools.cpu.max-size",
                "4",
                IO + "queue-capacity",
                "-1"));
    assertThat(outcomes)
        .singleElement()
        .extracting(Reconfiguration::outcome)
        .isEqualTo(Reconfiguration.Outcome.REFUSED);
    assertThat(io.maxWorkers()).isEqualTo(8);
    assertThat(io.keepAlive()).isEqualTo(Duration.ofSeconds(30));
    assertThat(io.queueCapacity()).isEqualTo(200);
    assertThat(cpu.maxWorkers()).isEqualTo(2);
    assertThat(output)
        .contains(
            "Pool reconfiguration refused, no pool changed: managed-executors.pools.io"
                + ".queue-capacity=-1: queueCapacity must be >= 0 (0 = direct hand-off), was -1.")
        .doesNotContain("reconfigured:");
    assertThat(events.received)
        .singleElement()
        .isInstanceOfSatisfying(
            PoolReconfigurationRefusedEvent.class,
            e -> assertThat(e.getReconfiguration().problems()).hasSize(1));
  }

  @Test
  void aCoreSizeAboveTheMaximumIsRefusedInTheWordsOfTheStartUpReport(CapturedOutput output) {
    change(Map.of(IO + "core-size", "12"));
    assertThat(io.coreWorkers()).isEqualTo(2);
    assertThat(output)
        .contains(
            "managed-executors.pools.io.max-size=8: max-size (8) is less than core-size (12). Raise"
                + " managed-executors.pools.io.max-size to at least 12");
  }

  @Test
  void aValueThatCannotBeConvertedIsRefusedNamingTheProperty(CapturedOutput output) {
    change(Map.of(IO + "keep-alive", "soon", IO + "max-size", "9"));
    assertThat(io.maxWorkers()).isEqualTo(8);
    assertThat(output)
        .contains(
            "Pool reconfiguration refused, no pool changed: managed-executors.pools.io.keep-alive"
                + "=soon: cannot be converted to a duration");
  }

  @Test
  void keysThatNeedARestartAreReportedNotIgnored(CapturedOutput output) {
    List<Reconfiguration> outcomes =
        change(
            Map.of(
                IO + "thread-name-prefix",
                "io-new",
                IO + "max-size",
                "10",
                "managed-executors.pools.later.max-size",
                "3"));
    assertThat(io.maxWorkers()).isEqualTo(10);
    assertThat(io.threadNamePrefix()).isEqualTo("io");
    assertThat(outcomes)
        .flatExtracting(Reconfiguration::restartRequired)
        .containsExactlyInAnyOrder(
            "managed-executors.pools.io.thread-name-prefix io -> io-new",
            "pool added: managed-executors.pools.later");
    assertThat(output)
        .contains(
            "Pool 'io': these changes take effect only after a restart:"
                + " managed-executors.pools.io.thread-name-prefix io -> io-new")
        .contains("Pool 'later': these changes take effect only after a restart: pool added");
    assertThat(context.containsBean("later")).isFalse();
  }

  @Test
  void taskTimeoutsAreAppliedLiveAndTheRunningPoolEnforcesThem() throws Exception {
    change(Map.of(IO + "run-timeout", "50ms"));
    assertThat(events.received)
        .singleElement()
        .isInstanceOfSatisfying(
            PoolReconfiguredEvent.class,
            e ->
                assertThat(e.getReconfiguration().changes())
                    .containsExactly("run-timeout none -> 50ms"));
    // The pool had no run timeout at start-up; now a task that outlasts it is interrupted.
    CountDownLatch never = new CountDownLatch(1);
    ManagedFuture<Boolean> stuck = io.submit(() -> never.await(30, TimeUnit.SECONDS));
    assertThat(stuck.exception(Duration.ofSeconds(30))).isInstanceOf(InterruptedException.class);
    assertThat(io.taskTotals().timeouts(TimeoutKind.RUN)).isEqualTo(1);
  }

  @Test
  void shutdownSettingsAreAppliedToTheLifecycle() {
    change(Map.of(IO + "shutdown.await-termination", "3s", IO + "shutdown.cancel-pending", "true"));
    assertThat(events.received)
        .singleElement()
        .isInstanceOfSatisfying(
            PoolReconfiguredEvent.class,
            e ->
                assertThat(e.getReconfiguration().changes())
                    .containsExactly(
                        "shutdown.await-termination 20s -> 3s",
                        "shutdown.cancel-pending false -> true"));
    // What the graceful shutdown will use when the context stops.
    ManagedExecutorsProperties.Pool kept =
        context.getBean(ManagedThreadPoolRegistry.class).settings("io").orElseThrow();
    assertThat(kept.getShutdown().getAwaitTermination()).isEqualTo(Duration.ofSeconds(3));
    assertThat(kept.getShutdown().isCancelPending()).isTrue();
  }

  @Test
  void aRefreshThatChangesNothingOfThePoolsDoesNothing(CapturedOutput output) {
    assertThat(change(Map.of("unrelated.key", "x"))).isEmpty();
    assertThat(events.received).isEmpty();
    assertThat(output).doesNotContain("Pool '");
  }

  private List<Reconfiguration> change(Map<String, Object> values) {
    return RefreshedApplication.change(context, values);
  }
}
