package dev.managedexecutors;

import static dev.managedexecutors.ParkedThreads.awaitParkedIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Live reconfiguration of a running pool (SPEC C1, the core's part): all or nothing. */
class PoolReconfigurationTests {
  private final List<ManagedThreadPool> pools = new ArrayList<>();

  private ManagedThreadPool pool(ManagedThreadPool.Builder builder) {
    ManagedThreadPool p = builder.build();
    pools.add(p);
    return p;
  }

  @AfterEach
  void shutDownPools() throws InterruptedException {
    for (ManagedThreadPool p : pools) {
      p.shutdownNow();
      assertThat(p.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void applyChangesEveryNamedSettingAndKeepsTheOthers() {
    ManagedThreadPool p =
        pool(ManagedThreadPool.builder("p").coreWorkers(1).maxWorkers(2).queueCapacity(10));
    p.reconfigure()
        .maxWorkers(8)
        .queueCapacity(500)
        .keepAlive(Duration.ofSeconds(5))
        .rejection(RejectionPolicy.CALLER_RUNS)
        .blockTimeout(Duration.ofSeconds(3))
        .apply();
    assertThat(p.coreWorkers()).isEqualTo(1);
    assertThat(p.maxWorkers()).isEqualTo(8);
    assertThat(p.queueCapacity()).isEqualTo(500);
    assertThat(p.keepAlive()).isEqualTo(Duration.ofSeconds(5));
    assertThat(p.rejection()).isEqualTo(RejectionPolicy.CALLER_RUNS);
    assertThat(p.blockTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(p.stats().maxWorkers()).isEqualTo(8);
  }

  @Test
  void aRunTimeoutSetOnARunningPoolInterruptsTasksStartedAfterIt() throws Exception {
    ManagedThreadPool p = pool(ManagedThreadPool.builder("p").maxWorkers(2));
    p.reconfigure().runTimeout(Duration.ofMillis(20)).apply();
    java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
    ManagedFuture<Boolean> stuck = p.submit(() -> never.await(30, TimeUnit.SECONDS));
    assertThat(stuck.exception(Duration.ofSeconds(30))).isInstanceOf(InterruptedException.class);
    assertThat(p.taskTotals().timeouts(dev.managedexecutors.stats.TimeoutKind.RUN)).isEqualTo(1);
    // Removed again: a task that runs past the old timeout is left alone.
    p.reconfigure().runTimeout(null).apply();
    java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    long[] ranFor = new long[1];
    ManagedFuture<Boolean> slow =
        p.submit(
            () -> {
              long t0 = System.nanoTime();
              started.countDown();
              boolean released = release.await(30, TimeUnit.SECONDS);
              ranFor[0] = System.nanoTime() - t0;
              return released;
            });
    started.await(30, TimeUnit.SECONDS);
    long t0 = System.nanoTime();
    await().until(() -> System.nanoTime() - t0 > TimeUnit.MILLISECONDS.toNanos(100));
    release.countDown();
    assertThat(slow.result(Duration.ofSeconds(30))).isTrue();
    assertThat(p.taskTotals().timeouts(dev.managedexecutors.stats.TimeoutKind.RUN)).isEqualTo(1);
  }

  @Test
  void aQueueTimeoutSetOnARunningPoolCancelsTasksThatWaitLonger() throws Exception {
    ManagedThreadPool p = pool(ManagedThreadPool.builder("p").maxWorkers(1));
    p.reconfigure().queueTimeout(Duration.ofMillis(1)).apply();
    java.util.concurrent.CountDownLatch busy = new java.util.concurrent.CountDownLatch(1);
    p.submit(() -> busy.await(30, TimeUnit.SECONDS));
    await().until(() -> p.activeWorkers() == 1);
    long queuedAt = System.nanoTime();
    ManagedFuture<String> late = p.submit(() -> "never runs");
    await().until(() -> System.nanoTime() - queuedAt > TimeUnit.MILLISECONDS.toNanos(5));
    busy.countDown();
    await().until(late::isDone);
    assertThat(late.isCancelled()).isTrue();
    assertThat(p.taskTotals().timeouts(dev.managedexecutors.stats.TimeoutKind.QUEUE)).isEqualTo(1);
  }

  @Test
  void aZeroTimeoutIsRefusedNamingTheSetting() {
    ManagedThreadPool p = pool(ManagedThreadPool.builder("p"));
    assertThatThrownBy(() -> p.reconfigure().runTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("runTimeout");
    assertThatThrownBy(() -> p.reconfigure().queueTimeout(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("queueTimeout");
  }

  @Test
  void applyWithOneInvalidValueChangesNothing() {
    ManagedThreadPool p =
        pool(ManagedThreadPool.builder("p").coreWorkers(1).maxWorkers(2).queueCapacity(10));
    PoolReconfiguration change =
        p.reconfigure()
            .queueCapacity(500)
            .keepAlive(Duration.ofSeconds(5))
            .rejection(RejectionPolicy.CALLER_RUNS)
            .blockTimeout(Duration.ofSeconds(-1));
    assertThatThrownBy(change::apply)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("blockTimeout must be zero or positive, was PT-1S");
    assertUnchanged(p);
    assertThatThrownBy(() -> p.reconfigure().keepAlive(Duration.ZERO).coreWorkers(3).apply())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("coreWorkers must be between 0 and maxWorkers (2), was 3");
    assertUnchanged(p);
    assertThatThrownBy(() -> p.reconfigure().maxWorkers(4).queueCapacity(-1).apply())
        .hasMessage("queueCapacity must be >= 0 (0 = direct hand-off), was -1");
    assertUnchanged(p);
  }

  private static void assertUnchanged(ManagedThreadPool p) {
    assertThat(p.coreWorkers()).isEqualTo(1);
    assertThat(p.maxWorkers()).isEqualTo(2);
    assertThat(p.queueCapacity()).isEqualTo(10);
    assertThat(p.keepAlive()).isEqualTo(Duration.ofSeconds(60));
    assertThat(p.rejection()).isEqualTo(RejectionPolicy.ABORT);
    assertThat(p.blockTimeout()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void applyChecksTheCoreSizeAgainstTheMaximumTheSetLeaves() {
    ManagedThreadPool p = pool(ManagedThreadPool.builder("p").coreWorkers(1).maxWorkers(2));
    p.reconfigure().coreWorkers(6).maxWorkers(10).apply();
    assertThat(p.coreWorkers()).isEqualTo(6);
    assertThat(p.maxWorkers()).isEqualTo(10);
    assertThatThrownBy(() -> p.reconfigure().maxWorkers(4).apply())
        .hasMessage("coreWorkers must be between 0 and maxWorkers (4), was 6");
    assertThat(p.maxWorkers()).isEqualTo(10);
  }

  @Test
  void applyToAShutDownPoolThrowsNamingThePoolAndChangesNothing() {
    ManagedThreadPool p = pool(ManagedThreadPool.builder("closed").maxWorkers(2));
    p.shutdown();
    assertThatThrownBy(() -> p.reconfigure().maxWorkers(4).keepAlive(Duration.ZERO).apply())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("cannot resize pool 'closed': it is shut down");
    assertThat(p.maxWorkers()).isEqualTo(2);
    assertThat(p.keepAlive()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void shorterKeepAliveEndsIdleWorkersWithoutWaitingOutTheOldOne() {
    ManagedThreadPool p =
        pool(ManagedThreadPool.builder("idle").maxWorkers(2).keepAlive(Duration.ofHours(1)));
    try (Blocker blocker = new Blocker()) {
      blocker.occupy(p);
      blocker.occupy(p);
    }
    await().until(() -> p.activeWorkers() == 0);
    assertThat(p.poolSize()).isEqualTo(2);
    p.reconfigure().keepAlive(Duration.ofMillis(1)).apply();
    await().until(() -> p.poolSize() == 0);
  }

  @Test
  void leavingBlockWakesABlockedSubmitterWhoseTaskTheNewPolicyThenRefuses() throws Exception {
    ManagedThreadPool p =
        pool(
            ManagedThreadPool.builder("blocking")
                .maxWorkers(1)
                .queueCapacity(0)
                .rejection(RejectionPolicy.BLOCK)
                .blockTimeout(Duration.ofHours(1)));
    try (Blocker blocker = new Blocker()) {
      blocker.occupy(p);
      AtomicReference<@Nullable Throwable> outcome = new AtomicReference<>();
      Thread submitter =
          new Thread(
              () -> {
                try {
                  p.submit(() -> "never");
                } catch (RuntimeException e) {
                  outcome.set(e);
                }
              },
              "submitter");
      submitter.start();
      awaitParkedIn(submitter, Saturation.class, "blockForRoom");
      p.reconfigure().rejection(RejectionPolicy.ABORT).apply();
      submitter.join(TimeUnit.SECONDS.toMillis(30));
      assertThat(submitter.isAlive()).as("submitter still blocked").isFalse();
      assertThat(outcome.get())
          .isInstanceOf(RejectedExecutionException.class)
          .hasMessageContaining("pool 'blocking' is saturated");
    }
  }

  @Test
  void movingToBlockMakesTheNextSubmitterWaitForRoom() throws Exception {
    ManagedThreadPool p = pool(ManagedThreadPool.builder("p").maxWorkers(1).queueCapacity(0));
    try (Blocker blocker = new Blocker()) {
      blocker.occupy(p);
      assertThatThrownBy(() -> p.submit(() -> 1)).isInstanceOf(RejectedExecutionException.class);
      p.reconfigure().rejection(RejectionPolicy.BLOCK).blockTimeout(Duration.ofHours(1)).apply();
      AtomicReference<@Nullable ManagedFuture<Integer>> submitted = new AtomicReference<>();
      Thread submitter = new Thread(() -> submitted.set(p.submit(() -> 2)), "submitter");
      submitter.start();
      awaitParkedIn(submitter, Saturation.class, "blockForRoom");
      blocker.release();
      submitter.join(TimeUnit.SECONDS.toMillis(30));
      ManagedFuture<Integer> f = submitted.get();
      assertThat(f).isNotNull();
      assertThat(f.result(Duration.ofSeconds(30))).isEqualTo(2);
    }
  }

  @Test
  void aShorterBlockTimeoutAppliesToTheNextBlockedSubmitter() {
    ManagedThreadPool p =
        pool(
            ManagedThreadPool.builder("p")
                .maxWorkers(1)
                .queueCapacity(0)
                .rejection(RejectionPolicy.BLOCK)
                .blockTimeout(Duration.ofHours(1)));
    try (Blocker blocker = new Blocker()) {
      blocker.occupy(p);
      p.reconfigure().blockTimeout(Duration.ZERO).apply();
      assertThatThrownBy(() -> p.submit(() -> 1))
          .isInstanceOf(RejectedExecutionException.class)
          .hasMessageContaining("no room within block-timeout");
    }
  }

  @Test
  void callerRunsAppliesAtOnceToASaturatedPool() throws Exception {
    ManagedThreadPool p = pool(ManagedThreadPool.builder("p").maxWorkers(1).queueCapacity(0));
    try (Blocker blocker = new Blocker()) {
      blocker.occupy(p);
      p.reconfigure().rejection(RejectionPolicy.CALLER_RUNS).apply();
      ManagedFuture<String> f = p.submit(() -> Thread.currentThread().getName());
      assertThat(f.result(Duration.ofSeconds(30))).isEqualTo(Thread.currentThread().getName());
    }
  }
}
