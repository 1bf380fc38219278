package dev.managedexecutors;

import static dev.managedexecutors.ParkedThreads.awaitParkedIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Termination in the manner of the JSR-166 TCK's pool tests (issue 12): a worker thread the JVM
 * will not start, workers killed by an {@link Error}, a caller interrupted while it waits. In each
 * case every future ends, the pool terminates, and its threads are gone.
 */
class ManagedThreadPoolTerminationTests {
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

  /** What the JVM throws when it cannot create a thread. */
  private static final class NoNativeThread extends OutOfMemoryError {
    private static final long serialVersionUID = 1L;

    NoNativeThread() {
      super("unable to create native thread: deliberate, from the test");
    }
  }

  /** Makes every later worker start of {@code p} fail (or succeed again, with {@code false}). */
  private static void failThreadStarts(ManagedThreadPool p, boolean fail) throws Exception {
    Consumer<Thread> starter =
        fail
            ? t -> {
              throw new NoNativeThread();
            }
            : Thread::start;
    engineOf(p).workers.threadStarter = starter;
  }

  private static PoolEngine engineOf(ManagedThreadPool p) throws Exception {
    Field f = ManagedThreadPool.class.getDeclaredField("engine");
    f.setAccessible(true);
    return (PoolEngine) f.get(p);
  }

