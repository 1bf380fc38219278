package dev.managedexecutors.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.managedexecutors.ManagedFuture;
import dev.managedexecutors.ManagedThreadPool;
import dev.managedexecutors.SaturationRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** The health of one pool: broken, shut down, saturated for a while, or up. */
class PoolHealthIndicatorTests {
  private final AtomicLong clock = new AtomicLong();
  private final CountDownLatch release = new CountDownLatch(1);
  private final List<ManagedThreadPool> pools = new ArrayList<>();

  @AfterEach
  void releaseAndShutDown() {
    release.countDown();
    pools.forEach(p -> p.shutdown(true));
  }

  @Test
  void whenThePoolIsIdleThenItIsUpAndNotSaturated() {
    Health health = indicator(pool(2, 10), Status.DOWN).health();
    assertThat(health.getStatus()).isEqualTo(Status.UP);
    assertThat(health.getDetails())
        .containsEntry("state", "RUNNING")
        .containsEntry("saturated", false)
        .containsEntry("maxWorkers", 2)
        .containsEntry("queueCapacity", 10);
  }

  @Test
  void whenTheInitializerFailedThenThePoolIsDown() {
    ManagedThreadPool broken =
        track(
            ManagedThreadPool.builder("broken")
                .maxWorkers(1)
                .initializer(
                    () -> {
                      throw new IllegalStateException("no connection");
                    })
                .build());
    ManagedFuture<?> task = broken.submit(() -> {});
    Awaitility.await().until(task::done);
    Health health = indicator(broken, Status.UP).health();
    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
    assertThat(health.getDetails()).containsEntry("state", "BROKEN");
  }

  @Test
  void whenThePoolIsShutDownThenItIsOutOfService() {
    ManagedThreadPool pool = pool(1, 1);
    pool.shutdown(true);
    Health health = indicator(pool, Status.UP).health();
    assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
    assertThat(health.getDetails()).containsEntry("state", "TERMINATED");
  }

  @Test
  void whenSaturatedForLessThanTheDurationThenItIsUpWithHowLong() {
    ManagedThreadPool pool = saturated(pool(1, 10), 10);
    PoolHealthIndicator indicator = indicator(pool, Status.DOWN);
    assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
    clock.addAndGet(Duration.ofSeconds(29).toNanos());
    Health health = indicator.health();
    assertThat(health.getStatus()).isEqualTo(Status.UP);
    assertThat(health.getDetails())
        .containsEntry("saturated", false)
        .containsEntry("saturatedFor", "PT29S");
  }

  @Test
  void whenSaturatedForTheDurationThenTheConfiguredStatusIsReported() {
    ManagedThreadPool pool = saturated(pool(1, 10), 9);
    PoolHealthIndicator indicator = indicator(pool, Status.DOWN);
    indicator.health();
    clock.addAndGet(Duration.ofSeconds(30).toNanos());
    Health health = indicator.health();
    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
    assertThat(health.getDetails())
        .containsEntry("saturated", true)
        .containsEntry("saturatedFor", "PT30S")
        .containsEntry("queueDepth", 9);
  }

  @Test
  void whenTheRulesAreReplacedThenTheNextCheckUsesThem() {
    ManagedThreadPool pool = saturated(pool(1, 10), 5);
    AtomicReference<SaturationRule> rule =
        new AtomicReference<>(new SaturationRule(0.9, Duration.ZERO));
    AtomicReference<Status> status = new AtomicReference<>(Status.UP);
    PoolHealthIndicator indicator =
        new PoolHealthIndicator(pool, rule::get, status::get, clock::get);
    assertThat(indicator.health().getDetails()).containsEntry("saturated", false);
    rule.set(new SaturationRule(0.5, Duration.ZERO));
    status.set(Status.OUT_OF_SERVICE);
    Health health = indicator.health();
    assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
    assertThat(health.getDetails()).containsEntry("saturated", true);
  }

  @Test
  void whenSaturatedWithTheDefaultStatusThenItStaysUpWithSaturationInTheDetails() {
    ManagedThreadPool pool = saturated(pool(1, 10), 10);
    PoolHealthIndicator indicator = indicator(pool, Status.UP);
    indicator.health();
    clock.addAndGet(Duration.ofMinutes(5).toNanos());
    Health health = indicator.health();
    assertThat(health.getStatus()).isEqualTo(Status.UP);
    assertThat(health.getDetails()).containsEntry("saturated", true);
  }

  @Test
  void whenTheQueueIsBelowTheThresholdThenThePoolIsNotSaturated() {
    ManagedThreadPool pool = saturated(pool(1, 10), 8);
    PoolHealthIndicator indicator = indicator(pool, Status.DOWN);
    indicator.health();
    clock.addAndGet(Duration.ofMinutes(5).toNanos());
    Health health = indicator.health();
    assertThat(health.getStatus()).isEqualTo(Status.UP);
    assertThat(health.getDetails()).containsEntry("saturated", false);
    assertThat(health.getDetails()).doesNotContainKey("saturatedFor");
  }

  @Test
  void aDirectHandOffPoolIsSaturatedWhenEveryWorkerIsBusy() {
    ManagedThreadPool pool = saturated(pool(2, 0), 0);
    assertThat(new SaturationRule(0.9, Duration.ZERO).saturated(pool.stats())).isTrue();
  }

  @Test
  void anUnboundedQueueNeverCountsAsSaturated() {
    ManagedThreadPool pool = saturated(pool(1, ManagedThreadPool.UNBOUNDED), 5);
    assertThat(new SaturationRule(0.1, Duration.ZERO).saturated(pool.stats())).isFalse();
  }

  @Test
  void aRuleOutOfRangeIsRefusedNamingTheArgument() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new SaturationRule(1.5, Duration.ZERO))
        .withMessage("queueThreshold must be > 0 and <= 1, was 1.5");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new SaturationRule(0.9, Duration.ofSeconds(-1)))
        .withMessage("duration must be >= 0, was PT-1S");
  }

  private PoolHealthIndicator indicator(ManagedThreadPool pool, Status saturatedStatus) {
    return new PoolHealthIndicator(
        pool, new SaturationRule(0.9, Duration.ofSeconds(30)), saturatedStatus, clock::get);
  }

  private ManagedThreadPool pool(int maxWorkers, int queueCapacity) {
    return track(
        ManagedThreadPool.builder("p").maxWorkers(maxWorkers).queueCapacity(queueCapacity).build());
  }

  private ManagedThreadPool track(ManagedThreadPool pool) {
    pools.add(pool);
    return pool;
  }

  /** Occupies every worker with a task that waits for {@link #release}, then queues more. */
  private ManagedThreadPool saturated(ManagedThreadPool pool, int queued) {
    for (int i = 0; i < pool.maxWorkers(); i++) {
      pool.submit(() -> release.await(30, TimeUnit.SECONDS));
    }
    Awaitility.await().until(() -> pool.stats().activeWorkers() == pool.maxWorkers());
    for (int i = 0; i < queued; i++) {
      pool.submit(() -> release.await(30, TimeUnit.SECONDS));
    }
    assertThat(pool.stats().queueDepth()).isEqualTo(queued);
    return pool;
  }
}
