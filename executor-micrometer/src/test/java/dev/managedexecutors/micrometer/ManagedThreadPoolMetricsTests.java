package dev.managedexecutors.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.managedexecutors.ManagedFuture;
import dev.managedexecutors.ManagedThreadPool;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The meters of one pool, checked against Micrometer's own executor metrics. */
class ManagedThreadPoolMetricsTests {
  private static final Duration LONG = Duration.ofSeconds(30);
  private static final List<String> METERS =
      List.of(
          "executor.queued",
          "executor.queue.remaining",
          "executor.active",
          "executor.pool.size",
          "executor.pool.core",
          "executor.pool.max",
          "executor.completed",
          "executor.rejected",
          "executor.timeouts",
          "executor.timeouts",
          "executor.idle",
          "executor");

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<ExecutorService> toStop = new ArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void stopEverything() {
    release.countDown();
    toStop.forEach(ExecutorService::shutdownNow);
  }

  @Test
  void theGaugesAndCountersHaveTheIdsUnitsAndDescriptionsOfMicrometersExecutorMetrics() {
    ThreadPoolExecutor reference =
        stopLater(new ThreadPoolExecutor(1, 2, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>()));
    SimpleMeterRegistry referenceRegistry = new SimpleMeterRegistry();
    new ExecutorServiceMetrics(reference, "io", Tags.empty()).bindTo(referenceRegistry);
    new ManagedThreadPoolMetrics(pool(ManagedThreadPool.builder("io")), Tags.empty())
        .bindTo(registry);

    assertThat(referenceRegistry.getMeters()).hasSize(7);
    for (Meter expected : referenceRegistry.getMeters()) {
      Meter.Id id = expected.getId();
      Meter actual = registry.find(id.getName()).tags(id.getTags()).meter();
      assertThat(actual).as(id.getName()).isNotNull();
      assertThat(actual.getId().getType()).as(id.getName()).isEqualTo(id.getType());
      assertThat(actual.getId().getBaseUnit()).as(id.getName()).isEqualTo(id.getBaseUnit());
      assertThat(actual.getId().getDescription()).as(id.getName()).isEqualTo(id.getDescription());
      assertThat(actual.getId().getTags()).as(id.getName()).isEqualTo(id.getTags());
    }
  }

  @Test
  void everyMeterHasTheNameTypeBaseUnitAndTagsOfMicrometersMonitoredThreadPoolExecutor() {
    SimpleMeterRegistry referenceRegistry = new SimpleMeterRegistry();
    stopLater(
        ExecutorServiceMetrics.monitor(
            referenceRegistry,
            new ThreadPoolExecutor(1, 2, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>()),
            "io"));
    new ManagedThreadPoolMetrics(pool(ManagedThreadPool.builder("io")), Tags.empty())
        .bindTo(registry);

    // Every meter Micrometer registers, and executor.rejected and executor.timeouts (two kinds),
    // which it has no figure for.
    assertThat(referenceRegistry.getMeters())
        .extracting(m -> m.getId().getName())
        .containsExactlyInAnyOrderElementsOf(
            METERS.stream()
                .filter(n -> !n.equals("executor.rejected") && !n.equals("executor.timeouts"))
                .toList());
    for (Meter expected : referenceRegistry.getMeters()) {
      Meter.Id id = expected.getId();
      Meter actual = registry.find(id.getName()).tags(id.getTags()).meter();
      assertThat(actual).as(id.getName()).isNotNull();
      assertThat(actual.getId().getType()).as(id.getName()).isEqualTo(id.getType());
      assertThat(actual.getId().getBaseUnit()).as(id.getName()).isEqualTo(id.getBaseUnit());
      assertThat(actual.getId().getTags()).as(id.getName()).isEqualTo(id.getTags());
    }
    assertThat(registry.getMeters()).hasSize(referenceRegistry.getMeters().size() + 3);
  }

