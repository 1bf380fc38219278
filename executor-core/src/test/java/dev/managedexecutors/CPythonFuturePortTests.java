package dev.managedexecutors;

import static dev.managedexecutors.FutureAssertions.assertCancelled;
import static dev.managedexecutors.FutureAssertions.assertFailedWith;
import static dev.managedexecutors.FutureAssertions.assertFinishedWith;
import static dev.managedexecutors.FutureAssertions.assertPending;
import static dev.managedexecutors.FutureAssertions.assertRunning;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/**
 * Our port of CPython's {@code Lib/test/test_concurrent_futures/test_future.py} (class {@code
 * FutureTests}) to {@link ManagedFuture}. Each test names the CPython case it follows. Where
 * CPython sleeps to let the main thread start waiting, we wait until that thread is parked inside
 * {@code result}/{@code exception} instead.
 */
class CPythonFuturePortTests {
  private static final Duration LONG = Duration.ofSeconds(30);

  // The six futures of CPython's util.py, one per state, built through the public API.

  static ManagedFuture<Integer> pendingFuture() {
    return new ManagedFuture<>();
  }

  static ManagedFuture<Integer> runningFuture() {
    ManagedFuture<Integer> f = new ManagedFuture<>();
    assertThat(f.setRunningOrNotifyCancel()).isTrue();
    return f;
  }

  static ManagedFuture<Integer> cancelledFuture() {
    ManagedFuture<Integer> f = new ManagedFuture<>();
    assertThat(f.cancel()).isTrue();
    return f;
  }

  /** CPython's CANCELLED_AND_NOTIFIED: cancelled, then seen by the executor. */
  static ManagedFuture<Integer> cancelledAndNotifiedFuture() {
    ManagedFuture<Integer> f = cancelledFuture();
    assertThat(f.setRunningOrNotifyCancel()).isFalse();
    return f;
  }

  static final IOException FAILURE = new IOException("util.py's OSError");

  static ManagedFuture<Integer> exceptionFuture() {
    return ManagedFuture.failed(FAILURE);
  }

  static ManagedFuture<Integer> successfulFuture() {
    return ManagedFuture.completed(42);
  }

  // CPython: test_done_callback_with_result
  @Test
  void doneCallbackSeesTheResultSetAfterItWasAdded() {
    AtomicReference<Integer> seen = new AtomicReference<>();
    ManagedFuture<Integer> f = new ManagedFuture<>();
    f.addDoneCallback(cf -> seen.set(cf.result()));
    f.setResult(5);
    assertThat(seen.get()).isEqualTo(5);
  }

  // CPython: test_done_callback_with_exception
  @Test
  void doneCallbackSeesTheExceptionSetAfterItWasAdded() {
    AtomicReference<Throwable> seen = new AtomicReference<>();
    ManagedFuture<Integer> f = new ManagedFuture<>();
    f.addDoneCallback(cf -> seen.set(cf.exception()));
    Exception failure = new Exception("test");
    f.setException(failure);
    assertThat(seen.get()).isSameAs(failure).hasMessage("test");
  }

  // CPython: test_done_callback_with_cancel
  @Test
  void doneCallbackSeesTheCancellation() {
    AtomicReference<Boolean> wasCancelled = new AtomicReference<>();
    ManagedFuture<Integer> f = new ManagedFuture<>();
    f.addDoneCallback(cf -> wasCancelled.set(cf.cancelled()));
    assertThat(f.cancel()).isTrue();
    assertThat(wasCancelled.get()).isTrue();
  }

  // CPython: test_done_callback_raises
  @Test
  void aRaisingDoneCallbackIsLoggedAndTheNextOneStillRuns() {
    List<String> calls = new ArrayList<>();
    ManagedFuture<Integer> f = new ManagedFuture<>();
    IllegalStateException doh = new IllegalStateException("doh!");
    f.addDoneCallback(
        cf -> {
          calls.add("raising");
          throw doh;
        });
    f.addDoneCallback(cf -> calls.add("plain"));
    try (LogCapture log = new LogCapture(ManagedFuture.class)) {
      f.setResult(5);
      assertThat(calls).containsExactly("raising", "plain");
      assertLoggedWithStackTrace(log, doh);
    }
    assertThat(f.result()).isEqualTo(5);
  }

