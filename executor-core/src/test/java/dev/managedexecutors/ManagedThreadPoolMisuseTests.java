package dev.managedexecutors;

import static dev.managedexecutors.FutureAssertions.assertCancelled;
import static dev.managedexecutors.ParkedThreads.awaitParkedIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.managedexecutors.stats.TaskListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * What the pool does when the code plugged into it misbehaves (listeners, callbacks, decorators)
 * and when it is misused; written against public behaviour only, so that it holds for any engine.
 */
class ManagedThreadPoolMisuseTests {
  private final List<ManagedThreadPool> pools = new ArrayList<>();

  private ManagedThreadPool pool(ManagedThreadPool.Builder builder) {
    ManagedThreadPool p = builder.build();
    pools.add(p);
    return p;
  }

  @AfterEach
  void shutDownPools() throws InterruptedException {
    for (ManagedThreadPool p : pools) {
      p.shutdownNow();
      assertThat(p.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  /**
   * An Error as a meter out of memory would throw. Not an OutOfMemoryError itself: JUnit aborts the
   * whole test run when one reaches it, so a regression would hide every other result.
   */
  private static final class SimulatedError extends Error {
    private static final long serialVersionUID = 1L;

    SimulatedError(String message) {
      super(message);
    }
  }

  /** A listener whose named method throws a {@link SimulatedError}. */
  private static final class ErrorThrowingListener implements TaskListener {
    private final String failingMethod;
    final AtomicInteger calls = new AtomicInteger();

    ErrorThrowingListener(String failingMethod) {
      this.failingMethod = failingMethod;
    }

    private void maybeFail(String method) {
      if (method.equals(failingMethod)) {
        calls.incrementAndGet();
        throw new SimulatedError("meter out of memory in " + method);
      }
    }

    @Override
    public void taskStarted(long queuedNanos) {
      maybeFail("taskStarted");
    }

    @Override
    public void taskFinished(long queuedNanos, long runNanos, @Nullable Throwable failure) {
      maybeFail("taskFinished");
    }

    @Override
    public void taskRejected() {
      maybeFail("taskRejected");
    }

    @Override
    public void poolTerminated() {
      maybeFail("poolTerminated");
    }
  }

  // ------------------------------------------------------------ listener and callback failures

  @RepeatedTest(20)
  void anErrorThrownByTaskStartedIsLoggedAndTheTaskStillRunsAndFinishes() throws Exception {
    ErrorThrowingListener listener = new ErrorThrowingListener("taskStarted");
    ManagedThreadPool p = pool(ManagedThreadPool.builder("p").maxWorkers(1).listener(listener));
    try (LogCapture log = new LogCapture(ManagedThreadPool.class)) {
      ManagedFuture<String> f = p.submit(() -> "ran");
      assertThat(f.result(Duration.ofSeconds(30))).isEqualTo("ran");
      assertThat(p.submit(() -> "again").result(Duration.ofSeconds(30))).isEqualTo("again");
      assertThat(listener.calls).hasValue(2);
      assertThat(log.records)
          .anySatisfy(
              r -> {
                assertThat(r.getLevel()).isEqualTo(Level.SEVERE);
                assertThat(r.getThrown()).isInstanceOf(SimulatedError.class);
              });
    }
    p.shutdown(true);
    assertThat(p.stats().activeWorkers()).isZero();
    assertThat(p.stats().completed()).isEqualTo(2);
  }

  @RepeatedTest(20)
  void anErrorThrownByTaskFinishedLeavesTheFutureWithTheTasksOwnOutcome() {
    ErrorThrowingListener listener = new ErrorThrowingListener("taskFinished");
    ManagedThreadPool p = pool(ManagedThreadPool.builder("p").maxWorkers(1).listener(listener));
    ManagedFuture<String> ok = p.submit(() -> "ran");
    IllegalArgumentException thrown = new IllegalArgumentException("task's own");
    ManagedFuture<String> failing =
        p.submit(
            () -> {
              throw thrown;
            });
    assertThat(ok.result(Duration.ofSeconds(30))).isEqualTo("ran");
    assertThat(failing.exception(Duration.ofSeconds(30))).isSameAs(thrown);
    p.shutdown(true);
    assertThat(p.stats().activeWorkers()).isZero();
    assertThat(p.stats().completed()).isEqualTo(1);
    assertThat(p.stats().failed()).isEqualTo(1);
  }

  @RepeatedTest(20)
  void anErrorThrownByTaskRejectedDuringADiscardStillCancelsTheEvictedFutureAndSparesTheSubmitter()
      throws Exception {
    ErrorThrowingListener listener = new ErrorThrowingListener("taskRejected");
    ManagedThreadPool p =
        pool(
            ManagedThreadPool.builder("p")
                .maxWorkers(1)
                .queueCapacity(1)
                .rejection(RejectionPolicy.DISCARD_OLDEST)
                .listener(listener));
    try (Blocker blocker = new Blocker()) {
      blocker.occupy(p);
      ManagedFuture<String> oldest = p.submit(() -> "oldest");
      AtomicInteger callbacks = new AtomicInteger();
      oldest.addDoneCallback(f -> callbacks.incrementAndGet());
      CountDownLatch waiterWoke = new CountDownLatch(1);
      Thread waiter =
          new Thread(
              () -> {
                try {
                  oldest.result(); // untimed: only the cancellation can wake it
                } catch (CancellationException expected) {
                  waiterWoke.countDown();
                }
              },
              "waiter");
      waiter.setDaemon(true);
      waiter.start();
      awaitParkedIn(waiter, ManagedFuture.class, "awaitNotDone");

      ManagedFuture<String> newest = p.submit(() -> "newest"); // must not throw the Error

      assertCancelled(oldest);
      assertThat(callbacks).hasValue(1);
      assertThat(waiterWoke.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(listener.calls).hasValue(1);
      blocker.release();
      assertThat(newest.result(Duration.ofSeconds(30))).isEqualTo("newest");
    }
    assertThat(p.stats().rejected()).isEqualTo(1);
  }

  @Test
  void anErrorThrownByTaskRejectedStillRejectsTheSubmissionWithRejectedExecutionException() {
    ErrorThrowingListener listener = new ErrorThrowingListener("taskRejected");
    ManagedThreadPool p =
        pool(ManagedThreadPool.builder("p").maxWorkers(1).queueCapacity(0).listener(listener));
    try (Blocker blocker = new Blocker()) {
      blocker.occupy(p);
      assertThatThrownBy(() -> p.submit(() -> "refused"))
          .isInstanceOf(RejectedExecutionException.class);
      assertThat(listener.calls).hasValue(1);
    }
    assertThat(p.stats().rejected()).isEqualTo(1);
  }

  @Test
  void anErrorThrownByPoolTerminatedIsLoggedAndShutdownStillTerminates() throws Exception {
    ErrorThrowingListener listener = new ErrorThrowingListener("poolTerminated");
    ManagedThreadPool p = pool(ManagedThreadPool.builder("p").listener(listener));
    assertThat(p.submit(() -> "ran").result(Duration.ofSeconds(30))).isEqualTo("ran");
    try (LogCapture log = new LogCapture(ManagedThreadPool.class)) {
      p.shutdown(true); // must not throw the Error, whichever thread terminates the pool
      assertThat(p.isTerminated()).isTrue();
      await().until(() -> listener.calls.get() == 1);
      await()
          .until(() -> log.records.stream().anyMatch(r -> r.getThrown() instanceof SimulatedError));
    }
  }

  @RepeatedTest(20)
  void aDoneCallbackThrowingAnErrorIsLoggedAndLaterCallbacksWaitersAndTheWorkerCarryOn()
      throws Exception {
    ManagedThreadPool p = pool(ManagedThreadPool.builder("p").maxWorkers(1));
    CountDownLatch go = new CountDownLatch(1);
    ManagedFuture<String> f =
        p.submit(
            () -> {
              go.await();
              return "v";
            });
    AtomicInteger later = new AtomicInteger();
    f.addDoneCallback(
        x -> {
          throw new SimulatedError("callback out of memory");
        });
    f.addDoneCallback(x -> later.incrementAndGet());
    try (LogCapture log = new LogCapture(ManagedFuture.class)) {
      go.countDown();
      assertThat(f.result(Duration.ofSeconds(30))).isEqualTo("v");
      await().until(() -> later.get() == 1);
      assertThat(log.records)
          .anySatisfy(
              r -> {
                assertThat(r.getLevel()).isEqualTo(Level.SEVERE);
                assertThat(r.getThrown()).isInstanceOf(SimulatedError.class);
              });
      // A callback added now runs in this thread, and its Error is isolated the same way.
      f.addDoneCallback(
          x -> {
            throw new SimulatedError("late callback out of memory");
          });
    }
    assertThat(p.submit(() -> "next").result(Duration.ofSeconds(30))).isEqualTo("next");
    p.shutdown(true);
    assertThat(p.stats().activeWorkers()).isZero();
  }

  @RepeatedTest(20)
  void anErrorThrownByTheTaskItselfIsTheTasksOutcomeAndTheWorkerSurvives() {
    ManagedThreadPool p = pool(ManagedThreadPool.builder("p").maxWorkers(1));
    OutOfMemoryError thrown = new OutOfMemoryError("task out of memory");
    ManagedFuture<String> f =
        p.submit(
            () -> {
              throw thrown;
            });
    assertThat(f.exception(Duration.ofSeconds(30))).isSameAs(thrown);
    assertThat(p.submit(() -> Thread.currentThread().getName()).result(Duration.ofSeconds(30)))
        .isEqualTo("p-1");
    p.shutdown(true);
    assertThat(p.stats().failed()).isEqualTo(1);
    assertThat(p.stats().activeWorkers()).isZero();
  }

  // ------------------------------------------------------------ task decorators

  /** A decorator with a name that its error messages must show. */
  private static final class NamedDecorator implements UnaryOperator<Runnable> {
    private final String name;
    private final UnaryOperator<Runnable> body;

    NamedDecorator(String name, UnaryOperator<Runnable> body) {
      this.name = name;
      this.body = body;
    }

    @Override
    public Runnable apply(Runnable task) {
      return body.apply(task);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  @Test
  @SuppressWarnings("NullAway") // the decorator returns null on purpose
  void aDecoratorReturningNullIsRefusedAtSubmissionNamingItAndNothingIsAccepted() throws Exception {
    ManagedThreadPool p =
        pool(
            ManagedThreadPool.builder("p")
                .taskDecorator(new NamedDecorator("nullReturningDecorator", task -> null)));
    AtomicInteger ran = new AtomicInteger();
    List<ThrowingCallable> routes =
        List.of(
            () -> p.submit(ran::incrementAndGet),
            () -> p.submit((Runnable) ran::incrementAndGet),
            () -> p.submit(ran::incrementAndGet, "value"),
            () -> p.execute(ran::incrementAndGet),
            () -> p.invokeAll(List.of(ran::incrementAndGet)));
    for (ThrowingCallable route : routes) {
      assertThatThrownBy(route)
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("nullReturningDecorator")
          .hasMessageContaining("pool 'p'")
          .hasMessageContaining("returned null");
    }
    p.shutdown(true);
    assertThat(ran).hasValue(0);
    assertThat(p.stats().submitted()).isZero();
    assertThat(p.stats().failed()).isZero();
  }

  @RepeatedTest(20)
  void aTaskWhoseDecoratorNeverRunsItFailsSayingTheDecoratorDidNotRunIt() {
    ManagedThreadPool p =
        pool(
            ManagedThreadPool.builder("p")
                .maxWorkers(2)
                .taskDecorator(new NamedDecorator("skippingDecorator", task -> () -> {})));
    AtomicInteger ran = new AtomicInteger();
    ManagedFuture<Integer> viaCallable = p.submit(ran::incrementAndGet);
    ManagedFuture<?> viaRunnable = p.submit((Runnable) ran::incrementAndGet);
    for (ManagedFuture<?> f : List.of(viaCallable, viaRunnable)) {
      assertThat(f.exception(Duration.ofSeconds(30)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("skippingDecorator")
          .hasMessageContaining("pool 'p'")
          .hasMessageContaining("did not run the task");
    }
    assertThat(ran).hasValue(0);
    p.shutdown(true);
    assertThat(p.stats().failed()).isEqualTo(2);
    assertThat(p.stats().completed()).isZero();
  }

  @RepeatedTest(20)
  void aDecoratedTaskThatReturnsNullStillFinishesWithNull() {
    ManagedThreadPool p =
        pool(
            ManagedThreadPool.builder("p")
                .taskDecorator(new NamedDecorator("passThrough", task -> task::run)));
    ManagedFuture<@Nullable String> f = p.submit(() -> null);
    assertThat(f.result(Duration.ofSeconds(30))).isNull();
    assertThat(f).hasToString("ManagedFuture[FINISHED, returned null]");
  }

  // ------------------------------------------------------------ misuse of the pool and its futures

  @Test
  void resizeOnAShutDownPoolThrowsIllegalStateExceptionNamingThePoolAndChangesNothing()
      throws Exception {
    ManagedThreadPool p =
        pool(ManagedThreadPool.builder("orders").coreWorkers(1).maxWorkers(2).queueCapacity(5));
    p.shutdown();
    assertThatThrownBy(() -> p.resize(2, 4, 10))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("pool 'orders'")
        .hasMessageContaining("shut down");
    assertThat(p.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    assertThatThrownBy(() -> p.resize(0, 1, 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("pool 'orders'");
    assertThat(p.coreWorkers()).isEqualTo(1);
    assertThat(p.maxWorkers()).isEqualTo(2);
    assertThat(p.queueCapacity()).isEqualTo(5);
  }

  @RepeatedTest(20)
  void aPoolsOwnQueuedFuturePassedToExecuteAgainIsQueuedOnceAndItsTaskRunsOnce() {
    ManagedThreadPool p = pool(ManagedThreadPool.builder("p").maxWorkers(1));
    AtomicInteger runs = new AtomicInteger();
    ManagedFuture<Integer> f;
    try (Blocker blocker = new Blocker()) {
      blocker.occupy(p);
      f = p.submit(runs::incrementAndGet);
      // Already scheduled: run as a Runnable of its own, whose run finds the task started.
      p.execute((Runnable) f);
      assertThat(p.queueDepth()).isEqualTo(2);
    }
    assertThat(f.result(Duration.ofSeconds(30))).isEqualTo(1);
    // One worker, FIFO: once a later task is done, the re-executed one has run too.
    assertThat(p.submit(() -> "after").result(Duration.ofSeconds(30))).isEqualTo("after");
    assertThat(runs).hasValue(1);
    assertThat(p.queueDepth()).isZero();
    assertThat(p.stats().submitted()).isEqualTo(4);
  }

  @RepeatedTest(20)
  void setRunningOrNotifyCancelOnAPoolsOwnPendingFutureIsRefusedAndTheTaskStillRuns() {
    ManagedThreadPool p = pool(ManagedThreadPool.builder("p").maxWorkers(1));
    ManagedFuture<String> f;
    try (Blocker blocker = new Blocker()) {
      blocker.occupy(p);
      f = p.submit(() -> "own");
      ManagedFuture<String> queued = f;
      assertThatThrownBy(queued::setRunningOrNotifyCancel)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("pool 'p'");
      assertThat(f.running()).isFalse();
      assertThat(f.done()).isFalse();
    }
    assertThat(f.result(Duration.ofSeconds(30))).isEqualTo("own");
  }

  @RepeatedTest(20)
  void setResultAndSetExceptionOnAPoolsOwnFutureAreRefusedAndTheTaskKeepsItsOwnOutcome()
      throws Exception {
    ManagedThreadPool p = pool(ManagedThreadPool.builder("p").maxWorkers(1));
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch go = new CountDownLatch(1);
    ManagedFuture<String> running =
        p.submit(
            () -> {
              started.countDown();
              go.await();
              return "running's own";
            });
    ManagedFuture<String> pending = p.submit(() -> "pending's own");
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
    for (ManagedFuture<String> f : List.of(running, pending)) {
      assertThatThrownBy(() -> f.setResult("user's"))
          .isInstanceOf(IllegalStateException.class)
          .isNotInstanceOf(InvalidStateException.class)
          .hasMessageContaining("pool 'p'");
      assertThatThrownBy(() -> f.setException(new IllegalArgumentException("user's")))
          .isInstanceOf(IllegalStateException.class)
          .isNotInstanceOf(InvalidStateException.class)
          .hasMessageContaining("pool 'p'");
    }
    go.countDown();
    assertThat(running.result(Duration.ofSeconds(30))).isEqualTo("running's own");
    assertThat(pending.result(Duration.ofSeconds(30))).isEqualTo("pending's own");
    // Done: the answers of any future (SPEC A1.8).
    assertThatThrownBy(() -> running.setResult("late")).isInstanceOf(InvalidStateException.class);
    assertThatThrownBy(running::setRunningOrNotifyCancel).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void setRunningOrNotifyCancelOnAPoolsOwnCancelledFutureStillReportsTheCancellation() {
    ManagedThreadPool p = pool(ManagedThreadPool.builder("p").maxWorkers(1));
    try (Blocker blocker = new Blocker()) {
      blocker.occupy(p);
      ManagedFuture<String> f = p.submit(() -> "never");
      assertThat(f.cancel()).isTrue();
      assertThat(f.setRunningOrNotifyCancel()).isFalse();
      assertCancelled(f);
    }
  }
}
