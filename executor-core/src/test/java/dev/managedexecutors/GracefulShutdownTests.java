package dev.managedexecutors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ManagedThreadPool#shutdown(Duration, boolean)} and {@link Shutdowns}: the drain of SPEC
 * B4, in the core.
 */
class GracefulShutdownTests {
  private final List<ManagedThreadPool> pools = new ArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);

  private ManagedThreadPool pool(String name, int maxWorkers) {
    ManagedThreadPool p = ManagedThreadPool.builder(name).maxWorkers(maxWorkers).build();
    pools.add(p);
    return p;
  }

  @AfterEach
  void release() throws InterruptedException {
    release.countDown();
    for (ManagedThreadPool p : pools) {
      p.shutdownNow();
      assertThat(p.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  private Runnable blocked(CountDownLatch started) {
    return () -> {
      started.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
  }

  @Test
  void shutdownWhenTasksEndInTimeReportsThemCompleted() {
    ManagedThreadPool pool = pool("quick", 2);
    for (int i = 0; i < 5; i++) {
      pool.submit(() -> {});
    }
    ShutdownReport report = pool.shutdown(Duration.ofSeconds(30), false);
    assertThat(report.pool()).isEqualTo("quick");
    assertThat(report.terminated()).isTrue();
    assertThat(report.clean()).isTrue();
    assertThat(report.interrupted()).isZero();
    assertThat(report.cancelled()).isZero();
    assertThat(pool.stats().completed()).isEqualTo(5);
  }

  @Test
  void shutdownWhenATaskOutlivesTheWaitInterruptsItAndCancelsTheQueuedOnes() throws Exception {
    ManagedThreadPool pool = pool("slow", 1);
    CountDownLatch started = new CountDownLatch(1);
    ManagedFuture<?> running = pool.submit(blocked(started));
    ManagedFuture<?> queued = pool.submit(() -> {});
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

    ShutdownReport report = pool.shutdown(Duration.ZERO, false);

    assertThat(report.interrupted()).isEqualTo(1);
    assertThat(report.cancelled()).isEqualTo(1);
    assertThat(report.terminated()).isTrue();
    assertThat(report.stillRunning()).isZero();
    assertThat(report.clean()).isFalse();
    assertThat(report.awaited()).isEqualTo(Duration.ZERO);
    assertThat(queued.cancelled()).isTrue();
    assertThat(running.done()).isTrue();
  }

  @Test
  void shutdownWithCancelPendingCancelsQueuedTasksAtOnce() throws Exception {
    ManagedThreadPool pool = pool("cancelling", 1);
    CountDownLatch started = new CountDownLatch(1);
    pool.submit(
        () -> {
          started.countDown();
          await().atMost(Duration.ofSeconds(30)).until(pool::isShutdown);
        });
    ManagedFuture<?> queued = pool.submit(() -> {});
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

    ShutdownReport report = pool.shutdown(Duration.ofSeconds(30), true);

    assertThat(queued.cancelled()).isTrue();
    assertThat(report.cancelled()).isEqualTo(1);
    assertThat(report.completed()).isEqualTo(1);
    assertThat(report.interrupted()).isZero();
  }

  @Test
  void shutdownWithNegativeAwaitThrowsNamingTheSetting() {
    ManagedThreadPool pool = pool("negative", 1);
    assertThatThrownBy(() -> pool.shutdown(Duration.ofSeconds(-1), false))
        .isInstanceOfSatisfying(
            InvalidSettingException.class,
            e -> {
              assertThat(e.setting()).isEqualTo(InvalidSettingException.AWAIT_TERMINATION);
              assertThat(e.value()).isEqualTo("PT-1S");
            });
    assertThat(pool.isShutdown()).isFalse();
  }

  @Test
  void shutdownFromOwnWorkerThrowsIllegalStateException() throws Exception {
    ManagedThreadPool pool = pool("self", 1);
    ManagedFuture<ShutdownReport> f = pool.submit(() -> pool.shutdown(Duration.ZERO, false));
    assertThatThrownBy(() -> f.result(Duration.ofSeconds(30)))
        .hasRootCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void inParallelDrainsEveryPoolAtTheSameTime() throws Exception {
    // Each pool's task ends only once every pool is shut down: drains one after the other would
    // wait out the first pool's await-termination and interrupt its task instead.
    int count = 3;
    List<Shutdowns.Plan> plans = new ArrayList<>();
    List<ManagedThreadPool> draining = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      draining.add(pool("p" + i, 1));
    }
    for (ManagedThreadPool pool : draining) {
      CountDownLatch started = new CountDownLatch(1);
      pool.submit(
          () -> {
            started.countDown();
            await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> draining.stream().allMatch(ManagedThreadPool::isShutdown));
          });
      assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
      plans.add(new Shutdowns.Plan(pool, Duration.ofSeconds(20), false));
    }

    List<ShutdownReport> reports = Shutdowns.all(plans);

    assertThat(reports).hasSize(count).allSatisfy(r -> assertThat(r.clean()).isTrue());
    assertThat(reports).extracting(ShutdownReport::completed).containsOnly(1L);
  }

  @Test
  void inParallelRunsOnAllDoneOnceEvenWhenAReportConsumerThrows() throws Exception {
    CountDownLatch allDone = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    Shutdowns.inParallel(
        List.of(
            new Shutdowns.Plan(pool("a", 1), Duration.ZERO, false),
            new Shutdowns.Plan(pool("b", 1), Duration.ZERO, false)),
        r -> {
          throw new IllegalStateException("consumer fails for " + r.pool());
        },
        () -> {
          calls.incrementAndGet();
          allDone.countDown();
        });
    assertThat(allDone.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(calls).hasValue(1);
  }

  @Test
  void inParallelDrainsAnyDrainableAndPassesItsPlanThrough() {
    // Not a ManagedThreadPool: another kind of executor (a distributed pool) drains the same way.
    List<String> calls = Collections.synchronizedList(new ArrayList<>());
    Drainable other =
        new Drainable() {
          @Override
          public String name() {
            return "other";
          }

          @Override
          public ShutdownReport shutdown(Duration awaitTermination, boolean cancelPending) {
            calls.add(awaitTermination + " " + cancelPending);
            return new ShutdownReport("other", 2, 1, 0, 0, awaitTermination, Duration.ZERO, true);
          }
        };

    List<ShutdownReport> reports =
        Shutdowns.all(
            List.of(
                new Shutdowns.Plan(other, Duration.ofSeconds(7), true),
                new Shutdowns.Plan(pool("local", 1), Duration.ZERO, false)));

    assertThat(calls).containsExactly("PT7S true");
    assertThat(reports)
        .extracting(ShutdownReport::pool, ShutdownReport::completed)
        .containsExactlyInAnyOrder(tuple("other", 2L), tuple("local", 0L));
  }

  @Test
  void inParallelWithNoPlansRunsOnAllDoneAtOnce() {
    AtomicInteger calls = new AtomicInteger();
    Shutdowns.inParallel(List.of(), r -> {}, calls::incrementAndGet);
    assertThat(calls).hasValue(1);
  }

  @Test
  void planWithNegativeAwaitThrowsNamingTheSetting() {
    ManagedThreadPool pool = pool("plan", 1);
    assertThatThrownBy(() -> new Shutdowns.Plan(pool, Duration.ofMillis(-1), false))
        .isInstanceOfSatisfying(
            InvalidSettingException.class,
            e -> assertThat(e.setting()).isEqualTo("awaitTermination"));
  }
}