  @Test
  void underTheSameLoadTheCountsAreThoseOfAMonitoredThreadPoolExecutor() throws Exception {
    SimpleMeterRegistry referenceRegistry = new SimpleMeterRegistry();
    ExecutorService reference =
        stopLater(
            ExecutorServiceMetrics.monitor(
                referenceRegistry,
                new ThreadPoolExecutor(
                    1,
                    1,
                    1,
                    TimeUnit.SECONDS,
                    new java.util.concurrent.ArrayBlockingQueue<>(1),
                    new ThreadPoolExecutor.CallerRunsPolicy()),
                "io"));
    ManagedThreadPool pool =
        pool(
            ManagedThreadPool.builder("io")
                .maxWorkers(1)
                .queueCapacity(1)
                .rejection(dev.managedexecutors.RejectionPolicy.CALLER_RUNS));
    new ManagedThreadPoolMetrics(pool, Tags.empty()).bindTo(registry);

    // The same load on both: one task blocks the worker, one waits in the queue, one runs in the
    // submitting thread, one throws; 20 ordinary ones.
    for (ExecutorService e : List.of(reference, pool)) {
      CountDownLatch started = new CountDownLatch(1);
      CountDownLatch go = new CountDownLatch(1);
      List<java.util.concurrent.Future<?>> all = new ArrayList<>();
      all.add(
          e.submit(
              () -> {
                started.countDown();
                go.await();
                return "blocked";
              }));
      assertThat(started.await(LONG.toSeconds(), TimeUnit.SECONDS)).isTrue();
      all.add(e.submit(() -> "queued"));
      all.add(e.submit(() -> "run by the caller"));
      go.countDown();
      for (java.util.concurrent.Future<?> f : all) {
        f.get(LONG.toSeconds(), TimeUnit.SECONDS);
      }
      // One at a time from here: the queue never fills again.
      assertThat(
              e.submit(
                  () -> {
                    throw new IllegalStateException("boom");
                  }))
          .failsWithin(LONG);
      for (int i = 0; i < 20; i++) {
        e.submit(() -> "ordinary").get(LONG.toSeconds(), TimeUnit.SECONDS);
      }
    }
    // A task counts once its worker is done with it, a moment after its future completes.
    await().atMost(LONG).until(() -> completed(referenceRegistry) == 23.0);
    await().atMost(LONG).until(() -> timerCount(referenceRegistry, "executor") == 24);
    await().atMost(LONG).until(() -> completed(registry) >= 23.0);
    await().atMost(LONG).until(() -> timerCount(registry, "executor") >= 24);
    assertThat(completed(registry)).isEqualTo(23.0);
    for (String timer : List.of("executor", "executor.idle")) {
      assertThat(timerCount(registry, timer))
          .as(timer)
          .isEqualTo(timerCount(referenceRegistry, timer))
          .isEqualTo(24);
    }
  }

