package dev.managedexecutors.autoconfigure.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.managedexecutors.ManagedThreadPool;
import dev.managedexecutors.SaturationRule;
import dev.managedexecutors.autoconfigure.ManagedExecutorsAutoConfiguration;
import dev.managedexecutors.stats.TimeoutKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;

/** Saturation, rejection bursts and timeouts as application events (SPEC C3). */
class PoolWatcherTests {
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  private final ManagedThreadPool pool =
      ManagedThreadPool.builder("io").maxWorkers(1).queueCapacity(1).build();
  private final CountDownLatch release = new CountDownLatch(1);
  private final List<ApplicationEvent> events = new CopyOnWriteArrayList<>();

  @AfterEach
  void shutDown() throws InterruptedException {
    release.countDown();
    pool.shutdownNow();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
  }

  private PoolWatcher watcher(Duration duration) {
    return new PoolWatcher(
        () -> Map.of("io", pool),
        new SaturationRule(0.9, duration),
        e -> events.add((ApplicationEvent) e));
  }

  private void fill() {
    pool.submit(() -> release.await(30, TimeUnit.SECONDS));
    org.awaitility.Awaitility.await().until(() -> pool.activeWorkers() == 1);
    pool.submit(() -> "queued");
  }

  @Test
  void rejectionsSinceThePreviousCheckArePublishedOnceWithTheirCount() {
    PoolWatcher watcher = watcher(Duration.ofHours(1));
    watcher.check(0);
    fill();
    for (int i = 0; i < 3; i++) {
      try {
        pool.submit(() -> "refused");
      } catch (RejectedExecutionException expected) {
        // counted by the pool
      }
    }
    watcher.check(2 * SECOND);
    watcher.check(3 * SECOND); // no new rejection: no new event
    assertThat(events)
        .singleElement()
        .isInstanceOfSatisfying(
            PoolRejectionsEvent.class,
            e -> {
              assertThat(e.getPool()).isSameAs(pool);
              assertThat(e.getRejected()).isEqualTo(3);
              assertThat(e.getWithin()).isEqualTo(Duration.ofSeconds(2));
            });
  }

  @Test
  void queueTimeoutsSinceThePreviousCheckArePublishedOnceWithTheirKindAndCount() {
    ManagedThreadPool timed =
        ManagedThreadPool.builder("timed").maxWorkers(1).queueTimeout(Duration.ofMillis(1)).build();
    try {
      PoolWatcher watcher =
          new PoolWatcher(
              () -> Map.of("timed", timed),
              new SaturationRule(0.9, Duration.ofHours(1)),
              e -> events.add((ApplicationEvent) e));
      watcher.check(0);
      CountDownLatch busy = new CountDownLatch(1);
      timed.submit(() -> busy.await(30, TimeUnit.SECONDS));
      org.awaitility.Awaitility.await().until(() -> timed.activeWorkers() == 1);
      long queuedAt = System.nanoTime();
      var late = timed.submit(() -> "never runs");
      // Let it wait in the queue past its 1 ms queue-timeout, then free the worker.
      org.awaitility.Awaitility.await().until(() -> System.nanoTime() - queuedAt > 5_000_000L);
      busy.countDown();
      org.awaitility.Awaitility.await().until(late::isDone);
      assertThat(late.isCancelled()).isTrue();
      watcher.check(SECOND);
      watcher.check(2 * SECOND); // no new timeout: no new event
      assertThat(events)
          .singleElement()
          .isInstanceOfSatisfying(
              PoolTimeoutsEvent.class,
              e -> {
                assertThat(e.getPool()).isSameAs(timed);
                assertThat(e.getKind()).isEqualTo(TimeoutKind.QUEUE);
                assertThat(e.getTimedOut()).isEqualTo(1);
                assertThat(e.getWithin()).isEqualTo(Duration.ofSeconds(1));
              });
    } finally {
      timed.shutdownNow();
    }
  }

  @Test
  void aPoolSaturatedForTheRulesDurationIsPublishedOncePerEpisode() {
    PoolWatcher watcher = watcher(Duration.ofSeconds(10));
    fill();
    watcher.check(0);
    watcher.check(9 * SECOND);
    assertThat(events).isEmpty();
    watcher.check(10 * SECOND);
    watcher.check(11 * SECOND);
    assertThat(events)
        .singleElement()
        .isInstanceOfSatisfying(
            PoolSaturatedEvent.class,
            e -> {
              assertThat(e.getSaturatedFor()).isEqualTo(Duration.ofSeconds(10));
              assertThat(e.getStats().queueDepth()).isEqualTo(1);
            });
  }

  @Test
  void aRuleReplacedAtRunTimeDecidesFromTheNextCheckOn() {
    AtomicReference<SaturationRule> rule =
        new AtomicReference<>(new SaturationRule(0.9, Duration.ofHours(1)));
    PoolWatcher watcher =
        new PoolWatcher(() -> Map.of("io", pool), rule::get, e -> events.add((ApplicationEvent) e));
    fill();
    watcher.check(0);
    watcher.check(10 * SECOND);
    assertThat(events).isEmpty();
    rule.set(new SaturationRule(0.9, Duration.ofSeconds(5)));
    watcher.check(11 * SECOND); // saturated since 0: the new 5 s have passed
    assertThat(events)
        .singleElement()
        .isInstanceOfSatisfying(
            PoolSaturatedEvent.class,
            e -> assertThat(e.getSaturatedFor()).isEqualTo(Duration.ofSeconds(11)));
  }

  @Test
  void whenTheApplicationStartsThenThePoolsAreWatchedAndTheEventsReachItsListeners() {
    Collect collect = new Collect();
    List<ApplicationEvent> received = collect.received;
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                ManagedExecutorsAutoConfiguration.class,
                ManagedExecutorsEventsAutoConfiguration.class))
        .withPropertyValues(
            "managed-executors.pools.io.max-size=1",
            "managed-executors.pools.io.queue-capacity=0",
            "managed-executors.health.saturation.duration=0s")
        .withBean(Collect.class, () -> collect)
        .run(
            context -> {
              assertThat(context).hasSingleBean(PoolWatcherLifecycle.class);
              assertThat(context.getBean(PoolWatcherLifecycle.class).isRunning()).isTrue();
              ManagedThreadPool io = context.getBean("io", ManagedThreadPool.class);
              CountDownLatch done = new CountDownLatch(1);
              io.submit(() -> done.await(30, TimeUnit.SECONDS));
              try {
                org.awaitility.Awaitility.await().until(() -> io.activeWorkers() == 1);
                try {
                  io.submit(() -> "refused");
                } catch (RejectedExecutionException expected) {
                  // counted by the pool
                }
                org.awaitility.Awaitility.await()
                    .untilAsserted(
                        () ->
                            assertThat(received)
                                .hasAtLeastOneElementOfType(PoolSaturatedEvent.class));
              } finally {
                done.countDown();
              }
            });
  }

  /** Collects every event. */
  static final class Collect implements ApplicationListener<ApplicationEvent> {
    final List<ApplicationEvent> received = new CopyOnWriteArrayList<>();

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
      received.add(event);
    }
  }
}
