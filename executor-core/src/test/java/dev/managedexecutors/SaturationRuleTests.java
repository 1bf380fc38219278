package dev.managedexecutors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.managedexecutors.stats.PoolStats;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@link SaturationRule} and {@link SaturationTracker}. */
class SaturationRuleTests {

  private static PoolStats stats(int active, int max, int depth, int capacity) {
    return new PoolStats(
        "p",
        depth,
        capacity - depth,
        capacity,
        active,
        active,
        active,
        0,
        max,
        0,
        0,
        0,
        0,
        0,
        0,
        false,
        false,
        false);
  }

  private static PoolStats shutDown() {
    return new PoolStats("p", 10, 0, 10, 2, 2, 2, 0, 2, 0, 0, 0, 0, 0, 0, true, false, false);
  }

  @Test
  void saturatedWhenEveryWorkerIsBusyAndTheQueueIsFilledToTheThreshold() {
    SaturationRule rule = new SaturationRule(0.9, Duration.ZERO);
    assertThat(rule.saturated(stats(2, 2, 9, 10))).isTrue();
    assertThat(rule.saturated(stats(2, 2, 8, 10))).isFalse();
    assertThat(rule.saturated(stats(1, 2, 10, 10))).isFalse();
  }

  @Test
  void saturatedWithDirectHandOffAsSoonAsEveryWorkerIsBusy() {
    assertThat(new SaturationRule(0.9, Duration.ZERO).saturated(stats(2, 2, 0, 0))).isTrue();
  }

  @Test
  void neverSaturatedWithAnUnboundedQueue() {
    PoolStats full = stats(2, 2, 1_000_000, ManagedThreadPool.UNBOUNDED);
    assertThat(new SaturationRule(0.1, Duration.ZERO).saturated(full)).isFalse();
  }

  @Test
  void invalidThresholdThrowsNamingTheSettingAndValue() {
    assertThatThrownBy(() -> new SaturationRule(1.5, Duration.ZERO))
        .isInstanceOfSatisfying(
            InvalidSettingException.class,
            e -> {
              assertThat(e.setting()).isEqualTo(InvalidSettingException.QUEUE_THRESHOLD);
              assertThat(e.value()).isEqualTo("1.5");
            });
  }

  @Test
  void negativeDurationThrowsNamingTheSetting() {
    assertThatThrownBy(() -> new SaturationRule(0.9, Duration.ofSeconds(-1)))
        .isInstanceOfSatisfying(
            InvalidSettingException.class,
            e -> assertThat(e.setting()).isEqualTo(InvalidSettingException.DURATION));
  }

  @Test
  void trackerReportsOnlyAfterTheRuleDurationOfSaturatedObservations() {
    SaturationTracker tracker =
        new SaturationTracker(new SaturationRule(0.5, Duration.ofNanos(100)));
    PoolStats saturated = stats(2, 2, 10, 10);
    assertThat(tracker.observe(saturated, 1_000).reported()).isFalse();
    SaturationTracker.Observation later = tracker.observe(saturated, 1_100);
    assertThat(later.reported()).isTrue();
    assertThat(later.saturatedFor()).isEqualTo(Duration.ofNanos(100));
  }

  @Test
  void trackerStartsAgainAfterOneObservationThatIsNotSaturated() {
    SaturationTracker tracker =
        new SaturationTracker(new SaturationRule(0.5, Duration.ofNanos(100)));
    PoolStats saturated = stats(2, 2, 10, 10);
    tracker.observe(saturated, 0);
    assertThat(tracker.observe(stats(0, 2, 0, 10), 50).saturated()).isFalse();
    assertThat(tracker.observe(saturated, 120).reported()).isFalse();
    assertThat(tracker.observe(saturated, 220).reported()).isTrue();
  }

  @Test
  void trackerNeverReportsAShutDownPool() {
    SaturationTracker tracker = new SaturationTracker(new SaturationRule(0.5, Duration.ZERO));
    assertThat(tracker.observe(shutDown(), 0).saturated()).isFalse();
  }

  @Test
  void trackerWithASourceJudgesEachObservationByTheRuleInForceThen() {
    AtomicReference<SaturationRule> rule =
        new AtomicReference<>(new SaturationRule(0.5, Duration.ofNanos(1_000)));
    SaturationTracker tracker = new SaturationTracker(rule::get);
    PoolStats saturated = stats(2, 2, 10, 10);
    tracker.observe(saturated, 0);
    assertThat(tracker.observe(saturated, 100).reported()).isFalse();
    rule.set(new SaturationRule(0.5, Duration.ofNanos(100)));
    assertThat(tracker.rule()).isSameAs(rule.get());
    SaturationTracker.Observation now = tracker.observe(saturated, 100);
    assertThat(now.reported()).isTrue();
    assertThat(now.saturatedFor()).isEqualTo(Duration.ofNanos(100));
  }

  @Test
  void trackerWithASourceEndsTheSaturationWhenTheNewRuleNoLongerFindsIt() {
    AtomicReference<SaturationRule> rule =
        new AtomicReference<>(new SaturationRule(0.5, Duration.ZERO));
    SaturationTracker tracker = new SaturationTracker(rule::get);
    PoolStats halfFull = stats(2, 2, 5, 10);
    assertThat(tracker.observe(halfFull, 0).reported()).isTrue();
    rule.set(new SaturationRule(0.9, Duration.ZERO));
    assertThat(tracker.observe(halfFull, 10).saturated()).isFalse();
    rule.set(new SaturationRule(0.5, Duration.ofNanos(50)));
    assertThat(tracker.observe(halfFull, 20).reported()).isFalse(); // counting starts again
    assertThat(tracker.observe(halfFull, 70).reported()).isTrue();
  }
}