  // CPython: test_done_callback_already_successful
  @Test
  void doneCallbackAddedToASuccessfulFutureRunsAtOnceWithItsResult() {
    AtomicReference<Integer> seen = new AtomicReference<>();
    ManagedFuture<Integer> f = new ManagedFuture<>();
    f.setResult(5);
    f.addDoneCallback(cf -> seen.set(cf.result()));
    assertThat(seen.get()).isEqualTo(5);
  }

  // CPython: test_done_callback_already_failed
  @Test
  void doneCallbackAddedToAFailedFutureRunsAtOnceWithItsException() {
    AtomicReference<Throwable> seen = new AtomicReference<>();
    ManagedFuture<Integer> f = new ManagedFuture<>();
    Exception failure = new Exception("test");
    f.setException(failure);
    f.addDoneCallback(cf -> seen.set(cf.exception()));
    assertThat(seen.get()).isSameAs(failure);
  }

  // CPython: test_done_callback_already_cancelled
  @Test
  void doneCallbackAddedToACancelledFutureRunsAtOnce() {
    AtomicReference<Boolean> wasCancelled = new AtomicReference<>();
    ManagedFuture<Integer> f = new ManagedFuture<>();
    assertThat(f.cancel()).isTrue();
    f.addDoneCallback(cf -> wasCancelled.set(cf.cancelled()));
    assertThat(wasCancelled.get()).isTrue();
  }

  // CPython: test_done_callback_raises_already_succeeded
  @Test
  void aRaisingCallbackAddedToADoneFutureIsLoggedNotThrownToTheCaller() {
    ManagedFuture<Integer> f = new ManagedFuture<>();
    f.setResult(5);
    IllegalStateException doh = new IllegalStateException("doh!");
    try (LogCapture log = new LogCapture(ManagedFuture.class)) {
      f.addDoneCallback(
          cf -> {
            throw doh;
          });
      assertLoggedWithStackTrace(log, doh);
    }
  }

  private static void assertLoggedWithStackTrace(LogCapture log, Throwable thrown) {
    assertThat(log.records)
        .anySatisfy(
            (LogRecord r) -> {
              assertThat(r.getLevel().intValue()).isGreaterThanOrEqualTo(Level.WARNING.intValue());
              assertThat(r.getThrown()).isSameAs(thrown);
            });
  }

  // CPython: test_repr (SPEC A1.11 fixes our format: state, then what a finished future holds)
  @Test
  void toStringNamesTheStateAndWhatAFinishedFutureHolds() {
    assertThat(pendingFuture()).hasToString("ManagedFuture[PENDING]");
    assertThat(runningFuture()).hasToString("ManagedFuture[RUNNING]");
    assertThat(cancelledFuture()).hasToString("ManagedFuture[CANCELLED]");
    assertThat(cancelledAndNotifiedFuture()).hasToString("ManagedFuture[CANCELLED]");
    assertThat(exceptionFuture())
        .hasToString("ManagedFuture[FINISHED, raised java.io.IOException]");
    assertThat(successfulFuture().toString()).startsWith("ManagedFuture[FINISHED, returned ");
  }

  // CPython: test_class_str has no Java counterpart; the type names are fixed by the compiler.
  // The mapping of CPython's exception types is checked instead.
  @Test
  void pythonsExceptionTypesMapToTheirJavaCounterparts() {
    assertThat(IllegalStateException.class).isAssignableFrom(InvalidStateException.class);
    assertThat(java.util.concurrent.RejectedExecutionException.class)
        .isAssignableFrom(BrokenExecutorException.class);
    assertThat(RuntimeException.class).isAssignableFrom(FutureTimeoutException.class);
  }

