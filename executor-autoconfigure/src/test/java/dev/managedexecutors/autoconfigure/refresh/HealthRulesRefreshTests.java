package dev.managedexecutors.autoconfigure.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.managedexecutors.ManagedThreadPool;
import dev.managedexecutors.actuate.ExecutorsEndpoint;
import dev.managedexecutors.actuate.ExecutorsHealthContributor;
import dev.managedexecutors.autoconfigure.events.PoolSaturatedEvent;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;

/**
 * SPEC C1 for the health rules, {@code managed-executors.health.saturation.*}: a change published
 * as Spring Cloud's {@code EnvironmentChangeEvent} reaches the running health contributor and the
 * pool watcher without a restart, or is refused as a whole with the pools' changes.
 */
@ExtendWith(OutputCaptureExtension.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
@SpringBootTest(
    classes = RefreshedApplication.class,
    properties = {
      "managed-executors.pools.small.max-size=1",
      "managed-executors.pools.small.queue-capacity=0",
      "managed-executors.pools.io.max-size=8",
      // Far longer than any test: no saturation is reported until a test shortens it.
      "managed-executors.health.saturation.duration=1h",
      "management.endpoints.web.exposure.include=executors"
    })
class HealthRulesRefreshTests {
  private static final String SATURATION = "managed-executors.health.saturation.";

  @Autowired ConfigurableApplicationContext context;

  @Autowired
  @Qualifier("small")
  ManagedThreadPool small;

  @Autowired
  @Qualifier("io")
  ManagedThreadPool io;

  @Autowired RefreshedApplication.Events events;

  @Autowired ExecutorsEndpoint endpoint;

  @Autowired ExecutorsHealthContributor health;

  private final CountDownLatch release = new CountDownLatch(1);

  /** Keeps the one worker of {@code small} busy: with direct hand-off, the pool is saturated. */
  @BeforeEach
  void saturateSmall() {
    small.submit(() -> release.await(30, TimeUnit.SECONDS));
    Awaitility.await().until(() -> small.activeWorkers() == 1);
  }

  @AfterEach
  void releaseSmall() {
    release.countDown();
  }

  @Test
  void aChangeOfTheSaturationRuleSwitchesTheRunningHealthAndIsLoggedPublishedAndShown(
      CapturedOutput output) {
    assertThat(smallHealth().getStatus()).isEqualTo(Status.UP);
    assertThat(smallHealth().getDetails()).containsEntry("saturated", false);

    List<Reconfiguration> outcomes =
        change(Map.of(SATURATION + "status", "down", SATURATION + "duration", "0s"));

    Health now = smallHealth();
    assertThat(now.getStatus()).isEqualTo(Status.DOWN);
    assertThat(now.getDetails()).containsEntry("saturated", true);
    String line =
        "Executors health rules reconfigured: managed-executors.health.saturation.duration 3600s"
            + " -> 0s, managed-executors.health.saturation.status UP -> DOWN";
    assertThat(output).contains(line).doesNotContain("only after a restart");
    assertThat(outcomes)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.outcome()).isEqualTo(Reconfiguration.Outcome.APPLIED);
              assertThat(r.restartRequired()).isEmpty();
              assertThat(r.changes())
                  .containsExactly(
                      SATURATION + "duration 3600s -> 0s", SATURATION + "status UP -> DOWN");
            });
    assertThat(events.received)
        .filteredOn(e -> !(e instanceof PoolSaturatedEvent))
        .singleElement()
        .isInstanceOfSatisfying(
            HealthRulesReconfiguredEvent.class,
            e -> assertThat(e.getReconfiguration()).isEqualTo(outcomes.get(0)));
    assertThat(endpoint.executors().reconfigurations()).containsExactlyElementsOf(outcomes);
  }

  @Test
  void aShorterDurationIsFollowedByThePoolWatchersSaturatedEvent() {
    // Saturated since the test began, but the hour of the start-up rule is far away.
    assertThat(events.received).noneMatch(PoolSaturatedEvent.class::isInstance);
    change(Map.of(SATURATION + "duration", "0s"));
    Awaitility.await()
        .untilAsserted(
            () ->
                assertThat(events.received)
                    .filteredOn(PoolSaturatedEvent.class::isInstance)
                    .map(e -> ((PoolSaturatedEvent) e).getPool())
                    .contains(small));
  }

  @Test
  void aThresholdOutOfRangeIsRefusedWithThePoolsChangesAndTheOldRuleIsKept(CapturedOutput output) {
    List<Reconfiguration> outcomes =
        change(
            Map.of(
                SATURATION + "status",
                "down",
                SATURATION + "duration",
                "0s",
                SATURATION + "queue-threshold",
                "1.5",
                "managed-executors.pools.io.max-size",
                "16"));
    assertThat(outcomes)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.outcome()).isEqualTo(Reconfiguration.Outcome.REFUSED);
              assertThat(r.problems())
                  .containsExactly(
                      SATURATION
                          + "queue-threshold=1.5: queueThreshold must be > 0 and <= 1, was 1.5");
            });
    assertThat(output)
        .contains(
            "Pool reconfiguration refused, no pool changed: managed-executors.health.saturation"
                + ".queue-threshold=1.5: queueThreshold must be > 0 and <= 1, was 1.5. Use a fill"
                + " ratio above 0 and at most 1, such as 0.9.")
        .doesNotContain("reconfigured:");
    assertThat(io.maxWorkers()).isEqualTo(8);
    // Had status DOWN and duration 0s been taken, the saturated pool would now be DOWN.
    assertThat(smallHealth().getStatus()).isEqualTo(Status.UP);
    assertThat(events.received).singleElement().isInstanceOf(PoolReconfigurationRefusedEvent.class);
  }

  @Test
  void aBlankStatusIsRefusedNamingThePropertyAndTheAllowedValues(CapturedOutput output) {
    change(Map.of(SATURATION + "status", " ", SATURATION + "duration", "0s"));
    assertThat(output)
        .contains(
            "Pool reconfiguration refused, no pool changed: managed-executors.health.saturation"
                + ".status= : must not be blank. Use a health status such as UP (the default),"
                + " DOWN or OUT_OF_SERVICE.");
    assertThat(smallHealth().getDetails()).containsEntry("saturated", false);
  }

  private Health smallHealth() {
    return ((HealthIndicator) health.getContributor("small")).health();
  }

  private List<Reconfiguration> change(Map<String, Object> values) {
    return RefreshedApplication.change(context, values);
  }
}
