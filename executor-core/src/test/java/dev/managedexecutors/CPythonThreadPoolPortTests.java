package dev.managedexecutors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Our port of the thread-pool parts of CPython's {@code test_thread_pool.py} ({@code
 * ThreadPoolExecutorTest}), {@code test_shutdown.py} ({@code ThreadPoolShutdownTest}) and {@code
 * test_init.py} ({@code InitializerMixin}, {@code FailingInitializerMixin}) to {@link
 * ManagedThreadPool}. CPython's {@code _threads} becomes {@link ManagedThreadPool#poolSize()} or
 * the threads the tasks report; its semaphores and events become {@link Semaphore}s and latches.
 */
class CPythonThreadPoolPortTests {
  private final List<ManagedThreadPool> pools = new ArrayList<>();

  private ManagedThreadPool pool(ManagedThreadPool.Builder builder) {
    ManagedThreadPool p = builder.build();
    pools.add(p);
    return p;
  }

  private ManagedThreadPool pool(int maxWorkers) {
    return pool(ManagedThreadPool.builder("cpython-tp").maxWorkers(maxWorkers));
  }

  @AfterEach
  void shutDown() throws InterruptedException {
    for (ManagedThreadPool p : pools) {
      p.shutdown(false, true);
      assertThat(p.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  private static void join(Set<Thread> threads) throws InterruptedException {
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(30));
      assertThat(t.isAlive()).as(t.getName() + " ended").isFalse();
    }
  }

  // CPython: test_map_submits_without_iteration (issue 11777)
  @Test
  void mapSubmitsEveryItemWithoutIteration() {
    ManagedThreadPool executor = pool(5);
    List<Integer> finished = Collections.synchronizedList(new ArrayList<>());
    executor.map(finished::add, IntStream.range(0, 10).boxed().toList());
    executor.shutdown(true);
    assertThat(finished)
        .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 10).boxed().toList());
  }

  // CPython: test_default_workers
  @Test
  void defaultMaxWorkersIsMin32AndProcessorsPlus4() {
    int expected = Math.min(32, Runtime.getRuntime().availableProcessors() + 4);
    assertThat(ManagedThreadPool.defaultMaxWorkers()).isEqualTo(expected);
    assertThat(pool(ManagedThreadPool.builder("defaults")).maxWorkers()).isEqualTo(expected);
  }

  // CPython: test_saturation
  @Test
  void aSaturatedPoolStartsExactlyMaxWorkersThreads() {
    ManagedThreadPool executor = pool(4);
    Semaphore sem = new Semaphore(0);
    for (int i = 0; i < 15 * 4; i++) {
      executor.submit(
          () -> {
            sem.acquire();
            return null;
          });
    }
    assertThat(executor.poolSize()).isEqualTo(4);
    sem.release(15 * 4);
    executor.shutdown(true);
    assertThat(executor.isTerminated()).isTrue();
  }

  // CPython: test_idle_thread_reuse
  @Test
  void sequentialTasksReuseTheOneIdleWorker() {
    for (int round = 0; round < 50; round++) {
      ManagedThreadPool executor = pool(ManagedThreadPool.builder("reuse"));
      assertThat(executor.submit(() -> 21 * 2).result()).isEqualTo(42);
      assertThat(executor.submit(() -> 6 * 7).result()).isEqualTo(42);
      assertThat(executor.submit(() -> 3 * 14).result()).isEqualTo(42);
      assertThat(executor.poolSize()).isEqualTo(1);
      executor.shutdown(true);
    }
  }

  // Companion of test_idle_thread_reuse: a worker returning from a task is reused, but not by a
  // submission from its own done-callback, which would then wait for itself.
  @Test
  void aDoneCallbackThatSubmitsAndWaitsGetsAnotherWorker() {
    for (int round = 0; round < 50; round++) {
      ManagedThreadPool executor = pool(ManagedThreadPool.builder("callback").maxWorkers(2));
      ManagedFuture<String> inner = new ManagedFuture<>();
      CountDownLatch go = new CountDownLatch(1);
      ManagedFuture<Boolean> outer = executor.submit(() -> go.await(30, TimeUnit.SECONDS));
      outer.addDoneCallback(
          f -> inner.setResult(executor.submit(() -> "inner").result(Duration.ofSeconds(30))));
      go.countDown(); // the callback runs in the worker, after the task's body
      assertThat(inner.result(Duration.ofSeconds(30))).isEqualTo("inner");
      executor.shutdown(true);
    }
  }

  // CPython: test_executor_map_current_future_cancel
  @Test
  void aMapTimeoutCancelsTheAwaitedTaskAndTheRestBeforeTheyStart() {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch stop = new CountDownLatch(1);
    java.util.function.Function<String, String> logAndWait =
        ident -> {
          log.add(ident + " started");
          try {
            stop.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } finally {
            log.add(ident + " stopped");
          }
          return ident;
        };
    try (ManagedThreadPool executor = pool(1)) {
      ManagedFuture<String> first = executor.submit(() -> logAndWait.apply("first"));
      try {
        try (CloseableIterator<String> gen =
            executor.map(
                logAndWait,
                List.of("second", "third"),
                MapOptions.defaults().withTimeout(Duration.ZERO))) {
          assertThatThrownBy(gen::next).isInstanceOf(FutureTimeoutException.class);
        }
      } finally {
        stop.countDown();
      }
      assertThat(first.result()).isEqualTo("first");
    }
    assertThat(log).containsExactly("first started", "first stopped");
  }

  // CPython: ExecutorShutdownTest.test_run_after_shutdown
  @Test
  void submittingAfterShutdownIsRejectedNamingThePool() {
    ManagedThreadPool executor = pool(5);
    executor.shutdown();
    assertThatThrownBy(() -> executor.submit(() -> 2 * 5))
        .isInstanceOf(RejectedExecutionException.class)
        .hasMessageContaining("cannot schedule new tasks after shutdown")
        .hasMessageContaining("cpython-tp");
  }

  // CPython: ExecutorShutdownTest.test_hang_issue12364
  @Test
  void shutdownWithoutWaitingLetsEveryQueuedTaskFinish() {
    ManagedThreadPool executor = pool(5);
    List<ManagedFuture<Integer>> fs = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      int n = i;
      fs.add(executor.submit(() -> n));
    }
    executor.shutdown();
    for (int i = 0; i < 50; i++) {
      assertThat(fs.get(i).result()).isEqualTo(i);
    }
  }

  // CPython: ExecutorShutdownTest.test_cancel_futures
  @Test
  void shutdownWithCancelFuturesCancelsTheQueuedTasksAndLetsTheRunningFinish() {
    ManagedThreadPool executor = pool(5);
    try (Blocker blocker = new Blocker()) {
      List<ManagedFuture<String>> fs = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        fs.add(executor.submit(blocker.task("done")));
      }
      await().until(() -> blocker.started.get() == 5);
      executor.shutdown(false, true);
      blocker.release();
      executor.shutdown(true);
      List<ManagedFuture<String>> cancelled = fs.stream().filter(ManagedFuture::cancelled).toList();
      List<ManagedFuture<String>> others = fs.stream().filter(f -> !f.cancelled()).toList();
      assertThat(cancelled).hasSize(45);
      assertThat(others).hasSize(5);
      for (ManagedFuture<String> f : others) {
        assertThat(f.done()).isTrue();
        assertThat(f.exception()).isNull();
      }
    }
  }

  // CPython: ExecutorShutdownTest.test_hang_gh94440
  @Test
  void shutdownWaitingDoesNotHangAfterATaskWasSubmittedAndCancelledJustBefore() {
    for (int round = 0; round < 50; round++) {
      ManagedThreadPool executor = pool(1);
      executor.submit(() -> 0).result();
      executor.submit(() -> 0).cancel();
      executor.shutdown(true);
      assertThat(executor.isTerminated()).isTrue();
    }
  }

  // CPython: ThreadPoolShutdownTest.test_threads_terminate
  @Test
  void threeBlockedTasksStartThreeWorkersWhichEndAfterShutdown() throws Exception {
    ManagedThreadPool executor = pool(5);
    Semaphore sem = new Semaphore(0);
    Set<Thread> threads = ConcurrentHashMap.newKeySet();
    for (int i = 0; i < 3; i++) {
      executor.submit(
          () -> {
            threads.add(Thread.currentThread());
            sem.acquire();
            return null;
          });
    }
    assertThat(executor.poolSize()).isEqualTo(3);
    sem.release(3);
    executor.shutdown();
    await().until(() -> threads.size() == 3);
    join(threads);
  }

  // CPython: ThreadPoolShutdownTest.test_context_manager_shutdown
  @Test
  void tryWithResourcesMapsThenShutsDownAndEndsTheWorkers() throws Exception {
    Set<Thread> threads = ConcurrentHashMap.newKeySet();
    List<Integer> results;
    try (ManagedThreadPool e = pool(5)) {
      results = new ArrayList<>();
      e.map(
              (Integer i) -> {
                threads.add(Thread.currentThread());
                return Math.abs(i);
              },
              IntStream.range(-5, 5).boxed().toList())
          .forEachRemaining(results::add);
    }
    assertThat(results).containsExactly(5, 4, 3, 2, 1, 0, 1, 2, 3, 4);
    join(threads);
  }

  // CPython: ThreadPoolShutdownTest.test_context_manager_shutdown, read strictly (SPEC A2.3: with
  // wait, shutdown returns once the workers have ended): no worker thread is alive after close()
  @Test
  void afterCloseEveryWorkerThreadHasEnded() {
    for (int round = 0; round < 50; round++) {
      Set<Thread> threads = ConcurrentHashMap.newKeySet();
      try (ManagedThreadPool e = pool(5)) {
        CountDownLatch all = new CountDownLatch(5);
        for (int i = 0; i < 5; i++) {
          e.submit(
              () -> {
                threads.add(Thread.currentThread());
                all.countDown();
                return all.await(30, TimeUnit.SECONDS);
              });
        }
      }
      assertThat(threads).hasSize(5).noneMatch(Thread::isAlive);
    }
  }

  // CPython: ThreadPoolShutdownTest.test_del_shutdown and test_shutdown_no_wait (Java drops no
  // pool behind the caller's back, so both become shutdown(false) with the results still pending)
  @Test
  void shutdownWithoutWaitingStillComputesAnUnconsumedMapAndEndsTheWorkers() throws Exception {
    ManagedThreadPool executor = pool(5);
    Set<Thread> threads = ConcurrentHashMap.newKeySet();
    CloseableIterator<Integer> res =
        executor.map(
            (Integer i) -> {
              threads.add(Thread.currentThread());
              return Math.abs(i);
            },
            IntStream.range(-5, 5).boxed().toList());
    executor.shutdown(false);
    List<Integer> results = new ArrayList<>();
    res.forEachRemaining(results::add);
    assertThat(results).containsExactly(5, 4, 3, 2, 1, 0, 1, 2, 3, 4);
    assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    join(threads);
  }

  // CPython: ThreadPoolShutdownTest.test_thread_names_assigned (SPEC A3.1: "<prefix>-<n>")
  @Test
  void workersAreNamedAfterTheGivenPrefix() throws Exception {
    ManagedThreadPool executor =
        pool(ManagedThreadPool.builder("special").maxWorkers(5).threadNamePrefix("SpecialPool"));
    Set<Thread> threads = ConcurrentHashMap.newKeySet();
    executor.map(
        (Integer i) -> threads.add(Thread.currentThread()),
        IntStream.range(-5, 5).boxed().toList());
    executor.shutdown(true);
    assertThat(threads).isNotEmpty();
    for (Thread t : threads) {
      assertThat(t.getName()).matches("SpecialPool-[1-5]");
    }
    join(threads);
  }

  // CPython: ThreadPoolShutdownTest.test_thread_names_default (SPEC A3.1: the pool's name)
  @Test
  void workersAreNamedAfterThePoolByDefault() throws Exception {
    ManagedThreadPool executor = pool(ManagedThreadPool.builder("orders").maxWorkers(5));
    Set<Thread> threads = ConcurrentHashMap.newKeySet();
    executor.map(
        (Integer i) -> threads.add(Thread.currentThread()),
        IntStream.range(-5, 5).boxed().toList());
    executor.shutdown(true);
    for (Thread t : threads) {
      assertThat(t.getName()).matches("orders-[1-5]");
    }
    join(threads);
  }

  private static final ThreadLocal<String> INITIALIZER_STATUS =
      ThreadLocal.withInitial(() -> "uninitialized");

  // CPython: test_init.py InitializerMixin.test_initializer
  @Test
  void theInitializerRunsInEachWorkerBeforeItsTasks() {
    ManagedThreadPool executor =
        pool(
            ManagedThreadPool.builder("init")
                .maxWorkers(2)
                .initializer(() -> INITIALIZER_STATUS.set("initialized")));
    List<ManagedFuture<String>> fs = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      fs.add(executor.submit(INITIALIZER_STATUS::get));
    }
    for (ManagedFuture<String> f : fs) {
      assertThat(f.result()).isEqualTo("initialized");
    }
  }

  // CPython: test_init.py FailingInitializerMixin.test_initializer
  @Test
  void aFailingInitializerBreaksThePoolFailsThePendingTasksAndIsLogged() {
    for (int round = 0; round < 10; round++) {
      CountDownLatch submitted = new CountDownLatch(1);
      IllegalArgumentException error = new IllegalArgumentException("error in initializer");
      ManagedThreadPool executor =
          pool(
              ManagedThreadPool.builder("failing-init")
                  .maxWorkers(2)
                  .initializer(
                      () -> {
                        try {
                          submitted.await(30, TimeUnit.SECONDS); // let some tasks be queued
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                        }
                        throw error;
                      }));
      try (LogCapture log = new LogCapture(ManagedThreadPool.class)) {
        List<ManagedFuture<String>> fs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          fs.add(executor.submit(INITIALIZER_STATUS::get));
        }
        submitted.countDown();
        for (ManagedFuture<String> f : fs) {
          assertThat(f.exception(Duration.ofSeconds(30)))
              .isInstanceOf(BrokenExecutorException.class)
              .hasCause(error)
              .hasMessageContaining("failing-init");
        }
        assertThatThrownBy(() -> executor.submit(INITIALIZER_STATUS::get))
            .isInstanceOf(BrokenExecutorException.class)
            .hasMessageContaining("failing-init");
        assertThat(log.records)
            .anySatisfy(
                r -> {
                  assertThat(r.getLevel().intValue())
                      .isGreaterThanOrEqualTo(java.util.logging.Level.SEVERE.intValue());
                  assertThat(r.getThrown()).isSameAs(error);
                });
      }
    }
  }
}
