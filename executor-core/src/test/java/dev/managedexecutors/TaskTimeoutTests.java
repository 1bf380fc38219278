package dev.managedexecutors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.managedexecutors.stats.TaskListener;
import dev.managedexecutors.stats.TimeoutKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Task timeouts (SPEC C2, issue 14 item 2): queue-timeout and run-timeout. */
class TaskTimeoutTests {
  private static final Duration LONG = Duration.ofSeconds(30);
  private final List<ManagedThreadPool> pools = new ArrayList<>();
  private final List<TimeoutKind> events = new CopyOnWriteArrayList<>();
  private final TaskListener recorder =
      new TaskListener() {
        @Override
        public boolean wantsTaskEvents() {
          return false;
        }

        @Override
        public void taskTimedOut(TimeoutKind kind) {
          events.add(kind);
        }
      };

  private ManagedThreadPool pool(ManagedThreadPool.Builder builder) {
    ManagedThreadPool p = builder.listener(recorder).build();
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
  void aTaskThatWaitedLongerThanTheQueueTimeoutIsCancelledNotRunAndCounted() throws Exception {
    ManagedThreadPool p =
        pool(ManagedThreadPool.builder("q").maxWorkers(1).queueTimeout(Duration.ofMillis(20)));
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch queued = new CountDownLatch(1);
    ManagedFuture<?> blocker =
        p.submit(
            () -> {
              started.countDown();
              queued.await();
              Thread.sleep(100); // ALLOW-SLEEP: work that outlasts the queued task's timeout
              return null;
            });
    assertThat(started.await(LONG.toSeconds(), TimeUnit.SECONDS)).isTrue();
    AtomicBoolean ran = new AtomicBoolean();
    ManagedFuture<?> late = p.submit(() -> ran.set(true));
    queued.countDown();

    blocker.result(LONG);
    await().atMost(LONG).until(late::isCancelled);
    assertThat(ran).isFalse();
    assertThat(p.taskTotals().timeouts(TimeoutKind.QUEUE)).isEqualTo(1);
    assertThat(p.taskTotals().timeouts(TimeoutKind.RUN)).isZero();
    assertThat(p.stats().cancelled()).isEqualTo(1);
    assertThat(events).containsExactly(TimeoutKind.QUEUE);
  }

  @Test
  void aTaskGivenToANewWorkerIsNotTimedOutHoweverLongTheThreadTookToStart() throws Exception {
    // 1 ns: any task that went through the queue would time out; the first task of a new worker
    // never waits in the queue.
    ManagedThreadPool p =
        pool(ManagedThreadPool.builder("q").maxWorkers(1).queueTimeout(Duration.ofNanos(1)));
    assertThat(p.submit(() -> "ran").result(LONG)).isEqualTo("ran");
    assertThat(p.taskTotals().timeouts(TimeoutKind.QUEUE)).isZero();
  }

  @Test
  void aTaskThatWaitedLessThanTheQueueTimeoutRuns() throws Exception {
    ManagedThreadPool p = pool(ManagedThreadPool.builder("q").queueTimeout(Duration.ofHours(1)));
    assertThat(p.submit(() -> "ran").result(LONG)).isEqualTo("ran");
    assertThat(p.taskTotals().timeouts(TimeoutKind.QUEUE)).isZero();
    assertThat(events).isEmpty();
  }

  @Test
  void aTaskRunningLongerThanTheRunTimeoutIsInterruptedAndCounted() throws Exception {
    ManagedThreadPool p = pool(ManagedThreadPool.builder("r").runTimeout(Duration.ofMillis(20)));
    CountDownLatch never = new CountDownLatch(1);
    ManagedFuture<Object> f =
        p.submit(
            () -> {
              never.await();
              return "not interrupted";
            });
    assertThat(f.exception(LONG)).isInstanceOf(InterruptedException.class);
    assertThat(p.taskTotals().timeouts(TimeoutKind.RUN)).isEqualTo(1);
    assertThat(events).containsExactly(TimeoutKind.RUN);
  }

  @Test
  void aTaskThatIgnoresTheInterruptIsCountedOnceAndKeepsItsWorker() throws Exception {
    ManagedThreadPool p =
        pool(ManagedThreadPool.builder("r").maxWorkers(1).runTimeout(Duration.ofMillis(5)));
    AtomicBoolean release = new AtomicBoolean();
    ManagedFuture<String> stubborn =
        p.submit(
            () -> {
              String me = Thread.currentThread().getName();
              while (!release.get()) {
                Thread.onSpinWait(); // ignores interrupts
              }
              return me;
            });
    await().atMost(LONG).until(() -> p.taskTotals().timeouts(TimeoutKind.RUN) == 1);
    // Several deadlines pass while it keeps running: still one interrupt, one count.
    for (int i = 0; i < 20; i++) {
      Thread.sleep(5); // ALLOW-SLEEP: lets several run-timeout deadlines pass while it still runs
    }
    release.set(true);
    String worker = stubborn.result(LONG);
    assertThat(p.taskTotals().timeouts(TimeoutKind.RUN)).isEqualTo(1);
    assertThat(events).containsExactly(TimeoutKind.RUN);
    assertThat(p.submit(() -> Thread.currentThread().getName()).result(LONG)).isEqualTo(worker);
  }

  @Test
  void withoutARunTimeoutThereIsNoTimeoutThreadAndWithOneItEndsWithThePool() throws Exception {
    pool(ManagedThreadPool.builder("plain")).submit(() -> "x").result(LONG);
    assertThat(timeoutThreads("plain")).isZero();
    ManagedThreadPool timed =
        pool(ManagedThreadPool.builder("timed").runTimeout(Duration.ofHours(1)));
    assertThat(timeoutThreads("timed")).isEqualTo(1);
    timed.shutdown(true, false);
    await().atMost(LONG).until(() -> timeoutThreads("timed") == 0);
  }

  @Test
  void aZeroOrNegativeTimeoutIsRefusedNamingTheSetting() {
    assertThatThrownBy(() -> ManagedThreadPool.builder("x").queueTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("queueTimeout");
    assertThatThrownBy(() -> ManagedThreadPool.builder("x").runTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("runTimeout");
  }

  private static long timeoutThreads(String pool) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals(pool + "-timeouts") && t.isAlive())
        .count();
  }
}
