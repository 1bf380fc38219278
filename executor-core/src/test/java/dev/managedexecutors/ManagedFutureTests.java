package dev.managedexecutors;

import static dev.managedexecutors.FutureAssertions.assertCancelled;
import static dev.managedexecutors.FutureAssertions.assertFailedWith;
import static dev.managedexecutors.FutureAssertions.assertFinishedWith;
import static dev.managedexecutors.FutureAssertions.assertPending;
import static dev.managedexecutors.FutureAssertions.assertRunning;
import static dev.managedexecutors.ParkedThreads.awaitParkedIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

class ManagedFutureTests {

  // ------------------------------------------------------------ states and transitions (A1.1-3,
  // A1.8)

  @Test
  void newFutureIsPending() {
    assertPending(new ManagedFuture<String>());
  }

  @Test
  void setRunningOrNotifyCancelMovesPendingToRunning() {
    ManagedFuture<String> f = new ManagedFuture<>();
    assertThat(f.setRunningOrNotifyCancel()).isTrue();
    assertRunning(f);
  }

  @Test
  void setRunningOrNotifyCancelOnCancelledFutureReturnsFalse() {
    ManagedFuture<String> f = new ManagedFuture<>();
    f.cancel();
    assertThat(f.setRunningOrNotifyCancel()).isFalse();
    assertCancelled(f);
  }

  @Test
  void setRunningOrNotifyCancelInAnyOtherStateThrowsIllegalStateException() {
    ManagedFuture<String> running = new ManagedFuture<>();
    running.setRunningOrNotifyCancel();
    assertThatThrownBy(running::setRunningOrNotifyCancel)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("RUNNING");
    ManagedFuture<String> finished = ManagedFuture.completed("x");
    assertThatThrownBy(finished::setRunningOrNotifyCancel)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("FINISHED");
  }

  @Test
  void cancelWhenPendingCancelsAndReturnsTrue() throws Exception {
    ManagedFuture<String> f = new ManagedFuture<>();
    assertThat(f.cancel()).isTrue();
    assertCancelled(f);
  }

  @Test
  void cancelWhenAlreadyCancelledReturnsTrue() {
    ManagedFuture<String> f = new ManagedFuture<>();
    f.cancel();
    assertThat(f.cancel()).isTrue();
    assertThat(f.cancel(true)).isTrue();
    assertCancelled(f);
  }

  @Test
  void cancelWhenRunningReturnsFalseAndChangesNothing() {
    ManagedFuture<String> f = new ManagedFuture<>();
    f.setRunningOrNotifyCancel();
    assertThat(f.cancel()).isFalse();
    assertThat(f.cancel(true)).isFalse();
    assertRunning(f);
  }

  @Test
  void cancelWhenFinishedReturnsFalseAndChangesNothing() throws Exception {
    ManagedFuture<String> f = ManagedFuture.completed("done");
    assertThat(f.cancel()).isFalse();
    assertThat(f.cancel(true)).isFalse();
    assertFinishedWith(f, "done");
  }

