package dev.managedexecutors;

import static dev.managedexecutors.CPythonFuturePortTests.cancelledAndNotifiedFuture;
import static dev.managedexecutors.CPythonFuturePortTests.cancelledFuture;
import static dev.managedexecutors.CPythonFuturePortTests.exceptionFuture;
import static dev.managedexecutors.CPythonFuturePortTests.pendingFuture;
import static dev.managedexecutors.CPythonFuturePortTests.runningFuture;
import static dev.managedexecutors.CPythonFuturePortTests.successfulFuture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Our port of CPython's {@code test_wait.py} ({@code WaitTests}, {@code ThreadPoolWaitTests}) and
 * {@code test_as_completed.py} ({@code AsCompletedTests}) to {@link Futures}, on a thread pool of
 * five workers as CPython's {@code ThreadPoolMixin}. CPython's {@code event.wait} tasks become
 * latch waits.
 *
 * <p>One deliberate difference (SPEC A1.8): CPython's {@code wait} treats a future that was
 * cancelled but not yet seen by its executor ({@code CANCELLED_FUTURE}) as not done; ours wakes
 * waiters in {@code cancel()} itself, so such a future counts as done at once.
 */
class CPythonWaitPortTests {
  private final ManagedThreadPool executor =
      ManagedThreadPool.builder("cpython-wait").maxWorkers(5).build();
  private final CountDownLatch event = new CountDownLatch(1);

  @AfterEach
  void shutDown() {
    event.countDown();
    executor.shutdown(true);
  }

  private ManagedFuture<Boolean> submitEventWait(CountDownLatch latch) {
    return executor.submit(() -> latch.await(30, TimeUnit.SECONDS));
  }

  // CPython: test_20369
  @Test
  void aFutureListedTwiceIsReportedOnce() {
    ManagedFuture<Integer> future = executor.submit(() -> 1 * 2);
    DoneAndNotDone<ManagedFuture<Integer>> r =
        Futures.wait(List.of(future, future), null, ReturnWhen.ALL_COMPLETED);
    assertThat(r.done()).containsExactly(future);
    assertThat(r.notDone()).isEmpty();
  }

  // CPython: test_first_completed (a cancelled future counts as done here, see the class comment)
  @Test
  void firstCompletedReturnsTheCompletedFutureAndLeavesTheBlockedOnePending() {
    ManagedFuture<Integer> future1 = executor.submit(() -> 21 * 2);
    ManagedFuture<Boolean> future2 = submitEventWait(event);
    future1.result();
    ManagedFuture<?> cancelled = cancelledFuture();
    DoneAndNotDone<ManagedFuture<?>> r =
        Futures.wait(List.of(cancelled, future1, future2), null, ReturnWhen.FIRST_COMPLETED);
    assertThat(r.done()).containsExactlyInAnyOrder(cancelled, future1);
    assertThat(r.notDone()).containsExactly(future2);
    event.countDown();
    assertThat(future2.result()).isTrue();
  }

  // CPython: test_first_completed, the case CPython means: only a running task completes
  @Test
  void firstCompletedWakesWhenARunningTaskFinishes() {
    ManagedFuture<Boolean> future1 = submitEventWait(event);
    CountDownLatch other = new CountDownLatch(1);
    ManagedFuture<Boolean> future2 = submitEventWait(other);
    event.countDown();
    DoneAndNotDone<ManagedFuture<Boolean>> r =
        Futures.wait(List.of(future1, future2), null, ReturnWhen.FIRST_COMPLETED);
    assertThat(r.done()).containsExactly(future1);
    assertThat(r.notDone()).containsExactly(future2);
    other.countDown();
    future2.result();
  }

  // CPython: test_first_completed_some_already_completed
  @Test
  void firstCompletedReturnsAtOnceWhenSomeAreAlreadyDone() {
    ManagedFuture<Boolean> future1 = submitEventWait(event);
    ManagedFuture<?> cancelled = cancelledAndNotifiedFuture();
    ManagedFuture<?> successful = successfulFuture();
    DoneAndNotDone<ManagedFuture<?>> r =
        Futures.wait(List.of(cancelled, successful, future1), null, ReturnWhen.FIRST_COMPLETED);
    assertThat(r.done()).containsExactlyInAnyOrder(cancelled, successful);
    assertThat(r.notDone()).containsExactly(future1);
    event.countDown();
    future1.result();
  }

  // CPython: test_first_exception
  @Test
  void firstExceptionReturnsWhenATaskRaisesAfterAnotherCompleted() throws Exception {
    CountDownLatch event1 = new CountDownLatch(1);
    ManagedFuture<Integer> future1 = executor.submit(() -> 2 * 21);
    ManagedFuture<Object> future2 =
        executor.submit(
            () -> {
              event1.await(30, TimeUnit.SECONDS);
              throw new IllegalStateException("this is an exception");
            });
    ManagedFuture<Boolean> future3 = submitEventWait(event);
    Thread t =
        new Thread(
            () -> {
              future1.result();
              event1.countDown();
            });
    t.start();
    DoneAndNotDone<ManagedFuture<?>> r =
        Futures.wait(List.of(future1, future2, future3), null, ReturnWhen.FIRST_EXCEPTION);
    assertThat(r.done()).containsExactlyInAnyOrder(future1, future2);
    assertThat(r.notDone()).containsExactly(future3);
    t.join();
    event.countDown();
    future3.result();
  }