  @Test
  void theFastTimersTotalsAreExactlyTheTimesTheWorkersMeasured() throws Exception {
    ManagedThreadPool pool = pool(ManagedThreadPool.builder("io").maxWorkers(2));
    new ManagedThreadPoolMetrics(pool, Tags.empty()).bindTo(registry);
    java.util.concurrent.atomic.AtomicLong queued = new java.util.concurrent.atomic.AtomicLong();
    java.util.concurrent.atomic.AtomicLong ran = new java.util.concurrent.atomic.AtomicLong();
    pool.addTaskListener(
        new dev.managedexecutors.stats.TaskListener() {
          @Override
          public void taskFinished(long queuedNanos, long runNanos, Throwable failure) {
            queued.addAndGet(queuedNanos);
            ran.addAndGet(runNanos);
          }
        });
    List<ManagedFuture<?>> all = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      all.add(pool.submit(() -> "tiny"));
    }
    for (ManagedFuture<?> f : all) {
      f.result(LONG);
    }
    // The listener and the pool's own totals are fed by the same clock reads. The timer reports
    // its total converted to a base unit and back, so the comparison allows one nanosecond of
    // floating-point rounding, far below any task's time.
    await().atMost(LONG).until(() -> registry.get("executor").functionTimer().count() == 1000.0);
    assertThat(registry.get("executor").functionTimer().totalTime(TimeUnit.NANOSECONDS))
        .isCloseTo((double) ran.get(), within(1.0));
    assertThat(registry.get("executor.idle").functionTimer().totalTime(TimeUnit.NANOSECONDS))
        .isCloseTo((double) queued.get(), within(1.0));
  }

  @Test
  void aTimerConfiguredWithAPercentileHistogramIsTheRegistrysTimerWithBuckets() throws Exception {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    prometheus
        .config()
        .meterFilter(
            new io.micrometer.core.instrument.config.MeterFilter() {
              @Override
              public io.micrometer.core.instrument.distribution.DistributionStatisticConfig
                  configure(
                      Meter.Id id,
                      io.micrometer.core.instrument.distribution.DistributionStatisticConfig c) {
                return id.getName().startsWith("executor")
                    ? io.micrometer.core.instrument.distribution.DistributionStatisticConfig
                        .builder()
                        .percentilesHistogram(true)
                        .build()
                        .merge(c)
                    : c;
              }
            });
    ManagedThreadPool pool = pool(ManagedThreadPool.builder("io"));
    new ManagedThreadPoolMetrics(pool, Tags.empty()).bindTo(prometheus);
    pool.submit(() -> "once").result(LONG);

    assertThat(prometheus.get("executor").timer().count()).isEqualTo(1);
    assertThat(prometheus.get("executor.idle").timer().count()).isEqualTo(1);
    assertThat(pool.taskTotals().timing()).isFalse();
    assertThat(prometheus.scrape())
        .contains("executor_seconds_bucket{name=\"io\",le=")
        .contains("executor_idle_seconds_bucket{name=\"io\",le=")
        .contains("executor_seconds_max{name=\"io\"}");
  }

  @Test
  void withoutTimersThereAreNoTimersAndThePoolTimesNothing() throws Exception {
    ManagedThreadPool pool = pool(ManagedThreadPool.builder("io"));
    new ManagedThreadPoolMetrics(pool, Tags.empty(), false).bindTo(registry);
    pool.submit(() -> "untimed").result(LONG);

    assertThat(meterNames()).doesNotContain("executor", "executor.idle").hasSize(METERS.size() - 2);
    assertThat(pool.taskTotals().timing()).isFalse();
    assertThat(pool.taskTotals().runCount()).isZero();
    assertThat(pool.taskTotals().queuedCount()).isZero();
  }

  @Test
  void thePrometheusNamesAreThoseOfMicrometersExecutorMetrics() throws Exception {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ManagedThreadPool pool = pool(ManagedThreadPool.builder("io"));
    new ManagedThreadPoolMetrics(pool, Tags.empty()).bindTo(prometheus);
    pool.submit(() -> "once").result(LONG);
    assertThat(prometheus.scrape())
        .contains("executor_queued_tasks{name=\"io\"}")
        .contains("executor_queue_remaining_tasks{name=\"io\"}")
        .contains("executor_active_threads{name=\"io\"}")
        .contains("executor_pool_size_threads{name=\"io\"}")
        .contains("executor_pool_core_threads{name=\"io\"}")
        .contains("executor_pool_max_threads{name=\"io\"}")
        .contains("executor_completed_tasks_total{name=\"io\"}")
        .contains("executor_rejected_tasks_total{name=\"io\"}")
        .contains("executor_timeouts_total{kind=\"queue\",name=\"io\"} 0.0")
        .contains("executor_timeouts_total{kind=\"run\",name=\"io\"} 0.0")
        .contains("executor_idle_seconds_count{name=\"io\"}")
        .contains("executor_seconds_count{name=\"io\"}");
  }

  @Test
  void executorQueuedIsTheRealQueueLengthWhileEveryWorkerIsBlocked() throws Exception {
    ManagedThreadPool pool = pool(ManagedThreadPool.builder("io").maxWorkers(2).queueCapacity(10));
    new ManagedThreadPoolMetrics(pool, Tags.empty()).bindTo(registry);
    CountDownLatch started = new CountDownLatch(2);
    for (int i = 0; i < 2; i++) {
      pool.submit(blocking(started));
    }
    assertThat(started.await(LONG.toSeconds(), TimeUnit.SECONDS)).isTrue();
    for (int i = 0; i < 5; i++) {
      pool.submit(() -> "queued");
    }

    assertThat(pool.queueDepth()).isEqualTo(5);
    assertThat(gauge("executor.queued")).isEqualTo(5.0);
    assertThat(gauge("executor.queue.remaining")).isEqualTo(5.0);
    assertThat(gauge("executor.active")).isEqualTo(2.0);
    assertThat(gauge("executor.pool.size")).isEqualTo(2.0);
    assertThat(gauge("executor.pool.core")).isEqualTo(0.0);
    assertThat(gauge("executor.pool.max")).isEqualTo(2.0);

    release.countDown();
    await()
        .atMost(LONG)
        .until(() -> registry.get("executor.completed").functionCounter().count() == 7.0);
    assertThat(gauge("executor.queued")).isZero();
  }

  @Test
  void executorCompletedCountsTasksTheWorkersRanToTheEndEvenByThrowing() throws Exception {
    ManagedThreadPool pool = pool(ManagedThreadPool.builder("io").maxWorkers(1));
    new ManagedThreadPoolMetrics(pool, Tags.empty()).bindTo(registry);
    pool.submit(() -> "ok").result(LONG);
    ManagedFuture<Object> failing =
        pool.submit(
            () -> {
              throw new IllegalStateException("boom");
            });
    assertThat(failing.exception(LONG)).isInstanceOf(IllegalStateException.class);
    assertThat(registry.get("executor.completed").functionCounter().count()).isEqualTo(2.0);
  }

  @Test
  void executorRejectedCountsEveryRefusedTask() throws Exception {
    ManagedThreadPool pool = pool(ManagedThreadPool.builder("io").maxWorkers(1).queueCapacity(0));
    new ManagedThreadPoolMetrics(pool, Tags.empty()).bindTo(registry);
    CountDownLatch started = new CountDownLatch(1);
    pool.submit(blocking(started));
    assertThat(started.await(LONG.toSeconds(), TimeUnit.SECONDS)).isTrue();
    for (int i = 0; i < 3; i++) {
      assertThatExceptionOfType(RejectedExecutionException.class)
          .isThrownBy(() -> pool.submit(() -> "refused"));
    }
    assertThat(registry.get("executor.rejected").functionCounter().count()).isEqualTo(3.0);
  }

  @Test
  void executorTimeoutsCountsEachKindOfTimeout() throws Exception {
    ManagedThreadPool pool =
        pool(ManagedThreadPool.builder("io").runTimeout(Duration.ofMillis(10)));
    new ManagedThreadPoolMetrics(pool, Tags.empty()).bindTo(registry);
    CountDownLatch never = new CountDownLatch(1);
    assertThat(
            pool.submit(
                    () -> {
                      never.await();
                      return "not interrupted";
                    })
                .exception(LONG))
        .isInstanceOf(InterruptedException.class);
    assertThat(registry.get("executor.timeouts").tag("kind", "run").functionCounter().count())
        .isEqualTo(1.0);
    assertThat(registry.get("executor.timeouts").tag("kind", "queue").functionCounter().count())
        .isZero();
  }

  @Test
  void theTimersRecordTimeQueuedAndTimeRunningOfEachTask() throws Exception {
    ManagedThreadPool pool = pool(ManagedThreadPool.builder("io").maxWorkers(1));
    new ManagedThreadPoolMetrics(pool, Tags.empty()).bindTo(registry);
    CountDownLatch started = new CountDownLatch(1);
    ManagedFuture<?> first = pool.submit(blocking(started));
    assertThat(started.await(LONG.toSeconds(), TimeUnit.SECONDS)).isTrue();
    ManagedFuture<String> queued = pool.submit(() -> "queued");
    release.countDown();
    first.result(LONG);
    queued.result(LONG);

    FunctionTimer idle = registry.get("executor.idle").functionTimer();
    FunctionTimer running = registry.get("executor").functionTimer();
    await().atMost(LONG).until(() -> running.count() == 2.0);
    assertThat(idle.count()).isEqualTo(2.0);
    assertThat(idle.totalTime(TimeUnit.NANOSECONDS)).isPositive();
    assertThat(running.totalTime(TimeUnit.NANOSECONDS)).isPositive();
  }

  @Test
  void aTaskQueuedBeforeBindingRecordsItsRunningTimeButNoBogusQueuedTime() throws Exception {
    ManagedThreadPool pool = pool(ManagedThreadPool.builder("io").maxWorkers(1));
    CountDownLatch started = new CountDownLatch(1);
    ManagedFuture<?> first = pool.submit(blocking(started));
    assertThat(started.await(LONG.toSeconds(), TimeUnit.SECONDS)).isTrue();
    ManagedFuture<String> queued = pool.submit(() -> "queued before binding");
    new ManagedThreadPoolMetrics(pool, Tags.empty()).bindTo(registry);
    release.countDown();
    first.result(LONG);
    queued.result(LONG);

    // The pool stamps submission times only while it times tasks, so the queued task carries
    // none; it started after binding, so its run is timed.
    await().atMost(LONG).until(() -> registry.get("executor").functionTimer().count() == 1.0);
    assertThat(registry.get("executor.idle").functionTimer().count()).isZero();
  }

  @Test
  void theMetersAreRemovedWhenThePoolTerminates() throws Exception {
    ManagedThreadPool pool = pool(ManagedThreadPool.builder("io"));
    new ManagedThreadPoolMetrics(pool, Tags.empty()).bindTo(registry);
    assertThat(meterNames()).containsExactlyInAnyOrderElementsOf(METERS);
    pool.shutdown(true);
    assertThat(pool.isTerminated()).isTrue();
    assertThat(registry.getMeters()).isEmpty();
  }

  @Test
  void closeRemovesTheMetersAndStopsTiming() throws Exception {
    ManagedThreadPool pool = pool(ManagedThreadPool.builder("io"));
    ManagedThreadPoolMetrics metrics = new ManagedThreadPoolMetrics(pool, Tags.empty());
    metrics.bindTo(registry);
    FunctionTimer running = registry.get("executor").functionTimer();
    assertThat(pool.taskTotals().timing()).isTrue();
    metrics.close();
    pool.submit(() -> "after close").result(LONG);
    assertThat(registry.getMeters()).isEmpty();
    assertThat(pool.taskTotals().timing()).isFalse();
    assertThat(running.count()).isZero();
    metrics.close(); // idempotent
  }

  @Test
  void bindingAPoolThatHasTerminatedRegistersNothing() throws Exception {
    ManagedThreadPool pool = pool(ManagedThreadPool.builder("io"));
    pool.shutdown(true);
    new ManagedThreadPoolMetrics(pool, Tags.empty()).bindTo(registry);
    assertThat(registry.getMeters()).isEmpty();
  }

  @Test
  void extraTagsAreAddedToEveryMeter() {
    new ManagedThreadPoolMetrics(pool(ManagedThreadPool.builder("io")), Tags.of("app", "demo"))
        .bindTo(registry);
    assertThat(registry.getMeters())
        .hasSize(METERS.size())
        .allSatisfy(m -> assertThat(m.getId().getTag("app")).isEqualTo("demo"))
        .allSatisfy(m -> assertThat(m.getId().getTag("name")).isEqualTo("io"));
  }

  @Test
  void oneBinderCanBindToSeveralRegistriesAndRemovesFromAll() throws Exception {
    SimpleMeterRegistry other = new SimpleMeterRegistry();
    ManagedThreadPool pool = pool(ManagedThreadPool.builder("io"));
    ManagedThreadPoolMetrics metrics = new ManagedThreadPoolMetrics(pool, Tags.empty());
    metrics.bindTo(registry);
    metrics.bindTo(other);
    pool.submit(() -> "timed once, seen twice").result(LONG);
    await().atMost(LONG).until(() -> registry.get("executor").functionTimer().count() == 1.0);
    assertThat(other.get("executor").functionTimer().count()).isEqualTo(1.0);
    metrics.close();
    assertThat(pool.taskTotals().timing()).isFalse();
    assertThat(registry.getMeters()).isEmpty();
    assertThat(other.getMeters()).isEmpty();
  }

  private static double completed(io.micrometer.core.instrument.MeterRegistry r) {
    return r.get("executor.completed").functionCounter().count();
  }

  /** The count of a timer, whichever kind it is. */
  private static long timerCount(io.micrometer.core.instrument.MeterRegistry r, String name) {
    Meter m = r.get(name).meter();
    return m instanceof FunctionTimer f ? (long) f.count() : ((Timer) m).count();
  }

  private double gauge(String name) {
    return registry.get(name).tag("name", "io").gauge().value();
  }

  private List<String> meterNames() {
    return registry.getMeters().stream().map(m -> m.getId().getName()).toList();
  }

  private java.util.concurrent.Callable<Object> blocking(CountDownLatch started) {
    return () -> {
      started.countDown();
      release.await();
      return "released";
    };
  }

  private ManagedThreadPool pool(ManagedThreadPool.Builder builder) {
    return stopLater(builder.build());
  }

  private <E extends ExecutorService> E stopLater(E executor) {
    toStop.add(executor);
    return executor;
  }
}