  @Test
  void cancelWakesEveryKindOfWaiterAtOnceByItself() throws Exception {
    ManagedFuture<String> f = new ManagedFuture<>();
    int waiters = 4;
    CountDownLatch ready = new CountDownLatch(waiters);
    List<Throwable> seen = new CopyOnWriteArrayList<>();
    List<Thread> threads =
        List.of(
            waiter(ready, seen, () -> f.result()),
            waiter(ready, seen, () -> f.exception(Duration.ofMinutes(1))),
            waiter(ready, seen, () -> f.get()),
            waiter(ready, seen, () -> Futures.wait(List.of(f))));
    threads.forEach(Thread::start);
    ready.await();
    for (Thread t : threads.subList(0, 3)) {
      awaitParkedIn(t, ManagedFuture.class, "awaitNotDone");
    }
    awaitParkedIn(threads.get(3), "dev.managedexecutors.Futures$Collector", "park");

    f.cancel(); // nothing else happens after this: no executor notices it

    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(10));
      assertThat(t.isAlive()).as("%s still waiting", t.getName()).isFalse();
    }
    assertThat(seen).hasSize(3).allMatch(e -> e instanceof CancellationException);
  }

  private static Thread waiter(CountDownLatch ready, List<Throwable> seen, ThrowingRunnable body) {
    return new Thread(
        () -> {
          ready.countDown();
          try {
            body.run();
          } catch (Throwable e) {
            seen.add(e);
          }
        });
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  // ------------------------------------------------------------ result and exception (A1.4, A1.5)

  @Test
  void resultReturnsTheValueAndNullIsAValue() throws Exception {
    assertFinishedWith(ManagedFuture.completed("v"), "v");
    assertFinishedWith(ManagedFuture.completed(null), null);
  }

  @Test
  void resultWhenTaskFailedThrowsTaskFailedExceptionWithTheSameCause() {
    IOException boom = new IOException("boom");
    assertFailedWith(ManagedFuture.failed(boom), boom);
  }

  @Test
  void resultWhenCancelledThrowsCancellationException() {
    ManagedFuture<String> f = new ManagedFuture<>();
    f.cancel();
    assertThatThrownBy(f::result).isInstanceOf(CancellationException.class);
    assertThatThrownBy(() -> f.result(Duration.ofSeconds(1)))
        .isInstanceOf(CancellationException.class);
  }

  @Test
  void resultWithTimeoutWhenNotDoneThrowsFutureTimeoutExceptionNamingTheDuration() {
    ManagedFuture<String> f = new ManagedFuture<>();
    assertThatThrownBy(() -> f.result(Duration.ofMillis(30)))
        .isInstanceOf(FutureTimeoutException.class)
        .hasMessageContaining("30 ms");
    assertThatThrownBy(() -> f.exception(Duration.ofMillis(1500)))
        .isInstanceOf(FutureTimeoutException.class)
        .hasMessageContaining("1.5 s");
    assertPending(f);
  }

  @Test
  void resultWithZeroOrNegativeTimeoutPollsWithoutWaiting() throws Exception {
    ManagedFuture<String> f = new ManagedFuture<>();
    assertThatThrownBy(() -> f.result(Duration.ZERO)).isInstanceOf(FutureTimeoutException.class);
    assertThatThrownBy(() -> f.result(Duration.ofSeconds(-5)))
        .isInstanceOf(FutureTimeoutException.class)
        .hasMessageContaining("polled");
    f.setResult("now");
    assertThat(f.result(Duration.ofSeconds(-5))).isEqualTo("now");
  }

  @Test
  void resultWaitsUntilAnotherThreadSetsTheResult() throws Exception {
    ManagedFuture<String> f = new ManagedFuture<>();
    Thread setter = new Thread(() -> f.setResult("later"));
    setter.start();
    assertThat(f.result()).isEqualTo("later");
    setter.join();
  }

  @Test
  void resultWhenInterruptedRestoresTheFlagAndThrowsNamingTheInterruption() throws Exception {
    ManagedFuture<String> f = new ManagedFuture<>();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicReference<Boolean> flagAfter = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              try {
                f.result();
              } catch (Throwable e) {
                thrown.set(e);
                flagAfter.set(Thread.currentThread().isInterrupted());
              }
            });
    t.start();
    awaitParkedIn(t, ManagedFuture.class, "awaitNotDone");
    t.interrupt();
    t.join();
    assertThat(thrown.get())
        .isInstanceOf(WaitInterruptedException.class)
        .hasMessageContaining("interrupted")
        .hasCauseInstanceOf(InterruptedException.class);
    assertThat(flagAfter.get()).isTrue();
    assertPending(f);
  }

  @Test
  void exceptionReturnsNullWhenTheTaskReturnedNormally() {
    assertThat(ManagedFuture.completed("ok").exception()).isNull();
  }

  // ------------------------------------------------------------ JDK contract (A1.6)

  @Test
  void getKeepsTheJdkContract() {
    IllegalStateException boom = new IllegalStateException("boom");
    assertThatThrownBy(() -> ManagedFuture.failed(boom).get())
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isSameAs(boom);
    assertThatThrownBy(() -> new ManagedFuture<>().get(10, TimeUnit.MILLISECONDS))
        .isInstanceOf(java.util.concurrent.TimeoutException.class);
    ManagedFuture<String> cancelled = new ManagedFuture<>();
    cancelled.cancel();
    assertThatThrownBy(cancelled::get).isInstanceOf(CancellationException.class);
  }

  @Test
  void getWhenInterruptedThrowsInterruptedException() throws Exception {
    ManagedFuture<String> f = new ManagedFuture<>();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              try {
                f.get();
              } catch (Throwable e) {
                thrown.set(e);
              }
            });
    t.start();
    awaitParkedIn(t, ManagedFuture.class, "awaitNotDone");
    t.interrupt();
    t.join();
    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
  }

  // ------------------------------------------------------------ done-callbacks (A1.7)

  @Test
  void callbacksRunOnceInTheOrderAddedInTheCompletingThread() {
    ManagedFuture<String> f = new ManagedFuture<>();
    List<String> calls = new CopyOnWriteArrayList<>();
    f.addDoneCallback(x -> calls.add("first@" + Thread.currentThread().getName()));
    f.addDoneCallback(x -> calls.add("second@" + Thread.currentThread().getName()));
    f.addDoneCallback(x -> calls.add("third@" + Thread.currentThread().getName()));
    Thread completer = new Thread(() -> f.setResult("v"), "completer");
    completer.start();
    f.result();
    await().until(() -> calls.size() == 3);
    assertThat(calls).containsExactly("first@completer", "second@completer", "third@completer");
  }

  @Test
  void callbackOnDoneFutureRunsImmediatelyInTheCallingThread() {
    ManagedFuture<String> f = ManagedFuture.completed("v");
    AtomicReference<Thread> ranIn = new AtomicReference<>();
    f.addDoneCallback(x -> ranIn.set(Thread.currentThread()));
    assertThat(ranIn.get()).isSameAs(Thread.currentThread());
  }

  @Test
  void callbackReceivesTheFutureItself() {
    ManagedFuture<String> f = new ManagedFuture<>();
    AtomicReference<ManagedFuture<String>> got = new AtomicReference<>();
    f.addDoneCallback(got::set);
    f.cancel();
    assertThat(got.get()).isSameAs(f);
  }

  @Test
  void callbackThatThrowsIsLoggedAtWarningAndLaterCallbacksStillRun() {
    ManagedFuture<String> f = new ManagedFuture<>();
    List<String> calls = new CopyOnWriteArrayList<>();
    RuntimeException boom = new RuntimeException("callback boom");
    try (LogCapture log = new LogCapture(ManagedFuture.class)) {
      f.addDoneCallback(x -> calls.add("before"));
      f.addDoneCallback(
          x -> {
            throw boom;
          });
      f.addDoneCallback(x -> calls.add("after"));
      f.setResult("v");
      assertThat(calls).containsExactly("before", "after");
      assertThat(log.records)
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.getLevel()).isEqualTo(Level.WARNING);
                assertThat(r.getThrown()).isSameAs(boom);
                assertThat(r.getMessage()).contains("ManagedFuture[FINISHED", "done-callback");
              });
    }
    assertThat(f.result()).isEqualTo("v");
  }

  @Test
  void callbackMayAddCallbacksAndBlockOnOtherFuturesWithoutDeadlock() throws Exception {
    ManagedFuture<String> f = new ManagedFuture<>();
    ManagedFuture<String> other = new ManagedFuture<>();
    List<String> calls = new CopyOnWriteArrayList<>();
    f.addDoneCallback(
        x -> {
          x.addDoneCallback(y -> calls.add("nested"));
          calls.add("blocked-on-other:" + other.result(Duration.ofSeconds(10)));
        });
    Thread completer = new Thread(() -> f.setResult("v"));
    completer.start();
    // The completer runs f's callback, which waits on other: parked on other, not on f.
    awaitParkedIn(completer, ManagedFuture.class, "awaitNotDone");
    assertThat(java.util.concurrent.locks.LockSupport.getBlocker(completer)).isSameAs(other);
    assertThat(f.result()).isEqualTo("v"); // f is done and readable while its callback blocks
    other.setResult("o");
    completer.join();
    assertThat(calls).containsExactly("nested", "blocked-on-other:o");
  }

  // ------------------------------------------------------------ setResult/setException (A1.8)

  @Test
  void setResultOrSetExceptionOnADoneFutureThrowsInvalidStateException() {
    ManagedFuture<String> f = ManagedFuture.completed("v");
    assertThatThrownBy(() -> f.setResult("again"))
        .isInstanceOf(InvalidStateException.class)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already done");
    assertThatThrownBy(() -> f.setException(new IOException()))
        .isInstanceOf(InvalidStateException.class);
    ManagedFuture<String> cancelled = new ManagedFuture<>();
    cancelled.cancel();
    assertThatThrownBy(() -> cancelled.setException(new IOException()))
        .isInstanceOf(InvalidStateException.class);
  }

  @Test
  void setExceptionWithNullThrowsNullPointerExceptionNamingTheArgument() {
    assertThatThrownBy(() -> new ManagedFuture<String>().setException(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("failure");
    assertThatThrownBy(() -> new ManagedFuture<String>().addDoneCallback(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("fn");
    assertThatThrownBy(() -> new ManagedFuture<String>().result(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("timeout");
  }

  // ------------------------------------------------------------ interop (A1.9)

  @Test
  void toCompletableFutureCompletesWithTheSameOutcome() throws Exception {
    ManagedFuture<String> ok = new ManagedFuture<>();
    CompletableFuture<String> okCf = ok.toCompletableFuture();
    assertThat(okCf).isNotDone();
    ok.setResult("v");
    assertThat(okCf.get()).isEqualTo("v");

    IOException boom = new IOException();
    CompletableFuture<String> failedCf = ManagedFuture.<String>failed(boom).toCompletableFuture();
    assertThatThrownBy(failedCf::get).cause().isSameAs(boom);

    ManagedFuture<String> cancelled = new ManagedFuture<>();
    CompletableFuture<String> cancelledCf = cancelled.toCompletableFuture();
    cancelled.cancel();
    assertThat(cancelledCf).isCancelled();
  }

  @Test
  void completingOrCancellingTheCompletableFutureDoesNotChangeTheFuture() {
    ManagedFuture<String> f = new ManagedFuture<>();
    f.toCompletableFuture().cancel(true);
    f.toCompletableFuture().complete("sneaky");
    f.toCompletableFuture().completeExceptionally(new IOException());
    assertPending(f);
  }

  // ------------------------------------------------------------ memory effects (A1.10)

  @Test
  void writesBeforeSetResultAreVisibleToResult() throws Exception {
    for (int i = 0; i < 2_000; i++) {
      ManagedFuture<String> f = new ManagedFuture<>();
      int[] plain = new int[1]; // deliberately not volatile
      int expected = i;
      Thread writer =
          new Thread(
              () -> {
                plain[0] = expected;
                f.setResult("published");
              });
      writer.start();
      f.result();
      assertThat(plain[0]).isEqualTo(expected);
      writer.join();
    }
  }

  /** Written by one thread, read by another, with no synchronisation of its own. */
  private static final class Plain {
    int beforeSet;
    int beforeAdd;
  }

  /**
   * A callback is added by one thread while another completes the future: whichever thread runs it
   * (the completer, or the adder when the future is already done) must see the completer's plain
   * write before setResult, the adder's plain write before addDoneCallback, and a done future.
   * Neither write is in the thread that runs the callback on one of the two paths.
   */
  @Test
  void writesBeforeSetResultAndBeforeAddDoneCallbackAreVisibleToTheCallbackWhereverItRuns()
      throws Exception {
    int rounds = 5_000;
    for (int i = 0; i < rounds; i++) {
      ManagedFuture<String> f = new ManagedFuture<>();
      Plain plain = new Plain();
      int expected = i + 1;
      java.util.concurrent.CyclicBarrier go = new java.util.concurrent.CyclicBarrier(2);
      AtomicReference<String> seen = new AtomicReference<>();
      AtomicReference<Thread> ranIn = new AtomicReference<>();
      Thread completer =
          new Thread(
              () -> {
                awaitQuietly(go);
                plain.beforeSet = expected;
                f.setResult("published");
              });
      Thread adder =
          new Thread(
              () -> {
                awaitQuietly(go);
                plain.beforeAdd = expected;
                f.addDoneCallback(
                    x -> {
                      String outcome;
                      try {
                        outcome = x.result(Duration.ZERO);
                      } catch (RuntimeException e) {
                        outcome = e.toString();
                      }
                      ranIn.set(Thread.currentThread());
                      seen.set(plain.beforeSet + "/" + plain.beforeAdd + "/" + outcome);
                    });
              });
      completer.start();
      adder.start();
      completer.join(TimeUnit.SECONDS.toMillis(30));
      adder.join(TimeUnit.SECONDS.toMillis(30));
      assertThat(completer.isAlive() || adder.isAlive()).as("round %d: stuck", i).isFalse();
      assertThat(seen.get())
          .as("round %d: beforeSet/beforeAdd/result seen by the callback", i)
          .isEqualTo(expected + "/" + expected + "/published");
      assertThat(ranIn.get()).as("round %d: ran in", i).isIn(completer, adder);
    }
  }

  // ------------------------------------------------------------ toString (A1.11)

  @Test
  void toStringNamesTheStateAndWhatAFinishedFutureHolds() {
    ManagedFuture<String> f = new ManagedFuture<>();
    assertThat(f).hasToString("ManagedFuture[PENDING]");
    f.setRunningOrNotifyCancel();
    assertThat(f).hasToString("ManagedFuture[RUNNING]");
    f.setException(new IOException());
    assertThat(f).hasToString("ManagedFuture[FINISHED, raised java.io.IOException]");
    assertThat(ManagedFuture.completed(42))
        .hasToString("ManagedFuture[FINISHED, returned java.lang.Integer]");
    ManagedFuture<String> c = new ManagedFuture<>();
    c.cancel();
    assertThat(c).hasToString("ManagedFuture[CANCELLED]");
  }

  // ------------------------------------------------------------ no garbage from waiting

  @Test
  void timedOutWaitersAndFinishedWaitsLeaveNothingRegistered() {
    ManagedFuture<String> f = new ManagedFuture<>();
    for (int i = 0; i < 100; i++) {
      assertThatThrownBy(() -> f.result(Duration.ofNanos(1000)))
          .isInstanceOf(FutureTimeoutException.class);
      Futures.wait(List.of(f), Duration.ofNanos(1000), ReturnWhen.ALL_COMPLETED);
      Futures.asCompleted(List.of(f), Duration.ZERO).close();
    }
    assertThat(f.registrationCount()).isZero();
    f.addDoneCallback(x -> {});
    assertThat(f.registrationCount()).isEqualTo(1);
  }

  @Test
  void aWaiterNeverRunsADoneCallbackAddedByAnotherThread() throws Exception {
    for (int round = 0; round < 500; round++) {
      ManagedFuture<String> f = new ManagedFuture<>();
      AtomicReference<Thread> ranIn = new AtomicReference<>();
      java.util.concurrent.CyclicBarrier go = new java.util.concurrent.CyclicBarrier(3);
      Thread waiter =
          new Thread(
              () -> {
                awaitQuietly(go);
                f.result();
              });
      Thread adder =
          new Thread(
              () -> {
                awaitQuietly(go);
                f.addDoneCallback(x -> ranIn.set(Thread.currentThread()));
              });
      waiter.start();
      adder.start();
      go.await(10, TimeUnit.SECONDS);
      f.setResult("done");
      waiter.join(10_000);
      adder.join(10_000);
      assertThat(ranIn.get()).as("round %d", round).isNotNull().isNotSameAs(waiter);
    }
  }

  private static void awaitQuietly(java.util.concurrent.CyclicBarrier barrier) {
    try {
      barrier.await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