  // CPython: test_cancel
  @Test
  void cancelSucceedsOnlyOnPendingOrAlreadyCancelledFutures() throws Exception {
    ManagedFuture<Integer> f1 = pendingFuture();
    ManagedFuture<Integer> f2 = runningFuture();
    ManagedFuture<Integer> f3 = cancelledFuture();
    ManagedFuture<Integer> f4 = cancelledAndNotifiedFuture();
    ManagedFuture<Integer> f5 = exceptionFuture();
    ManagedFuture<Integer> f6 = successfulFuture();

    assertThat(f1.cancel()).isTrue();
    assertCancelled(f1);
    assertThat(f2.cancel()).isFalse();
    assertRunning(f2);
    assertThat(f3.cancel()).isTrue();
    assertCancelled(f3);
    assertThat(f4.cancel()).isTrue();
    assertCancelled(f4);
    assertThat(f5.cancel()).isFalse();
    assertFailedWith(f5, FAILURE);
    assertThat(f6.cancel()).isFalse();
    assertFinishedWith(f6, 42);
  }

  // CPython: test_cancelled
  @Test
  void cancelledIsTrueOnlyForCancelledFutures() {
    assertThat(pendingFuture().cancelled()).isFalse();
    assertThat(runningFuture().cancelled()).isFalse();
    assertThat(cancelledFuture().cancelled()).isTrue();
    assertThat(cancelledAndNotifiedFuture().cancelled()).isTrue();
    assertThat(exceptionFuture().cancelled()).isFalse();
    assertThat(successfulFuture().cancelled()).isFalse();
  }

  // CPython: test_done
  @Test
  void doneIsTrueForCancelledAndFinishedFutures() {
    assertThat(pendingFuture().done()).isFalse();
    assertThat(runningFuture().done()).isFalse();
    assertThat(cancelledFuture().done()).isTrue();
    assertThat(cancelledAndNotifiedFuture().done()).isTrue();
    assertThat(exceptionFuture().done()).isTrue();
    assertThat(successfulFuture().done()).isTrue();
  }

  // CPython: test_running
  @Test
  void runningIsTrueOnlyForARunningFuture() {
    assertThat(pendingFuture().running()).isFalse();
    assertThat(runningFuture().running()).isTrue();
    assertThat(cancelledFuture().running()).isFalse();
    assertThat(cancelledAndNotifiedFuture().running()).isFalse();
    assertThat(exceptionFuture().running()).isFalse();
    assertThat(successfulFuture().running()).isFalse();
  }

  // CPython: test_result_with_timeout
  @Test
  void resultWithAZeroTimeoutReportsEachStateWithoutWaiting() {
    assertThatThrownBy(() -> pendingFuture().result(Duration.ZERO))
        .isInstanceOf(FutureTimeoutException.class);
    assertThatThrownBy(() -> runningFuture().result(Duration.ZERO))
        .isInstanceOf(FutureTimeoutException.class);
    assertThatThrownBy(() -> cancelledFuture().result(Duration.ZERO))
        .isInstanceOf(CancellationException.class);
    assertThatThrownBy(() -> cancelledAndNotifiedFuture().result(Duration.ZERO))
        .isInstanceOf(CancellationException.class);
    assertThatThrownBy(() -> exceptionFuture().result(Duration.ZERO))
        .isInstanceOf(TaskFailedException.class)
        .cause()
        .isSameAs(FAILURE);
    assertThat(successfulFuture().result(Duration.ZERO)).isEqualTo(42);
  }

  // CPython: test_result_with_success
  @Test
  void resultWakesWithTheValueSetWhileItWaits() throws Exception {
    for (int i = 0; i < 20; i++) {
      ManagedFuture<Integer> f = pendingFuture();
      Thread waiter = Thread.currentThread();
      Thread setter =
          new Thread(
              () -> {
                ParkedThreads.awaitParkedIn(waiter, ManagedFuture.class, "result");
                f.setResult(42);
              });
      setter.start();
      assertThat(f.result(LONG)).isEqualTo(42);
      setter.join();
    }
  }