  // CPython: test_first_exception_some_already_complete (CANCELLED_FUTURE counts as done here)
  @Test
  void firstExceptionCountsAFailedTaskAndNotACancelledOne() {
    ManagedFuture<Integer> future1 = executor.submit(() -> 21 / zero());
    ManagedFuture<Boolean> future2 = submitEventWait(event);
    ManagedFuture<?> successful = successfulFuture();
    ManagedFuture<?> cancelled = cancelledFuture();
    ManagedFuture<?> notified = cancelledAndNotifiedFuture();
    DoneAndNotDone<ManagedFuture<?>> r =
        Futures.wait(
            List.of(successful, cancelled, notified, future1, future2),
            null,
            ReturnWhen.FIRST_EXCEPTION);
    assertThat(r.done()).containsExactlyInAnyOrder(successful, cancelled, notified, future1);
    assertThat(r.notDone()).containsExactly(future2);
    event.countDown();
    future2.result();
  }

  // CPython: test_first_exception, with only cancelled futures done: cancelled is not an exception
  @Test
  void firstExceptionDoesNotReturnForACancelledFuture() {
    ManagedFuture<?> cancelled = cancelledFuture();
    ManagedFuture<Boolean> blocked = submitEventWait(event);
    DoneAndNotDone<ManagedFuture<?>> r =
        Futures.wait(
            List.of(cancelled, blocked), Duration.ofMillis(50), ReturnWhen.FIRST_EXCEPTION);
    assertThat(r.done()).containsExactly(cancelled);
    assertThat(r.notDone()).containsExactly(blocked);
  }

  private static int zero() {
    return 0;
  }

  // CPython: test_first_exception_one_already_failed
  @Test
  void firstExceptionReturnsAtOnceForAnAlreadyFailedFuture() {
    ManagedFuture<Boolean> future1 = submitEventWait(event);
    ManagedFuture<?> failed = exceptionFuture();
    DoneAndNotDone<ManagedFuture<?>> r =
        Futures.wait(List.of(failed, future1), null, ReturnWhen.FIRST_EXCEPTION);
    assertThat(r.done()).containsExactly(failed);
    assertThat(r.notDone()).containsExactly(future1);
    event.countDown();
    future1.result();
  }

  // CPython: test_all_completed
  @Test
  void allCompletedWaitsForEveryFuture() {
    ManagedFuture<Integer> future1 = executor.submit(() -> 2 / zero());
    ManagedFuture<Integer> future2 = executor.submit(() -> 2 * 21);
    List<ManagedFuture<?>> all =
        List.of(
            successfulFuture(), cancelledAndNotifiedFuture(), exceptionFuture(), future1, future2);
    DoneAndNotDone<ManagedFuture<?>> r = Futures.wait(all, null, ReturnWhen.ALL_COMPLETED);
    assertThat(r.done()).containsExactlyInAnyOrderElementsOf(all);
    assertThat(r.notDone()).isEmpty();
  }

  // CPython: test_timeout
  @Test
  void aTimedOutWaitReturnsTheDoneAndTheUnfinishedFutures() {
    ManagedFuture<Boolean> future = submitEventWait(event);
    List<ManagedFuture<?>> done =
        List.of(cancelledAndNotifiedFuture(), exceptionFuture(), successfulFuture());
    List<ManagedFuture<?>> all = new ArrayList<>(done);
    all.add(future);
    DoneAndNotDone<ManagedFuture<?>> r =
        Futures.wait(all, Duration.ofMillis(50), ReturnWhen.ALL_COMPLETED);
    assertThat(r.done()).containsExactlyInAnyOrderElementsOf(done);
    assertThat(r.notDone()).containsExactly(future);
    event.countDown();
    future.result();
  }

  // CPython: ThreadPoolWaitTests.test_pending_calls_race
  @Test
  void waitingForAllOfManyTasksReleasedTogetherReturnsWithAllDone() {
    for (int round = 0; round < 20; round++) {
      CountDownLatch go = new CountDownLatch(1);
      Set<ManagedFuture<Boolean>> fs = new HashSet<>();
      for (int i = 0; i < 100; i++) {
        fs.add(submitEventWait(go));
      }
      go.countDown();
      DoneAndNotDone<ManagedFuture<Boolean>> r = Futures.wait(fs, null, ReturnWhen.ALL_COMPLETED);
      assertThat(r.done()).hasSize(100);
      assertThat(r.notDone()).isEmpty();
    }
  }

