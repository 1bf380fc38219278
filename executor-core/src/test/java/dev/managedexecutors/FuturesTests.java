package dev.managedexecutors;

import static dev.managedexecutors.ParkedThreads.awaitParkedIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FuturesTests {
  private final ManagedThreadPool pool = ManagedThreadPool.builder("futures").maxWorkers(4).build();

  @AfterEach
  void shutDown() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
  }

  // ------------------------------------------------------------ wait (A4.1)

  @Test
  void waitFirstCompletedReturnsWhenAnyFutureCompletes() {
    ManagedFuture<String> a = new ManagedFuture<>();
    ManagedFuture<String> b = new ManagedFuture<>();
    Thread completer = new Thread(() -> b.setResult("b"));
    completer.start();
    DoneAndNotDone<ManagedFuture<String>> r =
        Futures.wait(List.of(a, b), null, ReturnWhen.FIRST_COMPLETED);
    assertThat(r.done()).containsExactly(b);
    assertThat(r.notDone()).containsExactly(a);
  }

  @Test
  void waitFirstCompletedCountsACancellationAsCompletion() {
    ManagedFuture<String> a = new ManagedFuture<>();
    ManagedFuture<String> b = new ManagedFuture<>();
    new Thread(b::cancel).start();
    DoneAndNotDone<ManagedFuture<String>> r =
        Futures.wait(List.of(a, b), null, ReturnWhen.FIRST_COMPLETED);
    assertThat(r.done()).containsExactly(b);
  }

  @Test
  void waitFirstExceptionReturnsAtTheFirstFailureButNotAtACancellation() {
    ManagedFuture<String> ok = ManagedFuture.completed("ok");
    ManagedFuture<String> cancelled = new ManagedFuture<>();
    cancelled.cancel();
    ManagedFuture<String> failing = new ManagedFuture<>();
    ManagedFuture<String> never = new ManagedFuture<>();
    // Cancelled and finished-normally futures do not satisfy FIRST_EXCEPTION.
    DoneAndNotDone<ManagedFuture<String>> early =
        Futures.wait(
            List.of(ok, cancelled, failing, never),
            Duration.ofMillis(20),
            ReturnWhen.FIRST_EXCEPTION);
    assertThat(early.notDone()).containsExactly(failing, never);
    new Thread(() -> failing.setException(new IOException("x"))).start();
    DoneAndNotDone<ManagedFuture<String>> r =
        Futures.wait(List.of(ok, cancelled, failing, never), null, ReturnWhen.FIRST_EXCEPTION);
    assertThat(r.done()).containsExactly(ok, cancelled, failing);
    assertThat(r.notDone()).containsExactly(never);
  }

  @Test
  void waitFirstExceptionReturnsWhenAllCompleteWithoutAnyFailure() {
    List<ManagedFuture<Integer>> fs = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      int n = i;
      fs.add(pool.submit(() -> n));
    }
    DoneAndNotDone<ManagedFuture<Integer>> r = Futures.wait(fs, null, ReturnWhen.FIRST_EXCEPTION);
    assertThat(r.done()).hasSize(10);
    assertThat(r.notDone()).isEmpty();
  }

  @Test
  void waitAllCompletedReturnsWhenEveryFutureIsDone() {
    List<ManagedFuture<Integer>> fs = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      int n = i;
      fs.add(pool.submit(() -> n));
    }
    DoneAndNotDone<ManagedFuture<Integer>> r = Futures.wait(fs);
    assertThat(r.done()).containsExactlyElementsOf(fs);
    assertThat(r.notDone()).isEmpty();
  }

  @Test
  void waitWithTimeoutReturnsNormallyWithTheUnfinishedFuturesInNotDone() {
    ManagedFuture<String> done = ManagedFuture.completed("d");
    ManagedFuture<String> pending = new ManagedFuture<>();
    DoneAndNotDone<ManagedFuture<String>> r =
        Futures.wait(List.of(done, pending), Duration.ofMillis(30), ReturnWhen.ALL_COMPLETED);
    assertThat(r.done()).containsExactly(done);
    assertThat(r.notDone()).containsExactly(pending);
    DoneAndNotDone<ManagedFuture<String>> polled =
        Futures.wait(List.of(done, pending), Duration.ZERO, ReturnWhen.ALL_COMPLETED);
    assertThat(polled.notDone()).containsExactly(pending);
  }

  @Test
  void waitCountsDuplicatesOnceAndAlreadyDoneFuturesAtOnce() {
    ManagedFuture<String> done = ManagedFuture.completed("d");
    DoneAndNotDone<ManagedFuture<String>> r =
        Futures.wait(List.of(done, done, done), null, ReturnWhen.ALL_COMPLETED);
    assertThat(r.done()).containsExactly(done);
    assertThat(
            Futures.wait(List.<ManagedFuture<String>>of(), null, ReturnWhen.FIRST_COMPLETED).done())
        .isEmpty();
  }

  @Test
  void waitAcceptsFuturesFromDifferentExecutors() {
    ManagedThreadPool other = ManagedThreadPool.builder("other").maxWorkers(1).build();
    try {
      List<ManagedFuture<String>> fs =
          List.of(pool.submit(() -> "a"), other.submit(() -> "b"), ManagedFuture.completed("c"));
      assertThat(Futures.wait(fs).done()).hasSize(3);
    } finally {
      other.shutdown(true);
    }
  }

  @Test
  void waitWhenInterruptedRestoresTheFlagAndThrows() throws Exception {
    ManagedFuture<String> never = new ManagedFuture<>();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicReference<Boolean> flag = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              try {
                Futures.wait(List.of(never));
              } catch (Throwable e) {
                thrown.set(e);
                flag.set(Thread.currentThread().isInterrupted());
              }
            });
    t.start();
    awaitParkedIn(t, "dev.managedexecutors.Futures$Collector", "park");
    t.interrupt();
    t.join();
    assertThat(thrown.get()).isInstanceOf(WaitInterruptedException.class);
    assertThat(flag.get()).isTrue();
    assertThat(never.registrationCount()).isZero();
  }

  @Test
  void waitRejectsNullArgumentsNamingThem() {
    assertThatThrownBy(() -> Futures.wait(null)).hasMessage("fs");
    List<ManagedFuture<String>> withNull = new ArrayList<>();
    withNull.add(null);
    assertThatThrownBy(() -> Futures.wait(withNull)).hasMessage("fs contains null");
    assertThatThrownBy(() -> Futures.wait(List.of(new ManagedFuture<>()), null, null))
        .hasMessage("when");
  }

  // ------------------------------------------------------------ asCompleted (A4.2)

  @Test
  void asCompletedYieldsDoneFuturesFirstThenEachOnceAsItCompletes() {
    ManagedFuture<String> done = ManagedFuture.completed("first");
    ManagedFuture<String> second = new ManagedFuture<>();
    ManagedFuture<String> third = new ManagedFuture<>();
    List<ManagedFuture<String>> order = new ArrayList<>();
    try (CloseableIterator<ManagedFuture<String>> it =
        Futures.asCompleted(List.of(third, second, done, done), null)) {
      order.add(it.next());
      new Thread(second::cancel).start();
      order.add(it.next());
      new Thread(() -> third.setResult("t")).start();
      order.add(it.next());
      assertThat(it.hasNext()).isFalse();
      assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
    }
    assertThat(order).containsExactly(done, second, third);
    assertThat(second.registrationCount()).isZero();
    assertThat(third.registrationCount()).isZero();
  }

  @Test
  void asCompletedThrowsTheTimeoutExceptionNamingTheUnfinishedCount() {
    ManagedFuture<String> done1 = ManagedFuture.completed("1");
    ManagedFuture<String> done2 = ManagedFuture.completed("2");
    ManagedFuture<String> never1 = new ManagedFuture<>();
    ManagedFuture<String> never2 = new ManagedFuture<>();
    CloseableIterator<ManagedFuture<String>> it =
        Futures.asCompleted(List.of(done1, never1, done2, never2), Duration.ofMillis(30));
    assertThat(it.next()).isSameAs(done1);
    assertThat(it.next()).isSameAs(done2);
    assertThatThrownBy(it::next)
        .isInstanceOf(FutureTimeoutException.class)
        .hasMessage("2 (of 4) futures unfinished");
    assertThat(it.hasNext()).isFalse();
    assertThat(never1.registrationCount()).isZero();
  }

  @Test
  void asCompletedOverPoolTasksYieldsEveryFutureExactlyOnce() {
    List<ManagedFuture<Integer>> fs = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      int n = i;
      fs.add(pool.submit(() -> n));
    }
    List<ManagedFuture<Integer>> seen = new ArrayList<>();
    try (CloseableIterator<ManagedFuture<Integer>> it =
        Futures.asCompleted(fs, Duration.ofSeconds(30))) {
      it.forEachRemaining(seen::add);
    }
    assertThat(seen).containsExactlyInAnyOrderElementsOf(fs);
  }

  @Test
  void closingAsCompletedEarlyRemovesItsListeners() {
    ManagedFuture<String> pending = new ManagedFuture<>();
    CloseableIterator<ManagedFuture<String>> it = Futures.asCompleted(List.of(pending));
    assertThat(pending.registrationCount()).isEqualTo(1);
    it.close();
    assertThat(pending.registrationCount()).isZero();
    assertThat(it.hasNext()).isFalse();
  }

  // ------------------------------------------------------------ deadlock diagnosis (A4.3)

  @Test
  void aTaskWaitingOnAnotherTaskOfTheSameFullPoolIsVisibleInTheStatistics() {
    ManagedThreadPool single = ManagedThreadPool.builder("single").maxWorkers(1).build();
    try {
      ManagedFuture<String> outer =
          single.submit(() -> single.submit(() -> "inner").result(Duration.ofMillis(300)));
      // The one worker waits for a task queued behind it: all workers active, work queued.
      await().until(() -> single.activeWorkers() == 1 && single.queueDepth() == 1);
      assertThat(single.toString()).contains("workers=1/1", "active=1", "queued=1");
      assertThat(outer.exception(Duration.ofSeconds(10)))
          .isInstanceOf(FutureTimeoutException.class);
    } finally {
      single.shutdown(true);
    }
  }

  @Test
  void asCompletedKeepsNoReferenceToAFutureOnceItHasYieldedIt() {
    ManagedFuture<String> pending = new ManagedFuture<>(); // keeps the iteration open
    List<ManagedFuture<String>> fs =
        new ArrayList<>(List.of(pending, ManagedFuture.completed("before"), new ManagedFuture<>()));
    java.lang.ref.WeakReference<ManagedFuture<String>> doneBefore =
        new java.lang.ref.WeakReference<>(fs.get(1));
    java.lang.ref.WeakReference<ManagedFuture<String>> doneDuring =
        new java.lang.ref.WeakReference<>(fs.get(2));
    try (CloseableIterator<ManagedFuture<String>> it = Futures.asCompleted(fs)) {
      fs.get(2).setResult("during");
      fs = null;
      assertThat(it.next().done()).isTrue(); // the one done before the call
      assertThat(it.next().done()).isTrue(); // the one done during the iteration
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> {
                System.gc();
                return doneBefore.get() == null && doneDuring.get() == null;
              });
      assertThat(it.hasNext()).isTrue();
    }
    assertThat(pending.registrationCount()).isZero();
  }
}
