package dev.managedexecutors;

import static dev.managedexecutors.FutureAssertions.assertCancelled;
import static dev.managedexecutors.FutureAssertions.assertPending;
import static dev.managedexecutors.ParkedThreads.awaitParkedIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.managedexecutors.stats.PoolStats;
import dev.managedexecutors.stats.TaskListener;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The contract of SPEC A2 on platform threads, plus the pool's own rules (SPEC A3). */
class ManagedThreadPoolTests extends ManagedExecutorContractTests {
  private final List<ManagedThreadPool> pools = new ArrayList<>();

  @Override
  ManagedExecutor create(String name, int maxWorkers) {
    return ManagedThreadPool.builder(name).maxWorkers(maxWorkers).build();
  }

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

  // ------------------------------------------------------------ settings (A3.1, A3.3)

  @Test
  void defaultsFollowPython() {
    ManagedThreadPool p = pool(ManagedThreadPool.builder("defaults"));
    assertThat(p.maxWorkers())
        .isEqualTo(Math.min(32, Runtime.getRuntime().availableProcessors() + 4))
        .isEqualTo(ManagedThreadPool.defaultMaxWorkers());
    assertThat(p.coreWorkers()).isZero();
    assertThat(p.queueCapacity()).isEqualTo(ManagedThreadPool.UNBOUNDED);
    assertThat(p.keepAlive()).isEqualTo(Duration.ofSeconds(60));
    assertThat(p.rejection()).isEqualTo(RejectionPolicy.ABORT);
    assertThat(p.virtualThreads()).isFalse();
    assertThat(p.poolSize()).isZero();
  }