  // CPython: AsCompletedTests.test_no_timeout
  @Test
  void asCompletedYieldsEveryFutureWithoutATimeout() {
    ManagedFuture<Integer> future1 = executor.submit(() -> 2 * 21);
    ManagedFuture<Integer> future2 = executor.submit(() -> 7 * 6);
    List<ManagedFuture<?>> all =
        List.of(
            cancelledAndNotifiedFuture(), exceptionFuture(), successfulFuture(), future1, future2);
    List<ManagedFuture<?>> completed = new ArrayList<>();
    try (CloseableIterator<ManagedFuture<?>> it = Futures.asCompleted(all)) {
      it.forEachRemaining(completed::add);
    }
    assertThat(completed).containsExactlyInAnyOrderElementsOf(all);
  }

  // CPython: AsCompletedTests.test_future_times_out (timeouts 0 and 100 ms)
  @Test
  void asCompletedYieldsTheDoneFuturesThenTimesOutOnTheBlockedOne() {
    for (Duration timeout : List.of(Duration.ZERO, Duration.ofMillis(100))) {
      Set<ManagedFuture<?>> alreadyCompleted =
          Set.of(cancelledAndNotifiedFuture(), exceptionFuture(), successfulFuture());
      ManagedFuture<Boolean> future = submitEventWait(event);
      List<ManagedFuture<?>> all = new ArrayList<>(alreadyCompleted);
      all.add(future);
      Set<ManagedFuture<?>> completed = new HashSet<>();
      CloseableIterator<ManagedFuture<?>> it = Futures.asCompleted(all, timeout);
      assertThatThrownBy(
              () -> {
                while (it.hasNext()) {
                  completed.add(it.next());
                }
              })
          .isInstanceOf(FutureTimeoutException.class);
      assertThat(completed).isEqualTo(alreadyCompleted);
      assertThat(it.hasNext()).isFalse();
      assertThat(future.done()).isFalse();
    }
  }

  // CPython: AsCompletedTests.test_duplicate_futures
  @Test
  void asCompletedYieldsAFutureListedThreeTimesOnce() {
    ManagedFuture<Boolean> future1 = submitEventWait(event);
    event.countDown();
    List<ManagedFuture<?>> completed = new ArrayList<>();
    Futures.asCompleted(Collections.nCopies(3, future1)).forEachRemaining(completed::add);
    assertThat(completed).containsExactly(future1);
  }

  // CPython: AsCompletedTests.test_free_reference_yielded_future
  @Test
  void asCompletedKeepsNoReferenceToAFutureItYielded() {
    List<ManagedFuture<String>> futures = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      futures.add(new ManagedFuture<>());
    }
    ManagedFuture<String> cancelled = new ManagedFuture<>();
    cancelled.cancel();
    futures.add(cancelled);
    futures.add(ManagedFuture.completed("42"));
    cancelled = null;

    CloseableIterator<ManagedFuture<String>> polling =
        Futures.asCompleted(new ArrayList<>(futures), Duration.ZERO);
    int yielded = 0;
    try {
      while (polling.hasNext()) {
        WeakReference<ManagedFuture<String>> ref = dropYielded(polling, futures);
        yielded++;
        awaitCollected(ref);
      }
    } catch (FutureTimeoutException expected) {
      // the eight pending futures are not done
    }
    assertThat(yielded).isEqualTo(2);
    assertThat(futures).hasSize(8);

    futures.get(0).setResult("test");
    CloseableIterator<ManagedFuture<String>> it = Futures.asCompleted(new ArrayList<>(futures));
    while (it.hasNext()) {
      WeakReference<ManagedFuture<String>> ref = dropYielded(it, futures);
      awaitCollected(ref);
      if (!futures.isEmpty()) {
        futures.get(0).setResult("test");
      }
    }
    assertThat(futures).isEmpty();
  }

  private static WeakReference<ManagedFuture<String>> dropYielded(
      CloseableIterator<ManagedFuture<String>> it, List<ManagedFuture<String>> futures) {
    ManagedFuture<String> f = it.next();
    assertThat(futures.remove(f)).isTrue();
    return new WeakReference<>(f);
  }

  private static void awaitCollected(WeakReference<?> ref) {
    await()
        .alias("yielded future collected")
        .until(
            () -> {
              System.gc();
              return ref.get() == null;
            });
  }

  // CPython: AsCompletedTests.test_correct_timeout_exception_msg
  @Test
  void asCompletedTimeoutNamesTheUnfinishedCountAndTheTotal() {
    List<ManagedFuture<?>> all =
        List.of(cancelledAndNotifiedFuture(), pendingFuture(), runningFuture(), successfulFuture());
    List<ManagedFuture<?>> yielded = new ArrayList<>();
    CloseableIterator<ManagedFuture<?>> it = Futures.asCompleted(all, Duration.ZERO);
    assertThatThrownBy(() -> it.forEachRemaining(yielded::add))
        .isInstanceOf(FutureTimeoutException.class)
        .hasMessage("2 (of 4) futures unfinished");
    assertThat(yielded).hasSize(2);
  }
}
