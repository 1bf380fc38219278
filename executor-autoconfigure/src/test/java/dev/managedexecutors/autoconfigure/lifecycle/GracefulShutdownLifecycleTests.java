package dev.managedexecutors.autoconfigure.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import dev.managedexecutors.ManagedExecutor;
import dev.managedexecutors.ManagedFuture;
import dev.managedexecutors.ManagedThreadPool;
import dev.managedexecutors.autoconfigure.ManagedExecutorsAutoConfiguration;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;

/** Graceful shutdown bound to the context lifecycle. */
@ExtendWith(OutputCaptureExtension.class)
class GracefulShutdownLifecycleTests {
  private static final Duration LONG = Duration.ofSeconds(30);

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ManagedExecutorsAutoConfiguration.class))
          .withPropertyValues("managed-executors.pools.io.max-size=1");

  @Test
  void whenTheContextClosesThenQueuedAndRunningTasksFinishAndTheLogCountsThem(
      CapturedOutput output) {
    runner
        .withPropertyValues("managed-executors.pools.io.shutdown.await-termination=30s")
        .run(
            context -> {
              ManagedThreadPool io = context.getBean("io", ManagedThreadPool.class);
              Occupied busy = occupy(io);
              assertThat(io.queueDepth()).isEqualTo(2);

              Thread closer = closeInBackground(context);
              await().atMost(LONG).until(io::isShutdown);
              assertThatExceptionOfType(RejectedExecutionException.class)
                  .isThrownBy(() -> io.submit(() -> "too late"))
                  .withMessageContaining("cannot schedule new tasks after shutdown");
              assertThat(closer.isAlive()).as("close waits for the running task").isTrue();
              busy.releaseAndJoin(closer);
              assertThat(busy.queued1().result(Duration.ZERO)).isEqualTo("queued 1");
              assertThat(busy.queued2().result(Duration.ZERO)).isEqualTo("queued 2");
              assertThat(io.isTerminated()).isTrue();
            });
    assertThat(output)
        .containsPattern("Pool 'io' shut down in \\d+ ms: 3 completed, 0 cancelled, 0 interrupted")
        .containsPattern(
            "Pool 'default' shut down in \\d+ ms: 0 completed, 0 cancelled, 0 interrupted");
  }

  @Test
  void whenTheAwaitEndsThenNeverStartedTasksAreCancelledAndRunningOnesInterrupted(
      CapturedOutput output) {
    runner
        .withPropertyValues("managed-executors.pools.io.shutdown.await-termination=200ms")
        .run(
            context -> {
              ManagedThreadPool io = context.getBean("io", ManagedThreadPool.class);
              CountDownLatch started = new CountDownLatch(1);
              ManagedFuture<Object> running =
                  io.submit(
                      () -> {
                        started.countDown();
                        new CountDownLatch(1).await(); // until interrupted
                        return "never";
                      });
              assertThat(started.await(LONG.toSeconds(), TimeUnit.SECONDS)).isTrue();
              ManagedFuture<String> queued1 = io.submit(() -> "queued 1");
              ManagedFuture<String> queued2 = io.submit(() -> "queued 2");

              context.close();

              assertThat(running.exception(LONG)).isInstanceOf(InterruptedException.class);
              assertThat(queued1.cancelled()).isTrue();
              assertThat(queued2.cancelled()).isTrue();
              assertThat(io.isTerminated()).isTrue();
            });
    assertThat(output)
        .containsPattern(
            "WARN .*Pool 'io' shut down in \\d+ ms: 0 completed, 2 cancelled, 1 interrupted"
                + " \\(still running after 200 ms\\)");
  }

  @Test
  void whenCancelPendingIsSetThenQueuedTasksAreCancelledAtOnceAndRunningOnesFinish(
      CapturedOutput output) {
    runner
        .withPropertyValues(
            "managed-executors.pools.io.shutdown.await-termination=30s",
            "managed-executors.pools.io.shutdown.cancel-pending=true")
        .run(
            context -> {
              ManagedThreadPool io = context.getBean("io", ManagedThreadPool.class);
              Occupied busy = occupy(io);

              Thread closer = closeInBackground(context);
              await()
                  .atMost(LONG)
                  .until(() -> busy.queued1().cancelled() && busy.queued2().cancelled());
              assertThat(busy.running().running()).isTrue();
              busy.releaseAndJoin(closer);
            });
    assertThat(output)
        .containsPattern("Pool 'io' shut down in \\d+ ms: 1 completed, 2 cancelled, 0 interrupted");
  }

  @Test
  void whenTwoPoolsDrainThenTheyDrainAtTheSameTime(CapturedOutput output) {
    runner
        .withPropertyValues(
            "managed-executors.pools.a.max-size=1",
            "managed-executors.pools.a.shutdown.await-termination=30s",
            "managed-executors.pools.b.max-size=1",
            "managed-executors.pools.b.shutdown.await-termination=30s")
        .run(
            context -> {
              List<ManagedThreadPool> pools =
                  List.of(
                      context.getBean("a", ManagedThreadPool.class),
                      context.getBean("b", ManagedThreadPool.class));
              CountDownLatch started = new CountDownLatch(2);
              // Each task ends only once both pools are shut down. Drained one after the other,
              // the first pool would wait out its await-termination and interrupt its task; in
              // parallel, both tasks see both pools shut down and complete. No clock involved.
              List<ManagedFuture<?>> tasks =
                  pools.stream()
                      .<ManagedFuture<?>>map(
                          pool ->
                              pool.submit(
                                  () -> {
                                    started.countDown();
                                    await()
                                        .atMost(LONG)
                                        .until(
                                            () ->
                                                pools.stream()
                                                    .allMatch(ManagedThreadPool::isShutdown));
                                    return "completed";
                                  }))
                      .toList();
              assertThat(started.await(LONG.toSeconds(), TimeUnit.SECONDS)).isTrue();

              context.close();

              assertThat(tasks).allSatisfy(f -> assertThat(f.result(LONG)).isEqualTo("completed"));
            });
    assertThat(output)
        .containsPattern("Pool 'a' shut down in \\d+ ms: 1 completed, 0 cancelled, 0 interrupted")
        .containsPattern("Pool 'b' shut down in \\d+ ms: 1 completed, 0 cancelled, 0 interrupted");
  }

  @Test
  void whenTheWebServerShutsDownGracefullyThenThePoolsStillAcceptTasks() {
    assertThat(GracefulShutdownLifecycle.PHASE)
        .isLessThan(WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE)
        .isLessThan(WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE);
    runner
        .withBean(WebServerShutdownProbe.class)
        .run(
            context -> {
              WebServerShutdownProbe probe = context.getBean(WebServerShutdownProbe.class);
              context.close();
              assertThat(probe.submitted).isNotNull();
              assertThat(probe.submitted.result(Duration.ZERO))
                  .isEqualTo("accepted during the web server's graceful shutdown");
            });
  }

  @Test
  void whenTheContextIsPausedThenThePoolsKeepRunning() {
    runner.run(
        context -> {
          context.pause();
          ManagedExecutor pool = context.getBean(ManagedExecutor.class);
          assertThat(pool.isShutdown()).isFalse();
          assertThat(pool.submit(() -> "still running").result(LONG)).isEqualTo("still running");
          assertThat(context.getBean(GracefulShutdownLifecycle.class).isRunning()).isTrue();
        });
  }

  @Test
  void whenTheAwaitDoesNotFitTheShutdownPhaseThenItIsCappedWithAWarningNamingBothProperties(
      CapturedOutput output) {
    runner
        .withConfiguration(AutoConfigurations.of(LifecycleAutoConfiguration.class))
        .withPropertyValues(
            "spring.lifecycle.timeout-per-shutdown-phase=3s",
            "managed-executors.pools.io.shutdown.await-termination=10s")
        .run(context -> assertThat(context).hasNotFailed());
    assertThat(output)
        .contains(
            "managed-executors.pools.io.shutdown.await-termination=10000ms does not fit in"
                + " spring.lifecycle.timeout-per-shutdown-phase=3000ms; pool 'io' will wait at"
                + " most 2000ms. Raise spring.lifecycle.timeout-per-shutdown-phase to at least"
                + " 11000ms");
    // The default pool's await-termination (20 s) is capped too, but the application did not
    // choose it: no warning.
    assertThat(output)
        .doesNotContainPattern("WARN.*managed-executors.pools.default.shutdown.await-termination");
  }

  @Test
  void effectiveAwaitKeepsTheReserveOfThePhaseTimeout() {
    Duration phase = Duration.ofSeconds(30);
    assertThat(GracefulShutdownLifecycle.effectiveAwait(Duration.ofSeconds(20), phase))
        .isEqualTo(Duration.ofSeconds(20));
    assertThat(GracefulShutdownLifecycle.effectiveAwait(Duration.ofSeconds(60), phase))
        .isEqualTo(Duration.ofSeconds(29));
    assertThat(
            GracefulShutdownLifecycle.effectiveAwait(Duration.ofSeconds(5), Duration.ofMillis(500)))
        .isEqualTo(Duration.ZERO);
  }

  @Test
  void whenDestroyedWithoutHavingStartedThenThePoolsAreShutDownAnyway() {
    ManagedThreadPool pool = ManagedThreadPool.builder("never-started").build();
    GracefulShutdownLifecycle lifecycle =
        new GracefulShutdownLifecycle(
            List.of(new GracefulShutdownLifecycle.PoolShutdown(pool, Duration.ofSeconds(5), false)),
            Duration.ofSeconds(10));
    ManagedFuture<String> task = pool.submit(() -> "ran");
    lifecycle.destroy();
    assertThat(pool.isTerminated()).isTrue();
    assertThat(task.result(Duration.ZERO)).isEqualTo("ran");
  }

  @Test
  void whenStoppedTwiceThenThePoolsAreDrainedOnceAndEachCallbackRuns() {
    ManagedThreadPool pool = ManagedThreadPool.builder("twice").build();
    GracefulShutdownLifecycle lifecycle =
        new GracefulShutdownLifecycle(
            List.of(new GracefulShutdownLifecycle.PoolShutdown(pool, Duration.ofSeconds(5), false)),
            Duration.ofSeconds(10));
    lifecycle.start();
    assertThat(lifecycle.isRunning()).isTrue();
    AtomicInteger callbacks = new AtomicInteger();
    lifecycle.stop(callbacks::incrementAndGet);
    lifecycle.stop(callbacks::incrementAndGet);
    await().atMost(LONG).until(() -> callbacks.get() == 2);
    assertThat(pool.isTerminated()).isTrue();
    assertThat(lifecycle.isRunning()).isFalse();
    lifecycle.start();
    assertThat(lifecycle.isRunning()).as("a shut-down pool cannot restart").isFalse();
  }

  /** A pool's one worker busy with {@code running} until {@code release}, two tasks queued. */
  private record Occupied(
      CountDownLatch release,
      ManagedFuture<String> running,
      ManagedFuture<String> queued1,
      ManagedFuture<String> queued2) {

    /** Lets the running task end, then checks that the closing thread and the task ended. */
    void releaseAndJoin(Thread closer) throws Exception {
      release.countDown();
      closer.join(LONG.toMillis());
      assertThat(closer.isAlive()).isFalse();
      assertThat(running.result(Duration.ZERO)).isEqualTo("running");
    }
  }

  private static Occupied occupy(ManagedThreadPool io) throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ManagedFuture<String> running =
        io.submit(
            () -> {
              started.countDown();
              release.await();
              return "running";
            });
    assertThat(started.await(LONG.toSeconds(), TimeUnit.SECONDS)).isTrue();
    return new Occupied(release, running, io.submit(() -> "queued 1"), io.submit(() -> "queued 2"));
  }

  private static Thread closeInBackground(ConfigurableApplicationContext context) {
    Thread closer = new Thread(context::close, "test-context-closer");
    closer.start();
    return closer;
  }

  /** Stands for the web server: submits work while it shuts down gracefully. */
  static class WebServerShutdownProbe implements SmartLifecycle {
    private final ManagedExecutor pool;
    private volatile boolean running;
    volatile ManagedFuture<String> submitted;

    WebServerShutdownProbe(ManagedExecutor pool) {
      this.pool = pool;
    }

    @Override
    public void start() {
      running = true;
    }

    @Override
    public void stop() {
      submitted = pool.submit(() -> "accepted during the web server's graceful shutdown");
      running = false;
    }

    @Override
    public boolean isRunning() {
      return running;
    }

    @Override
    public int getPhase() {
      return WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE;
    }
  }
}