  @Test
  void invalidSettingsThrowIllegalArgumentExceptionNamingTheSettingAndTheValue() {
    assertThatThrownBy(() -> ManagedThreadPool.builder("p").maxWorkers(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxWorkers must be >= 1, was 0");
    assertThatThrownBy(() -> ManagedThreadPool.builder("p").coreWorkers(-1))
        .hasMessage("coreWorkers must be >= 0, was -1");
    assertThatThrownBy(() -> ManagedThreadPool.builder("p").maxWorkers(2).coreWorkers(3).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("coreWorkers must be between 0 and maxWorkers (2), was 3");
    assertThatThrownBy(() -> ManagedThreadPool.builder("p").queueCapacity(-1))
        .hasMessage("queueCapacity must be >= 0 (0 = direct hand-off), was -1");
    assertThatThrownBy(() -> ManagedThreadPool.builder("p").keepAlive(Duration.ofSeconds(-1)))
        .hasMessage("keepAlive must be zero or positive, was PT-1S");
    assertThatThrownBy(() -> ManagedThreadPool.builder("p").blockTimeout(Duration.ofMillis(-1)))
        .hasMessage("blockTimeout must be zero or positive, was PT-0.001S");
    assertThatThrownBy(() -> ManagedThreadPool.builder("  "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("name must not be blank, was '  '");
    assertThatThrownBy(() -> ManagedThreadPool.builder(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("name");
    assertThatThrownBy(() -> ManagedThreadPool.builder("p").threadNamePrefix(""))
        .hasMessage("threadNamePrefix must not be blank, was ''");
    assertThatThrownBy(() -> ManagedThreadPool.builder("p").rejection(null))
        .hasMessage("rejection");
  }

  @Test
  void invalidSettingsCarryTheSettingNameAndValueForMappingWithoutReadingTheMessage() {
    assertSetting(() -> ManagedThreadPool.builder("p").maxWorkers(0), "maxWorkers", "0");
    assertSetting(() -> ManagedThreadPool.builder("p").coreWorkers(-1), "coreWorkers", "-1");
    assertSetting(
        () -> ManagedThreadPool.builder("p").maxWorkers(2).coreWorkers(3).build(),
        "coreWorkers",
        "3");
    assertSetting(() -> ManagedThreadPool.builder("p").queueCapacity(-1), "queueCapacity", "-1");
    assertSetting(
        () -> ManagedThreadPool.builder("p").keepAlive(Duration.ofSeconds(-1)),
        "keepAlive",
        "PT-1S");
    assertSetting(
        () -> ManagedThreadPool.builder("p").blockTimeout(Duration.ofSeconds(-2)),
        "blockTimeout",
        "PT-2S");
    assertSetting(() -> ManagedThreadPool.builder(" "), "name", " ");
    assertSetting(
        () -> ManagedThreadPool.builder("p").threadNamePrefix(" "), "threadNamePrefix", " ");
    ManagedThreadPool pool = pool(ManagedThreadPool.builder("p").maxWorkers(2));
    assertSetting(() -> pool.resize(0, 0, 1), "maxWorkers", "0");
  }

  private static void assertSetting(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String setting, String value) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            InvalidSettingException.class,
            e -> {
              assertThat(e.setting()).isEqualTo(setting);
              assertThat(e.value()).isEqualTo(value);
            });
  }

  @Test
  void workersAreNamedPrefixDashNumberWithThePoolNameAsDefaultPrefix() throws Exception {
    ManagedThreadPool named = pool(ManagedThreadPool.builder("orders").maxWorkers(1));
    assertThat(named.submit(() -> Thread.currentThread().getName()).result()).isEqualTo("orders-1");
    ManagedThreadPool prefixed =
        pool(ManagedThreadPool.builder("orders").threadNamePrefix("ord-worker").maxWorkers(1));
    assertThat(prefixed.submit(() -> Thread.currentThread().getName()).result())
        .isEqualTo("ord-worker-1");
  }

  @Test
  void workersAreDaemonOnlyWhenConfigured() throws Exception {
    assertThat(
            pool(ManagedThreadPool.builder("p"))
                .submit(() -> Thread.currentThread().isDaemon())
                .result())
        .isFalse();
    assertThat(
            pool(ManagedThreadPool.builder("p").daemon(true))
                .submit(() -> Thread.currentThread().isDaemon())
                .result())
        .isTrue();
  }

  @Test
  void idleWorkersBeyondCoreEndAfterKeepAlive() throws Exception {
    ManagedThreadPool p =
        pool(ManagedThreadPool.builder("p").maxWorkers(3).keepAlive(Duration.ofMillis(50)));
    try (Blocker blocker = new Blocker()) {
      for (int i = 0; i < 3; i++) {
        p.submit(blocker.task(i));
      }
      await().until(() -> p.poolSize() == 3);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> p.poolSize() == 0);
  }

  @Test
  void countsSurviveWorkersThatComeAndGoAndTheirSlotsAreRetired() {
    ManagedThreadPool p =
        pool(ManagedThreadPool.builder("p").maxWorkers(2).keepAlive(Duration.ofMillis(1)));
    int generations = 20;
    for (int g = 0; g < generations; g++) {
      List<ManagedFuture<Integer>> fs = new ArrayList<>();
      try (Blocker blocker = new Blocker()) {
        fs.add(p.submit(blocker.task(1)));
        fs.add(p.submit(blocker.task(2)));
        await().until(() -> blocker.started.get() == 2);
        assertThat(p.stats().activeWorkers()).isEqualTo(2);
      }
      for (ManagedFuture<Integer> f : fs) {
        f.result();
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> p.poolSize() == 0);
    }
    PoolStats s = p.stats();
    assertThat(s.completed()).isEqualTo(2L * generations);
    assertThat(s.submitted()).isEqualTo(2L * generations);
    assertThat(s.activeWorkers()).isZero();
    assertThat(p.workerSlotCount())
        .as("slots: the shared one and one per worker alive now, not one per worker ever")
        .isEqualTo(1);
  }

  @Test
  void coreWorkersStayAliveAndPrestartStartsThemAtOnce() {
    ManagedThreadPool p =
        pool(
            ManagedThreadPool.builder("p")
                .coreWorkers(2)
                .maxWorkers(4)
                .keepAlive(Duration.ZERO)
                .prestart(true));
    await().until(() -> p.poolSize() == 2);
    assertThat(p.stats().largestPoolSize()).isEqualTo(2);
  }

  @Test
  void coreWorkersOutliveManyKeepAlivePeriodsWhileTheWorkersBeyondCoreEnd() {
    ManagedThreadPool p =
        pool(
            ManagedThreadPool.builder("core-stays")
                .coreWorkers(2)
                .maxWorkers(4)
                .keepAlive(Duration.ofMillis(10)));
    try (Blocker blocker = new Blocker()) {
      for (int i = 0; i < 4; i++) {
        p.submit(blocker.task(i));
      }
      await().until(() -> blocker.started.get() == 4);
      assertThat(p.poolSize()).isEqualTo(4);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> p.poolSize() == 2);
    // Twenty keep-alive periods and more: the two core workers must still be there throughout.
    await()
        .during(Duration.ofMillis(200))
        .atMost(Duration.ofSeconds(10))
        .until(() -> p.poolSize() == 2 && liveThreadsNamed("core-stays-") == 2);
    assertThat(p.stats().activeWorkers()).isZero();
  }

  @Test
  void closeRunsTheQueuedTasksTerminatesAndLeavesNoWorkerThreadAlive() throws Exception {
    assertThat(liveThreadsNamed("closing-")).isZero();
    ManagedThreadPool p =
        pool(ManagedThreadPool.builder("closing").coreWorkers(2).maxWorkers(2).prestart(true));
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger ran = new AtomicInteger();
    List<ManagedFuture<Integer>> fs = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      fs.add(
          p.submit(
              () -> {
                assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
                return ran.incrementAndGet();
              }));
    }
    await().until(() -> p.queueDepth() == 18); // two running, eighteen queued
    Thread closer = new Thread(p::close, "closer");
    closer.start();
    awaitParkedIn(closer, PoolEngine.class, "awaitTerminationStoppingIfInterrupted");
    assertThat(p.isShutdown()).isTrue();
    release.countDown();
    closer.join(TimeUnit.SECONDS.toMillis(30));
    assertThat(closer.isAlive()).as("close() returned").isFalse();
    assertThat(p.isTerminated()).isTrue();
    assertThat(ran).hasValue(20);
    assertThat(fs).allMatch(ManagedFuture::done);
    // Core workers included: every worker thread ends, back to the baseline of none.
    await().atMost(Duration.ofSeconds(10)).until(() -> liveThreadsNamed("closing-") == 0);
  }

  private static long liveThreadsNamed(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith(prefix))
        .count();
  }

  // ------------------------------------------------------------ sizing rule (A3.2)

  @Test
  void poolGrowsToMaxWorkersBeforeQueueingEvenWithAnUnboundedQueue() {
    ManagedThreadPool p = pool(ManagedThreadPool.builder("p").maxWorkers(4));
    try (Blocker blocker = new Blocker()) {
      for (int i = 0; i < 4; i++) {
        p.submit(blocker.task(i));
      }
      await().until(() -> blocker.started.get() == 4);
      assertThat(p.poolSize()).isEqualTo(4);
      assertThat(p.queueDepth()).isZero();
      p.submit(blocker.task(5));
      assertThat(p.queueDepth()).isEqualTo(1);
      assertThat(p.poolSize()).isEqualTo(4);
    }
  }

  /** Both a Runnable and a Callable: which of the two the pool ran tells the entry point apart. */
  private static final class RunOrCall implements Runnable, java.util.concurrent.Callable<String> {
    final List<String> ran = new CopyOnWriteArrayList<>();

    @Override
    public void run() {
      ran.add("run");
    }

    @Override
    public String call() {
      ran.add("call");
      return "called";
    }
  }

  @Test
  void eachEntryPointRunsTheTaskAsTheTypeItWasGivenAs() throws Exception {
    ManagedThreadPool p = pool(ManagedThreadPool.builder("kinds").maxWorkers(1));
    RunOrCall asRunnable = new RunOrCall();
    assertThat(p.submit((Runnable) asRunnable).get(10, TimeUnit.SECONDS)).isNull();
    assertThat(asRunnable.ran).containsExactly("run");

    RunOrCall withValue = new RunOrCall();
    assertThat(p.submit((Runnable) withValue, "given").get(10, TimeUnit.SECONDS))
        .isEqualTo("given");
    assertThat(withValue.ran).containsExactly("run");

    RunOrCall asCallable = new RunOrCall();
    assertThat(
            p.submit((java.util.concurrent.Callable<String>) asCallable).get(10, TimeUnit.SECONDS))
        .isEqualTo("called");
    assertThat(asCallable.ran).containsExactly("call");

    RunOrCall executed = new RunOrCall();
    p.execute(executed);
    await().until(() -> executed.ran.size() == 1);
    assertThat(executed.ran).containsExactly("run");
  }

  @Test
  void anIdleWorkerIsReusedBeforeANewOneIsStarted() throws Exception {
    ManagedThreadPool p = pool(ManagedThreadPool.builder("p").maxWorkers(8));
    Thread worker = p.submit(Thread::currentThread).result();
    for (int i = 0; i < 50; i++) {
      // Idle: parked in the worker loop, waiting for work (keep-alive park).
      awaitParkedIn(worker, Workers.class, "take");
      assertThat(p.submit(Thread::currentThread).result()).isSameAs(worker);
    }
    assertThat(p.stats().largestPoolSize()).isEqualTo(1);
  }

  @Test
  void submittingRightAfterAResultOnABusyDirectHandOffPoolReusesTheReturningWorker()
      throws Exception {
    ManagedThreadPool p = pool(ManagedThreadPool.builder("p").maxWorkers(1).queueCapacity(0));
    for (int i = 0; i < 500; i++) {
      // The worker completes the future before it is back at the queue: not a saturation.
      assertThat(p.submit(() -> "again").result()).isEqualTo("again");
    }
    assertThat(p.stats().rejected()).isZero();
  }

  // ------------------------------------------------------------ initializer and broken pool (A3.4)

  @Test
  void initializerRunsFirstInEveryWorker() throws Exception {
    ThreadLocal<String> initialised = new ThreadLocal<>();
    AtomicInteger inits = new AtomicInteger();
    ManagedThreadPool p =
        pool(
            ManagedThreadPool.builder("p")
                .maxWorkers(3)
                .initializer(
                    () -> {
                      inits.incrementAndGet();
                      initialised.set("yes");
                    }));
    List<ManagedFuture<String>> fs = new ArrayList<>();
    CyclicBarrier allThree = new CyclicBarrier(3);
    for (int i = 0; i < 3; i++) {
      fs.add(
          p.submit(
              () -> {
                allThree.await(10, TimeUnit.SECONDS); // forces three distinct workers
                return initialised.get();
              }));
    }
    for (ManagedFuture<String> f : fs) {
      assertThat(f.result(Duration.ofSeconds(10))).isEqualTo("yes");
    }
    assertThat(inits).hasValue(3);
  }

  @Test
  void failingInitializerBreaksThePoolFailingPendingTasksAndLaterSubmissions() {
    IllegalStateException initFailure = new IllegalStateException("no database");
    CountDownLatch letItFail = new CountDownLatch(1);
    ManagedThreadPool p =
        pool(
            ManagedThreadPool.builder("fragile")
                .maxWorkers(1)
                .initializer(
                    () -> {
                      try {
                        letItFail.await();
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                      throw initFailure;
                    }));
    List<ManagedFuture<String>> pending = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      pending.add(p.submit(() -> "never"));
    }
    letItFail.countDown();
    for (ManagedFuture<String> f : pending) {
      assertThat(f.exception(Duration.ofSeconds(10)))
          .isInstanceOf(BrokenExecutorException.class)
          .isInstanceOf(RejectedExecutionException.class)
          .hasMessageContaining("fragile")
          .cause()
          .isSameAs(initFailure);
    }
    assertThatThrownBy(() -> p.submit(() -> "later"))
        .isInstanceOf(BrokenExecutorException.class)
        .hasMessageContaining("pool 'fragile' is broken")
        .cause()
        .isSameAs(initFailure);
    PoolStats stats = p.stats();
    assertThat(stats.broken()).isTrue();
    assertThat(stats.failed()).isEqualTo(5);
    assertThat(stats.rejected()).isEqualTo(1);
  }

  // ------------------------------------------------------------ rejection (A3.5)

  @Test
  void abortRejectsWhenSaturatedAndCountsIt() {
    ManagedThreadPool p = pool(ManagedThreadPool.builder("tight").maxWorkers(1).queueCapacity(1));
    try (Blocker blocker = new Blocker()) {
      blocker.occupy(p);
      p.submit(blocker.task(2));
      assertThatThrownBy(() -> p.submit(blocker.task(3)))
          .isInstanceOf(RejectedExecutionException.class)
          .hasMessageContaining("pool 'tight' is saturated")
          .hasMessageContaining("capacity 1");
      assertThat(p.stats().rejected()).isEqualTo(1);
    }
  }

  @Test
  void callerRunsRunsTheTaskInTheSubmittingThread() throws Exception {
    ManagedThreadPool p =
        pool(
            ManagedThreadPool.builder("p")
                .maxWorkers(1)
                .queueCapacity(0)
                .rejection(RejectionPolicy.CALLER_RUNS));
    try (Blocker blocker = new Blocker()) {
      blocker.occupy(p);
      ManagedFuture<Thread> f = p.submit(Thread::currentThread);
      assertThat(f.done()).isTrue();
      assertThat(f.result()).isSameAs(Thread.currentThread());
      assertThat(p.stats().callerRuns()).isEqualTo(1);
      assertThat(p.stats().rejected()).isZero();
    }
  }

  @Test
  void blockWaitsForRoomAndThenQueuesTheTask() throws Exception {
    ManagedThreadPool p =
        pool(
            ManagedThreadPool.builder("p")
                .maxWorkers(1)
                .queueCapacity(1)
                .rejection(RejectionPolicy.BLOCK)
                .blockTimeout(Duration.ofSeconds(30)));
    Blocker blocker = new Blocker();
    blocker.occupy(p);
    p.submit(() -> "queued");
    AtomicReference<ManagedFuture<String>> blockedOne = new AtomicReference<>();
    Thread submitter = new Thread(() -> blockedOne.set(p.submit(() -> "waited")));
    submitter.start();
    awaitParkedIn(submitter, Saturation.class, "blockForRoom");
    assertThat(blockedOne.get()).isNull();
    blocker.release();
    submitter.join(10_000);
    assertThat(blockedOne.get().result(Duration.ofSeconds(10))).isEqualTo("waited");
  }

  @Test
  void blockRejectsAfterTheBlockTimeout() {
    ManagedThreadPool p =
        pool(
            ManagedThreadPool.builder("p")
                .maxWorkers(1)
                .queueCapacity(0)
                .rejection(RejectionPolicy.BLOCK)
                .blockTimeout(Duration.ofMillis(20)));
    try (Blocker blocker = new Blocker()) {
      blocker.occupy(p);
      assertThatThrownBy(() -> p.submit(() -> "no room"))
          .isInstanceOf(RejectedExecutionException.class)
          .hasMessageContaining("block-timeout 20 ms");
      assertThat(p.stats().rejected()).isEqualTo(1);
    }
  }

  @Test
  void blockWithDirectHandOffWaitsForAWorkerToTakeTheTask() throws Exception {
    ManagedThreadPool p =
        pool(
            ManagedThreadPool.builder("p")
                .maxWorkers(1)
                .queueCapacity(0)
                .rejection(RejectionPolicy.BLOCK)
                .blockTimeout(Duration.ofSeconds(30)));
    Blocker blocker = new Blocker();
    blocker.occupy(p);
    AtomicReference<ManagedFuture<String>> handedOff = new AtomicReference<>();
    Thread submitter = new Thread(() -> handedOff.set(p.submit(() -> "handed off")));
    submitter.start();
    awaitParkedIn(submitter, Saturation.class, "blockForRoom");
    blocker.release();
    submitter.join(10_000);
    assertThat(handedOff.get().result(Duration.ofSeconds(10))).isEqualTo("handed off");
  }

  @Test
  void discardOldestCancelsTheOldestQueuedTaskAndQueuesTheNewOne() throws Exception {
    ManagedThreadPool p =
        pool(
            ManagedThreadPool.builder("p")
                .maxWorkers(1)
                .queueCapacity(2)
                .rejection(RejectionPolicy.DISCARD_OLDEST));
    ManagedFuture<String> oldest;
    ManagedFuture<String> middle;
    ManagedFuture<String> newest;
    AtomicInteger callbacks = new AtomicInteger();
    try (Blocker blocker = new Blocker()) {
      blocker.occupy(p);
      oldest = p.submit(() -> "oldest");
      oldest.addDoneCallback(f -> callbacks.incrementAndGet());
      middle = p.submit(() -> "middle");
      newest = p.submit(() -> "newest");
      assertCancelled(oldest);
      assertThat(callbacks).hasValue(1);
      assertPending(middle);
      assertThat(p.queueDepth()).isEqualTo(2);
    }
    assertThat(middle.result(Duration.ofSeconds(10))).isEqualTo("middle");
    assertThat(newest.result(Duration.ofSeconds(10))).isEqualTo("newest");
    assertThat(p.stats().rejected()).isEqualTo(1);
    assertThat(p.stats().cancelled()).isZero();
  }

  @Test
  void discardOldestWithDirectHandOffRejectsAsThereIsNothingToDiscard() {
    ManagedThreadPool p =
        pool(
            ManagedThreadPool.builder("p")
                .maxWorkers(1)
                .queueCapacity(0)
                .rejection(RejectionPolicy.DISCARD_OLDEST));
    try (Blocker blocker = new Blocker()) {
      blocker.occupy(p);
      assertThatThrownBy(() -> p.submit(() -> "x"))
          .isInstanceOf(RejectedExecutionException.class)
          .hasMessageContaining("pool 'p' is saturated")
          .hasMessageContaining("1 of 1 workers busy")
          .hasMessageContaining("no queue (direct hand-off)");
      assertThat(p.stats().rejected()).isEqualTo(1);
    }
  }

  // ------------------------------------------------------------ shutdown(wait) interrupted

  @Test
  void interruptingShutdownWithWaitShutsDownNowAndKeepsTheInterrupt() throws Exception {
    ManagedThreadPool p = pool(ManagedThreadPool.builder("p").maxWorkers(1));
    CountDownLatch started = new CountDownLatch(1);
    ManagedFuture<String> running = p.submit(Blocker.untilInterrupted(started));
    ManagedFuture<String> queued = p.submit(() -> "never");
    started.await();
    AtomicBoolean flagAfter = new AtomicBoolean();
    Thread closer =
        new Thread(
            () -> {
              p.shutdown(true);
              flagAfter.set(Thread.currentThread().isInterrupted());
            });
    closer.start();
    awaitParkedIn(closer, PoolEngine.class, "awaitTerminationStoppingIfInterrupted");
    closer.interrupt();
    closer.join(10_000);
    assertThat(closer.isAlive()).isFalse();
    assertThat(flagAfter).isTrue();
    assertThat(p.isTerminated()).isTrue();
    assertThat(running.result()).isEqualTo("interrupted");
    assertCancelled(queued);
  }

  // ------------------------------------------------------------ statistics and listeners (A3.6)

  @Test
  void countsEverySubmissionOnceWhicheverRouteItTakes() {
    ManagedThreadPool p =
        pool(
            ManagedThreadPool.builder("routes")
                .coreWorkers(1)
                .maxWorkers(2)
                .queueCapacity(1)
                .rejection(RejectionPolicy.CALLER_RUNS));
    try (Blocker blocker = new Blocker()) {
      blocker.occupy(p); // no worker yet: the engine starts the core worker with the task
      assertThat(p.stats().submitted()).as("started a worker").isEqualTo(1);
      blocker.occupy(p); // no idle worker, fewer than max: another worker starts with it
      assertThat(p.stats().submitted()).as("started a second worker").isEqualTo(2);
      ManagedFuture<String> queued = p.submit(() -> "queued");
      assertThat(p.stats().submitted()).as("took the bounded queue's place").isEqualTo(3);
      ManagedFuture<String> ranHere = p.submit(() -> Thread.currentThread().getName());
      assertThat(ranHere.result()).isEqualTo(Thread.currentThread().getName());
      assertThat(p.stats().submitted()).as("ran in the caller").isEqualTo(4);
      assertThat(p.stats().callerRuns()).isEqualTo(1);
      blocker.release();
      assertThat(queued.result()).isEqualTo("queued");
    }
    await().until(() -> p.stats().activeWorkers() == 0);
    assertThat(p.submit(() -> "to an idle worker").result()).isEqualTo("to an idle worker");
    assertThat(p.stats().submitted()).as("handed to an idle worker").isEqualTo(5);
    p.resize(1, 1, ManagedThreadPool.UNBOUNDED);
    try (Blocker blocker = new Blocker()) {
      blocker.occupy(p);
      p.submit(() -> "unbounded 1");
      p.submit(() -> "unbounded 2");
      assertThat(p.stats().submitted()).as("queued without a bound").isEqualTo(8);
      assertThat(p.stats().queueDepth()).isEqualTo(2);
      blocker.release();
    }
    p.shutdown(true);
    assertThatThrownBy(() -> p.submit(() -> "after shutdown"))
        .isInstanceOf(RejectedExecutionException.class);
    PoolStats s = p.stats();
    assertThat(s.submitted()).as("rejected").isEqualTo(9);
    assertThat(s.completed()).isEqualTo(8);
    assertThat(s.rejected()).isEqualTo(1);
    assertThat(s.queueDepth()).isZero();
  }

  @Test
  void statisticsCountEveryOutcomeAndAddUp() throws Exception {
    ManagedThreadPool p = pool(ManagedThreadPool.builder("p").maxWorkers(1).queueCapacity(2));
    try (Blocker blocker = new Blocker()) {
      ManagedFuture<Integer> running = p.submit(blocker.task(1));
      await().until(() -> blocker.started.get() == 1);
      ManagedFuture<String> toCancel = p.submit(() -> "cancelled");
      ManagedFuture<String> failing =
          p.submit(
              () -> {
                throw new IOException("fails");
              });
      assertThatThrownBy(() -> p.submit(() -> "rejected"))
          .isInstanceOf(RejectedExecutionException.class);
      PoolStats busy = p.stats();
      assertThat(busy.queueDepth()).isEqualTo(2);
      assertThat(busy.queueRemaining()).isZero();
      assertThat(busy.queueCapacity()).isEqualTo(2);
      assertThat(busy.activeWorkers()).isEqualTo(1);
      assertThat(busy.poolSize()).isEqualTo(1);
      assertThat(toCancel.cancel()).isTrue();
      blocker.release();
      running.result();
      failing.exception();
    }
    p.shutdown(true);
    PoolStats s = p.stats();
    assertThat(s.submitted()).isEqualTo(4);
    assertThat(s.completed()).isEqualTo(1);
    assertThat(s.failed()).isEqualTo(1);
    assertThat(s.cancelled()).isEqualTo(1);
    assertThat(s.rejected()).isEqualTo(1);
    assertThat(s.completed() + s.failed() + s.cancelled() + s.rejected()).isEqualTo(s.submitted());
    assertThat(s.queueDepth()).isZero();
    assertThat(s.terminated()).isTrue();
    assertThat(p.toString()).contains("p", "TERMINATED", "completed=1", "rejected=1");
  }

  @Test
  void taskListenerReceivesTimingsFailuresRejectionsAndTermination() throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    TaskListener listener =
        new TaskListener() {
          @Override
          public void taskStarted(long queuedNanos) {
            events.add("started " + (queuedNanos >= 0));
          }

          @Override
          public void taskFinished(long queuedNanos, long runNanos, @Nullable Throwable failure) {
            events.add(
                "finished "
                    + (runNanos >= 0)
                    + " "
                    + (failure == null ? "ok" : failure.getMessage()));
          }

          @Override
          public void taskRejected() {
            events.add("rejected");
          }

          @Override
          public void poolTerminated() {
            events.add("terminated");
          }
        };
    ManagedThreadPool p =
        pool(ManagedThreadPool.builder("p").maxWorkers(1).queueCapacity(0).listener(listener));
    p.submit(() -> "ok").result();
    p.submit(
            () -> {
              throw new IOException("boom");
            })
        .exception();
    try (Blocker blocker = new Blocker()) {
      blocker.occupy(p);
      assertThatThrownBy(() -> p.submit(() -> "no room"))
          .isInstanceOf(RejectedExecutionException.class);
    }
    p.shutdown(true);
    assertThat(events)
        .containsExactly(
            "started true",
            "finished true ok",
            "started true",
            "finished true boom",
            "started true",
            "rejected",
            "finished true ok",
            "terminated");
  }

  @Test
  void aThrowingListenerNeverAffectsTheTask() throws Exception {
    ManagedThreadPool p =
        pool(
            ManagedThreadPool.builder("p")
                .listener(
                    new TaskListener() {
                      @Override
                      public void taskStarted(long queuedNanos) {
                        throw new IllegalStateException("listener bug");
                      }
                    }));
    AtomicInteger laterStarted = new AtomicInteger();
    AtomicInteger laterFinished = new AtomicInteger();
    p.addTaskListener(
        new TaskListener() {
          @Override
          public void taskStarted(long queuedNanos) {
            laterStarted.incrementAndGet();
          }

          @Override
          public void taskFinished(long queuedNanos, long runNanos, @Nullable Throwable failure) {
            laterFinished.incrementAndGet();
          }
        });
    try (LogCapture log = new LogCapture(ManagedThreadPool.class)) {
      for (int i = 0; i < 3; i++) {
        assertThat(p.submit(() -> "fine").result()).isEqualTo("fine");
      }
      assertThat(log.records).anySatisfy(r -> assertThat(r.getMessage()).contains("listener"));
    }
    // The listener after the throwing one still hears of every task (taskFinished may follow the
    // result by a moment: it runs after the future completes).
    assertThat(laterStarted).hasValue(3);
    await().until(() -> laterFinished.get() == 3);
  }

  @Test
  void listenersCanBeAddedAndRemovedAtRunTime() throws Exception {
    AtomicInteger started = new AtomicInteger();
    TaskListener counting =
        new TaskListener() {
          @Override
          public void taskStarted(long queuedNanos) {
            started.incrementAndGet();
          }
        };
    ManagedThreadPool p = pool(ManagedThreadPool.builder("p").maxWorkers(1));
    p.submit(() -> 1).result();
    p.addTaskListener(counting);
    p.submit(() -> 2).result();
    p.removeTaskListener(counting);
    p.submit(() -> 3).result();
    assertThat(started).hasValue(1);
  }

  // ------------------------------------------------------------ resize (A3.7)

  @Test
  void resizeGrowingMaxStartsWorkersForQueuedTasksAtOnce() {
    ManagedThreadPool p = pool(ManagedThreadPool.builder("p").maxWorkers(1));
    try (Blocker blocker = new Blocker()) {
      for (int i = 0; i < 4; i++) {
        p.submit(blocker.task(i));
      }
      await().until(() -> blocker.started.get() == 1);
      assertThat(p.queueDepth()).isEqualTo(3);
      p.resize(0, 4, ManagedThreadPool.UNBOUNDED);
      await().until(() -> blocker.started.get() == 4);
      assertThat(p.maxWorkers()).isEqualTo(4);
      assertThat(p.queueDepth()).isZero();
    }
  }

  @ParameterizedTest(name = "from capacity {0}")
  @ValueSource(ints = {5, ManagedThreadPool.UNBOUNDED})
  void resizeShrinkingTheQueueKeepsQueuedTasksAndRefusesNewOnes(int capacity) throws Exception {
    ManagedThreadPool p =
        pool(ManagedThreadPool.builder("p").maxWorkers(1).queueCapacity(capacity));
    List<ManagedFuture<Integer>> queued = new ArrayList<>();
    try (Blocker blocker = new Blocker()) {
      blocker.occupy(p);
      for (int i = 1; i <= 4; i++) {
        queued.add(p.submit(blocker.task(i)));
      }
      p.resize(1, 1, 2);
      assertThat(p.queueCapacity()).isEqualTo(2);
      assertThat(p.queueDepth()).isEqualTo(4);
      assertThat(p.stats().queueRemaining()).isZero();
      assertThatThrownBy(() -> p.submit(() -> 99))
          .isInstanceOf(RejectedExecutionException.class)
          .hasMessageContaining("the queue full (capacity 2)");
    }
    for (ManagedFuture<Integer> f : queued) {
      assertThat(f.result(Duration.ofSeconds(10))).isBetween(1, 4);
    }
    try (Blocker blocker = new Blocker()) { // drained: the new capacity holds exactly
      blocker.occupy(p);
      p.submit(() -> 5);
      p.submit(() -> 6);
      assertThatThrownBy(() -> p.submit(() -> 7))
          .isInstanceOf(RejectedExecutionException.class)
          .hasMessageContaining("the queue full (capacity 2)");
      assertThat(p.queueDepth()).isEqualTo(2);
    }
  }

  @Test
  void resizeWithInvalidValuesThrowsAndLeavesThePoolUnchanged() {
    ManagedThreadPool p =
        pool(ManagedThreadPool.builder("p").coreWorkers(1).maxWorkers(2).queueCapacity(3));
    assertThatThrownBy(() -> p.resize(3, 2, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("coreWorkers must be between 0 and maxWorkers (2), was 3");
    assertThatThrownBy(() -> p.resize(0, 0, 3)).hasMessage("maxWorkers must be >= 1, was 0");
    assertThatThrownBy(() -> p.resize(1, 2, -1))
        .hasMessage("queueCapacity must be >= 0 (0 = direct hand-off), was -1");
    assertThat(p.coreWorkers()).isEqualTo(1);
    assertThat(p.maxWorkers()).isEqualTo(2);
    assertThat(p.queueCapacity()).isEqualTo(3);
  }

  @Test
  void resizeShrinkingBelowTheCurrentCoreSizeWorks() {
    ManagedThreadPool p = pool(ManagedThreadPool.builder("p").coreWorkers(4).maxWorkers(8));
    p.resize(1, 2, 10);
    assertThat(p.coreWorkers()).isEqualTo(1);
    assertThat(p.maxWorkers()).isEqualTo(2);
    p.resize(6, 10, 10);
    assertThat(p.coreWorkers()).isEqualTo(6);
    assertThat(p.maxWorkers()).isEqualTo(10);
  }

  @Test
  void resizeShrinkingCoreLetsTheFormerCoreWorkersEndAfterKeepAlive() {
    ManagedThreadPool p =
        pool(
            ManagedThreadPool.builder("p")
                .coreWorkers(4)
                .maxWorkers(8)
                .keepAlive(Duration.ofMillis(10))
                .prestart(true));
    await().until(() -> p.poolSize() == 4);
    p.resize(1, 2, 10);
    await().atMost(Duration.ofSeconds(10)).until(() -> p.poolSize() == 1);
    await()
        .during(Duration.ofMillis(100))
        .atMost(Duration.ofSeconds(10))
        .until(() -> p.poolSize() == 1);
  }

  // ------------------------------------------------------------ cancellation of a running task

  @Test
  void cancelWithInterruptOnARunningTaskInterruptsItButNeverTheNextTaskOnThatWorker()
      throws Exception {
    ManagedThreadPool p = pool(ManagedThreadPool.builder("p").maxWorkers(1));
    CountDownLatch started = new CountDownLatch(1);
    ManagedFuture<String> running = p.submit(Blocker.untilInterrupted(started));
    started.await();
    assertThat(running.cancel(true)).isFalse();
    assertThat(running.result(Duration.ofSeconds(10))).isEqualTo("interrupted");
    assertThat(running.cancelled()).isFalse();
    assertThat(p.submit(() -> Thread.currentThread().isInterrupted()).result()).isFalse();
  }

  // ------------------------------------------------------------ execute, decorator

  @Test
  void executeReportsAFailureToTheUncaughtExceptionHandlerAndTheWorkerSurvives() throws Exception {
    AtomicReference<Throwable> reported = new AtomicReference<>();
    AtomicInteger reports = new AtomicInteger();
    CountDownLatch handled = new CountDownLatch(1);
    ManagedThreadPool p =
        pool(
            ManagedThreadPool.builder("p")
                .maxWorkers(1)
                .initializer(
                    () ->
                        Thread.currentThread()
                            .setUncaughtExceptionHandler(
                                (t, e) -> {
                                  reported.set(e);
                                  reports.incrementAndGet();
                                  handled.countDown();
                                })));
    IllegalStateException boom = new IllegalStateException("from execute");
    Runnable failing =
        () -> {
          throw boom;
        };
    // The same Runnable given to submit reports through its future only.
    assertThat(p.submit(failing).exception()).isSameAs(boom);
    p.execute(failing);
    assertThat(handled.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(reported.get()).isSameAs(boom);
    assertThat(p.submit(() -> Thread.currentThread().getName()).result()).isEqualTo("p-1");
    assertThat(reports).hasValue(1);
    assertThat(p.stats().failed()).isEqualTo(2);
  }

  @Test
  void taskDecoratorIsAppliedAtSubmissionAndWrapsTheTaskInTheWorker() throws Exception {
    ThreadLocal<String> context = new ThreadLocal<>();
    ManagedThreadPool p =
        pool(
            ManagedThreadPool.builder("p")
                .maxWorkers(1)
                .taskDecorator(
                    task -> {
                      String captured = context.get(); // in the submitting thread
                      return () -> {
                        context.set(captured);
                        try {
                          task.run();
                        } finally {
                          context.remove();
                        }
                      };
                    }));
    context.set("request-1");
    ManagedFuture<String> first = p.submit(context::get);
    context.set("request-2");
    ManagedFuture<String> second = p.submit(context::get);
    context.remove();
    ManagedFuture<String> third = p.submit(context::get);
    assertThat(first.result()).isEqualTo("request-1");
    assertThat(second.result()).isEqualTo("request-2");
    assertThat(third.result()).isNull();
  }

  @Test
  void aTaskSubmittedAgainThroughExecuteRunsOnlyOnce() throws Exception {
    ManagedThreadPool p = pool(ManagedThreadPool.builder("p").maxWorkers(1));
    AtomicInteger runs = new AtomicInteger();
    ManagedFuture<Integer> f = p.submit(runs::incrementAndGet);
    f.result();
    p.execute((Runnable) f);
    p.shutdown(true);
    assertThat(runs).hasValue(1);
  }

  @Test
  @Tag("virtual") // also run by the JDK 25 surefire execution, where the first branch is taken
  void virtualThreadsRunTasksOnVirtualThreadsOrAreRefusedClearlyOnAJdkWithoutThem()
      throws Exception {
    AtomicBoolean available = new AtomicBoolean(Runtime.version().feature() >= 21);
    if (available.get()) {
      ManagedThreadPool p = pool(ManagedThreadPool.builder("v").virtualThreads(true));
      ManagedFuture<Boolean> onVirtual = p.submit(() -> isVirtual(Thread.currentThread()));
      assertThat(onVirtual.result(Duration.ofSeconds(10)))
          .as("task ran on a virtual thread")
          .isTrue();
      assertThat(isVirtual(Thread.currentThread()))
          .as("the test thread is a platform one")
          .isFalse();
    } else {
      assertThatThrownBy(() -> ManagedThreadPool.builder("v").virtualThreads(true))
          .isInstanceOf(UnsupportedOperationException.class)
          .hasMessageContaining("JDK 21");
    }
  }

  /** {@code Thread.isVirtual()}, JDK 21 API, called by handle as this module compiles for 17. */
  private static boolean isVirtual(Thread t) throws Exception {
    try {
      MethodHandle isVirtual =
          MethodHandles.publicLookup()
              .findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
      return (boolean) isVirtual.invoke(t);
    } catch (Exception | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }
}
