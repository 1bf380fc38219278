package dev.managedexecutors;

import static dev.managedexecutors.ParkedThreads.awaitParkedIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.managedexecutors.stats.TaskListener;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pool's own worker loop (issues 12 and 20): the defects of the engine it replaced, each with a
 * test that failed on it, and the promises of SPEC A3.8.
 */
class ManagedThreadPoolEngineTests {
  private final List<ManagedThreadPool> pools = new ArrayList<>();

  private ManagedThreadPool pool(ManagedThreadPool.Builder builder) {
    ManagedThreadPool p = builder.build();
    pools.add(p);
    return p;
  }

  @AfterEach
  void shutDownPools() {
    for (ManagedThreadPool p : pools) {
      p.shutdownNow();
    }
  }

  @Test
  void aSaturatedSubmissionIsRejectedAtOnceWhileAWorkerSitsInASlowInitializer() throws Exception {
    CountDownLatch initializing = new CountDownLatch(1);
    CountDownLatch releaseInit = new CountDownLatch(1);
    ManagedThreadPool p =
        pool(
            ManagedThreadPool.builder("slow-init")
                .maxWorkers(1)
                .queueCapacity(0)
                .initializer(
                    () -> {
                      initializing.countDown();
                      try {
                        releaseInit.await(30, TimeUnit.SECONDS);
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                    }));
    try {
      p.submit(() -> "first"); // starts the only worker, which sits in the initializer
      initializing.await();
      AtomicReference<@Nullable Throwable> outcome = new AtomicReference<>();
      Thread submitter =
          new Thread(
              () -> {
                try {
                  p.submit(() -> "second");
                  outcome.set(new AssertionError("accepted"));
                } catch (RejectedExecutionException e) {
                  outcome.set(e);
                }
              });
      submitter.start();
      // The old engine parked the submitter on the pool, polling for a worker that was not coming.
      await().until(() -> outcome.get() != null || LockSupport.getBlocker(submitter) == p);
      assertThat(outcome.get())
          .as("rejected without waiting for the initializing worker")
          .isInstanceOf(RejectedExecutionException.class)
          .hasMessageContaining("saturated");
      submitter.join(10_000);
    } finally {
      releaseInit.countDown();
    }
  }

  @Test
  void blockWithDirectHandOffWaitsForASignalNotAPollAndIsWokenByAWorkerComingBack()
      throws Exception {
    ManagedThreadPool p =
        pool(
            ManagedThreadPool.builder("block0")
                .maxWorkers(1)
                .queueCapacity(0)
                .rejection(RejectionPolicy.BLOCK)
                .blockTimeout(Duration.ofSeconds(30)));
    try (Blocker blocker = new Blocker()) {
      blocker.occupy(p);
      AtomicReference<@Nullable ManagedFuture<String>> accepted = new AtomicReference<>();
      Thread submitter = new Thread(() -> accepted.set(p.submit(() -> "after the blocker")));
      submitter.start();
      await().until(() -> LockSupport.getBlocker(submitter) != null);
      assertThat(LockSupport.getBlocker(submitter))
          .as("waits on a condition that a worker signals, not in a timed poll of the pool")
          .isNotSameAs(p);
      blocker.release();
      submitter.join(10_000);
      assertThat(accepted.get()).isNotNull();
      assertThat(accepted.get().result(Duration.ofSeconds(10))).isEqualTo("after the blocker");
    }
  }

  @Test
  void poolTerminatedRunsOutsideThePoolsLocksSoItMayCallThePoolFromAnotherThread()
      throws Exception {
    AtomicBoolean otherThreadGotThrough = new AtomicBoolean();
    AtomicReference<@Nullable ManagedThreadPool> self = new AtomicReference<>();
    TaskListener listener =
        new TaskListener() {
          @Override
          public void poolTerminated() {
            Thread other =
                new Thread(() -> java.util.Objects.requireNonNull(self.get()).shutdownNow());
            other.start();
            try {
              other.join(10_000);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            otherThreadGotThrough.set(!other.isAlive());
          }
        };
    ManagedThreadPool p = pool(ManagedThreadPool.builder("hook").maxWorkers(1).listener(listener));
    self.set(p);
    p.submit(() -> "one").result();
    p.shutdown(true);
    assertThat(otherThreadGotThrough).isTrue();
  }

  @Test
  void aListenerAddedOrRemovedWhileATaskRunsGetsBothOfItsEventsOrNeither() throws Exception {
    AtomicInteger started = new AtomicInteger();
    AtomicInteger finished = new AtomicInteger();
    TaskListener counting =
        new TaskListener() {
          @Override
          public void taskStarted(long queuedNanos) {
            started.incrementAndGet();
          }

          @Override
          public void taskFinished(long queuedNanos, long runNanos, @Nullable Throwable failure) {
            finished.incrementAndGet();
          }
        };
    ManagedThreadPool p = pool(ManagedThreadPool.builder("p").maxWorkers(1));
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ManagedFuture<String> f =
        p.submit(
            () -> {
              running.countDown();
              release.await(30, TimeUnit.SECONDS);
              return "added meanwhile";
            });
    running.await();
    p.addTaskListener(counting);
    release.countDown();
    f.result();
    assertThat(finished).as("added mid-task: neither event").hasValue(started.get());

    CountDownLatch running2 = new CountDownLatch(1);
    CountDownLatch release2 = new CountDownLatch(1);
    ManagedFuture<String> g =
        p.submit(
            () -> {
              running2.countDown();
              release2.await(30, TimeUnit.SECONDS);
              return "removed meanwhile";
            });
    running2.await();
    p.removeTaskListener(counting);
    release2.countDown();
    g.result();
    assertThat(started).hasValue(1);
    assertThat(finished).as("removed mid-task: both events").hasValue(1);
  }

  @Test
  void tasksFromOneSubmitterStartInSubmissionOrder() throws Exception {
    ManagedThreadPool p = pool(ManagedThreadPool.builder("fifo").maxWorkers(1));
    List<Integer> order = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<ManagedFuture<?>> fs = new ArrayList<>();
    try (Blocker blocker = new Blocker()) {
      blocker.occupy(p);
      for (int i = 0; i < 1000; i++) {
        int n = i;
        fs.add(p.submit(() -> order.add(n)));
      }
    }
    for (ManagedFuture<?> f : fs) {
      f.result(Duration.ofSeconds(30));
    }
    assertThat(order).isSorted().hasSize(1000);
  }

  @Test
  void anIdlePoolsWorkersUseNoCpu() throws Exception {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    org.junit.jupiter.api.Assumptions.assumeTrue(mx.isThreadCpuTimeSupported());
    ManagedThreadPool p =
        pool(ManagedThreadPool.builder("idle").coreWorkers(2).maxWorkers(2).prestart(true));
    CyclicBarrier both = new CyclicBarrier(2);
    ManagedFuture<Thread> a = p.submit(() -> awaitAndName(both));
    ManagedFuture<Thread> b = p.submit(() -> awaitAndName(both));
    Thread[] workers = {a.result(), b.result()};
    for (Thread w : workers) {
      awaitParkedIn(w, Workers.class, "take"); // parked: the spin is over
    }
    long before = cpu(mx, workers);
    Thread.sleep(1000); // ALLOW-SLEEP: the window over which an idle pool must burn nothing
    long used = cpu(mx, workers) - before;
    assertThat(used).as("CPU nanoseconds used by idle workers in a second").isLessThan(5_000_000L);
  }

  private static Thread awaitAndName(CyclicBarrier barrier) throws Exception {
    barrier.await(10, TimeUnit.SECONDS);
    return Thread.currentThread();
  }

  private static long cpu(ThreadMXBean mx, Thread[] threads) {
    long sum = 0;
    for (Thread t : threads) {
      sum += Math.max(0L, mx.getThreadCpuTime(t.getId()));
    }
    return sum;
  }

  @Test
  void shutdownWithQueuedTasksRunsThemAllThenTerminatesAndTheThreadsEnd() throws Exception {
    ManagedThreadPool p = pool(ManagedThreadPool.builder("drain").maxWorkers(2));
    AtomicInteger ran = new AtomicInteger();
    List<Thread> workers = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (Blocker blocker = new Blocker()) {
      blocker.occupy(p);
      blocker.occupy(p);
      for (int i = 0; i < 100; i++) {
        p.submit(
            () -> {
              workers.add(Thread.currentThread());
              return ran.incrementAndGet();
            });
      }
      p.shutdown();
      assertThat(p.isShutdown()).isTrue();
      assertThat(p.isTerminated()).isFalse();
      assertThatThrownBy(() -> p.submit(() -> 0)).isInstanceOf(RejectedExecutionException.class);
    }
    assertThat(p.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    assertThat(ran).hasValue(100);
    for (Thread w : workers) {
      w.join(10_000);
      assertThat(w.isAlive()).as("worker %s ended", w.getName()).isFalse();
    }
    assertThat(p.stats().poolSize()).isZero();
  }

  @Test
  void aTaskThrowingAnErrorFailsItsFutureAndTheWorkerCarriesOn() throws Exception {
    ManagedThreadPool p = pool(ManagedThreadPool.builder("errors").maxWorkers(1));
    StackOverflowError boom = new StackOverflowError("deliberate");
    ManagedFuture<String> failing =
        p.submit(
            () -> {
              throw boom;
            });
    assertThat(failing.exception(Duration.ofSeconds(10))).isSameAs(boom);
    assertThat(p.submit(() -> "still serving").result()).isEqualTo("still serving");
    p.shutdown(true);
    assertThat(p.isTerminated()).isTrue();
    assertThat(p.stats().failed()).isEqualTo(1);
  }
}