  // CPython: test_result_with_cancel
  @Test
  void resultWakesWithCancellationWhenCancelledWhileItWaits() throws Exception {
    for (int i = 0; i < 20; i++) {
      ManagedFuture<Integer> f = pendingFuture();
      Thread waiter = Thread.currentThread();
      Thread canceller =
          new Thread(
              () -> {
                ParkedThreads.awaitParkedIn(waiter, ManagedFuture.class, "result");
                f.cancel();
              });
      canceller.start();
      assertThatThrownBy(() -> f.result(LONG)).isInstanceOf(CancellationException.class);
      canceller.join();
    }
  }

  // CPython: test_exception_with_timeout
  @Test
  void exceptionWithAZeroTimeoutReportsEachStateWithoutWaiting() {
    assertThatThrownBy(() -> pendingFuture().exception(Duration.ZERO))
        .isInstanceOf(FutureTimeoutException.class);
    assertThatThrownBy(() -> runningFuture().exception(Duration.ZERO))
        .isInstanceOf(FutureTimeoutException.class);
    assertThatThrownBy(() -> cancelledFuture().exception(Duration.ZERO))
        .isInstanceOf(CancellationException.class);
    assertThatThrownBy(() -> cancelledAndNotifiedFuture().exception(Duration.ZERO))
        .isInstanceOf(CancellationException.class);
    assertThat(exceptionFuture().exception(Duration.ZERO)).isSameAs(FAILURE);
    assertThat(successfulFuture().exception(Duration.ZERO)).isNull();
  }

  // CPython: test_exception_with_success
  @Test
  void exceptionWakesWithTheFailureSetWhileItWaits() throws Exception {
    for (int i = 0; i < 20; i++) {
      ManagedFuture<Integer> f = pendingFuture();
      IOException failure = new IOException();
      Thread waiter = Thread.currentThread();
      Thread setter =
          new Thread(
              () -> {
                ParkedThreads.awaitParkedIn(waiter, ManagedFuture.class, "exception");
                f.setException(failure);
              });
      setter.start();
      assertThat(f.exception(LONG)).isSameAs(failure);
      setter.join();
    }
  }

  // CPython: test_multiple_set_result
  @Test
  void aSecondSetResultIsRejectedNamingTheStateAndTheFirstResultStays() {
    ManagedFuture<Integer> f = pendingFuture();
    f.setResult(1);
    assertThatThrownBy(() -> f.setResult(2))
        .isInstanceOf(InvalidStateException.class)
        .hasMessageContaining("FINISHED");
    assertThat(f.done()).isTrue();
    assertThat(f.result()).isEqualTo(1);
  }

  // CPython: test_multiple_set_exception
  @Test
  void aSecondSetExceptionIsRejectedNamingTheStateAndTheFirstExceptionStays() {
    ManagedFuture<Integer> f = pendingFuture();
    IllegalArgumentException first = new IllegalArgumentException();
    f.setException(first);
    assertThatThrownBy(() -> f.setException(new Exception()))
        .isInstanceOf(InvalidStateException.class)
        .hasMessageContaining("FINISHED");
    assertThat(f.exception()).isSameAs(first);
  }

  // CPython: test_get_snapshot reads a private helper; its public counterpart is that every reader
  // of a done future agrees, from several threads at once.
  @Test
  void everyThreadReadsTheSameOutcomeOfAFinishedFuture() throws Exception {
    ManagedFuture<Integer> f = pendingFuture();
    f.setResult(100);
    List<Thread> threads = new ArrayList<>();
    List<Throwable> problems = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int t = 0; t < 4; t++) {
      Thread thread =
          new Thread(
              () -> {
                try {
                  for (int i = 0; i < 1000; i++) {
                    assertFinishedWith(f, 100);
                  }
                } catch (Throwable e) {
                  problems.add(e);
                }
              });
      threads.add(thread);
      thread.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(problems).isEmpty();
    assertPending(pendingFuture());
  }
}