  private static long liveThreadsNamed(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith(prefix))
        .count();
  }

  /**
   * A task run through {@code execute} that fails; its thread's uncaught-exception handler, which
   * the pool calls for it as the JDK's pools do, then throws an {@link Error} the first time: the
   * worker dies of it.
   */
  private static Runnable killsItsWorker(AtomicInteger deaths) {
    return () -> {
      AtomicBoolean thrown = new AtomicBoolean();
      Thread.currentThread()
          .setUncaughtExceptionHandler(
              (t, e) -> {
                if (thrown.compareAndSet(false, true)) {
                  deaths.incrementAndGet();
                  throw new AssertionError("deliberate: the handler kills the worker");
                }
              });
      throw new IllegalStateException("deliberate: the task fails");
    };
  }

  // ------------------------------------------------------------ a worker thread that cannot start

  @Test
  void aWorkerThatCannotStartRefusesTheSubmissionAndThePoolStillServesAndTerminates()
      throws Exception {
    ManagedThreadPool p = pool(ManagedThreadPool.builder("no-thread").maxWorkers(2));
    failThreadStarts(p, true);
    assertThatThrownBy(() -> p.submit(() -> "never"))
        .isInstanceOf(RejectedExecutionException.class)
        .hasMessageContaining("pool 'no-thread' could not start a worker thread")
        .hasCauseInstanceOf(NoNativeThread.class);
    assertThat(p.stats().poolSize()).isZero();
    assertThat(p.stats().rejected()).isEqualTo(1);
    assertThat(p.stats().submitted()).isEqualTo(1);

    failThreadStarts(p, false);
    assertThat(p.submit(() -> "served").result(Duration.ofSeconds(30))).isEqualTo("served");
    p.shutdown(true);
    assertThat(p.isTerminated()).isTrue();
    await().atMost(Duration.ofSeconds(10)).until(() -> liveThreadsNamed("no-thread-") == 0);
  }

  @Test
  void queuedTasksFailRatherThanWaitForeverWhenNoWorkerCanBeStartedForThem() throws Exception {
    ManagedThreadPool p = pool(ManagedThreadPool.builder("stranded").maxWorkers(1));
    AtomicInteger deaths = new AtomicInteger();
    List<ManagedFuture<String>> queued = new ArrayList<>();
    try (Blocker blocker = new Blocker()) {
      blocker.occupy(p);
      p.execute(killsItsWorker(deaths)); // first in the queue: the worker dies of it
      for (int i = 0; i < 5; i++) {
        queued.add(p.submit(() -> "ran"));
      }
      failThreadStarts(p, true); // no replacement can start
    }
    for (ManagedFuture<String> f : queued) {
      assertThat(f.exception(Duration.ofSeconds(30)))
          .as("a queued task with no worker left to run it ends, refused")
          .isInstanceOf(RejectedExecutionException.class)
          .hasCauseInstanceOf(NoNativeThread.class);
    }
    assertThat(deaths).hasValue(1);
    p.shutdown(false);
    assertThat(p.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.stats().poolSize()).isZero();
    assertThat(p.stats().queueDepth()).isZero();
  }

  // ------------------------------------------------------------ workers killed by an Error

  @Test
  void workersKilledByAnErrorAreReplacedAndThePoolTerminatesAfterEveryQueuedTask()
      throws Exception {
    ManagedThreadPool p = pool(ManagedThreadPool.builder("dying").maxWorkers(2));
    AtomicInteger deaths = new AtomicInteger();
    AtomicInteger ran = new AtomicInteger();
    try (Blocker blocker = new Blocker()) {
      blocker.occupy(p);
      blocker.occupy(p);
      for (int round = 0; round < 4; round++) {
        p.execute(killsItsWorker(deaths));
        for (int i = 0; i < 25; i++) {
          p.execute(ran::incrementAndGet);
        }
      }
    }
    p.shutdown(true);
    assertThat(p.isTerminated()).isTrue();
    assertThat(deaths).hasValue(4);
    assertThat(ran).hasValue(100);
    assertThat(p.stats().poolSize()).isZero();
    assertThat(p.stats().activeWorkers()).isZero();
    assertThat(p.stats().completed() + p.stats().failed()).isEqualTo(106);
    await().atMost(Duration.ofSeconds(10)).until(() -> liveThreadsNamed("dying-") == 0);
  }

  @Test
  void aPoolWhoseLastWorkerDiesAfterShutdownStillTerminates() throws Exception {
    ManagedThreadPool p = pool(ManagedThreadPool.builder("last-dies").maxWorkers(1));
    AtomicInteger deaths = new AtomicInteger();
    try (Blocker blocker = new Blocker()) {
      blocker.occupy(p);
      p.execute(killsItsWorker(deaths));
      p.shutdown(false);
    }
    assertThat(p.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    assertThat(deaths).hasValue(1);
    assertThat(p.stats().poolSize()).isZero();
  }

  // ------------------------------------------------------------ the waiting caller interrupted

  @Test
  void anInterruptedAwaitTerminationThrowsAndLeavesThePoolToFinishItsWork() throws Exception {
    ManagedThreadPool p = pool(ManagedThreadPool.builder("await-interrupted").maxWorkers(1));
    AtomicReference<@Nullable Throwable> thrown = new AtomicReference<>();
    ManagedFuture<String> queued;
    try (Blocker blocker = new Blocker()) {
      blocker.occupy(p);
      queued = p.submit(() -> "ran after all");
      p.shutdown(false);
      CountDownLatch waiting = new CountDownLatch(1);
      Thread waiter =
          new Thread(
              () -> {
                waiting.countDown();
                try {
                  p.awaitTermination(1, TimeUnit.DAYS);
                } catch (InterruptedException e) {
                  thrown.set(e);
                }
              },
              "waiter");
      waiter.start();
      waiting.await();
      awaitParkedIn(waiter, PoolEngine.class, "awaitTermination");
      waiter.interrupt();
      waiter.join(TimeUnit.SECONDS.toMillis(30));
      assertThat(waiter.isAlive()).isFalse();
      assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
      assertThat(p.isTerminated()).as("an interrupted waiter stops nothing").isFalse();
      assertThat(queued.done()).isFalse();
    }
    assertThat(queued.result(Duration.ofSeconds(30))).isEqualTo("ran after all");
    assertThat(p.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aCallerInterruptedInResultGetsAnExceptionKeepsItsFlagAndTheTaskRunsOn() throws Exception {
    ManagedThreadPool p = pool(ManagedThreadPool.builder("result-interrupted").maxWorkers(1));
    AtomicReference<@Nullable Throwable> thrown = new AtomicReference<>();
    AtomicBoolean flagAfter = new AtomicBoolean();
    try (Blocker blocker = new Blocker()) {
      ManagedFuture<String> f = p.submit(blocker.task("released"));
      Thread waiter =
          new Thread(
              () -> {
                try {
                  f.result();
                } catch (RuntimeException e) {
                  thrown.set(e);
                }
                flagAfter.set(Thread.currentThread().isInterrupted());
              },
              "result-waiter");
      waiter.start();
      awaitParkedIn(waiter, ManagedFuture.class.getName(), "awaitDone");
      waiter.interrupt();
      waiter.join(TimeUnit.SECONDS.toMillis(30));
      assertThat(thrown.get()).isInstanceOf(WaitInterruptedException.class);
      assertThat(flagAfter).isTrue();
      assertThat(f.done()).isFalse();
      blocker.release();
      assertThat(f.result(Duration.ofSeconds(30))).isEqualTo("released");
    }
    p.shutdown(true);
    assertThat(p.isTerminated()).isTrue();
  }
}
