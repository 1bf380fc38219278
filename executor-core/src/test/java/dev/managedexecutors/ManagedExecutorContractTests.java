package dev.managedexecutors;

import static dev.managedexecutors.FutureAssertions.assertFailedWith;
import static dev.managedexecutors.FutureAssertions.assertFinishedWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The executor contract of SPEC A2, run against every executor variant. Subclasses say how to build
 * an executor with a given name and maximum number of workers.
 */
abstract class ManagedExecutorContractTests {
  private final List<ManagedExecutor> created = new ArrayList<>();

  abstract ManagedExecutor create(String name, int maxWorkers);

  ManagedExecutor executor(int maxWorkers) {
    ManagedExecutor e = create("contract", maxWorkers);
    created.add(e);
    return e;
  }

  @AfterEach
  void shutDownEverything() throws InterruptedException {
    for (ManagedExecutor e : created) {
      e.shutdownNow();
      assertThat(e.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  // ------------------------------------------------------------ submit (A2.1)

  @Test
  void submitCallableReturnsAFutureThatFinishesWithTheResult() throws Exception {
    ManagedFuture<String> f = executor(2).submit(() -> "hello");
    assertThat(f.result(Duration.ofSeconds(10))).isEqualTo("hello");
    assertFinishedWith(f, "hello");
  }

  @Test
  void submitRunnableFinishesWithNullOrTheGivenResult() throws Exception {
    ManagedExecutor e = executor(2);
    AtomicInteger runs = new AtomicInteger();
    ManagedFuture<?> plain = e.submit((Runnable) runs::incrementAndGet);
    ManagedFuture<String> withResult = e.submit(runs::incrementAndGet, "given");
    assertThat(plain.result()).isNull();
    assertThat(withResult.result()).isEqualTo("given");
    assertThat(runs).hasValue(2);
  }

  @Test
  void submitOfAFailingTaskFailsTheFutureWithTheSameException() {
    IOException boom = new IOException("boom");
    ManagedFuture<String> f =
        executor(1)
            .submit(
                () -> {
                  throw boom;
                });
    await().until(f::done);
    assertFailedWith(f, boom);
  }

  @Test
  void submitOfNullThrowsNullPointerExceptionNamingTheArgument() {
    ManagedExecutor e = executor(1);
    assertThatThrownBy(() -> e.submit((Callable<String>) null)).hasMessage("task");
    assertThatThrownBy(() -> e.submit((Runnable) null)).hasMessage("task");
    assertThatThrownBy(() -> e.execute(null)).hasMessage("command");
  }

  @Test
  void executeRunsTheCommand() throws Exception {
    CountDownLatch ran = new CountDownLatch(1);
    executor(1).execute(ran::countDown);
    assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void everySubmissionAfterShutdownIsRejectedWithAMessageNamingTheExecutor() {
    ManagedExecutor e = executor(1);
    e.shutdown();
    for (Runnable attempt :
        List.<Runnable>of(
            () -> e.submit(() -> "x"),
            () -> e.submit(() -> {}),
            () -> e.submit(() -> {}, "r"),
            () -> e.execute(() -> {}),
            () -> e.map(x -> x, List.of(1, 2)))) {
      assertThatThrownBy(attempt::run)
          .isInstanceOf(RejectedExecutionException.class)
          .hasMessageContaining("cannot schedule new tasks after shutdown")
          .hasMessageContaining("contract");
    }
  }

  // ------------------------------------------------------------ shutdown (A2.3)

  @Test
  void shutdownWithWaitReturnsOnlyWhenEveryAcceptedTaskHasFinished() {
    ManagedExecutor e = executor(2);
    List<ManagedFuture<Integer>> fs = new ArrayList<>();
    CountDownLatch go = new CountDownLatch(1);
    for (int i = 0; i < 20; i++) {
      int n = i;
      fs.add(
          e.submit(
              () -> {
                go.await();
                return n;
              }));
    }
    Thread releaser = new Thread(go::countDown);
    releaser.start();
    e.shutdown(true);
    assertThat(e.isTerminated()).isTrue();
    assertThat(fs).allMatch(ManagedFuture::done);
    assertThat(fs.stream().map(ManagedFuture::result).collect(Collectors.toList()))
        .containsExactlyElementsOf(IntStream.range(0, 20).boxed().collect(Collectors.toList()));
  }

  @Test
  void shutdownWithCancelFuturesCancelsOnlyTasksThatHaveNotStarted() throws Exception {
    ManagedExecutor e = executor(1);
    try (Blocker blocker = new Blocker()) {
      ManagedFuture<String> running = e.submit(blocker.task("ran"));
      await().until(() -> blocker.started.get() == 1);
      List<ManagedFuture<String>> queued = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        queued.add(e.submit(() -> "never"));
      }
      AtomicInteger callbacks = new AtomicInteger();
      queued.forEach(f -> f.addDoneCallback(x -> callbacks.incrementAndGet()));

      e.shutdown(false, true);

      queued.forEach(FutureAssertions::assertCancelled);
      assertThat(callbacks).hasValue(5);
      assertThat(running.running()).isTrue();
      blocker.release();
      assertThat(running.result(Duration.ofSeconds(10))).isEqualTo("ran");
    }
    assertThat(e.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void shutdownCalledAgainIsHarmless() {
    ManagedExecutor e = executor(1);
    ManagedFuture<String> f = e.submit(() -> "v");
    e.shutdown();
    e.shutdown(false, true);
    e.shutdown(true);
    e.shutdown(true, true);
    assertThat(e.isTerminated()).isTrue();
    assertThat(f.done()).isTrue();
  }

  @Test
  void shutdownNowCancelsAndReturnsTheTasksThatNeverStartedAndInterruptsRunningOnes()
      throws Exception {
    ManagedExecutor e = executor(1);
    CountDownLatch started = new CountDownLatch(1);
    ManagedFuture<String> running = e.submit(Blocker.untilInterrupted(started));
    started.await();
    List<ManagedFuture<String>> queued = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      queued.add(e.submit(() -> "never"));
    }

    List<Runnable> removed = e.shutdownNow();

    assertThat(new ArrayList<Object>(removed)).containsExactlyInAnyOrderElementsOf(queued);
    queued.forEach(FutureAssertions::assertCancelled);
    assertThat(running.result(Duration.ofSeconds(10))).isEqualTo("interrupted");
  }

  @Test
  void closeWaitsLikePythonsWithBlock() {
    AtomicInteger done = new AtomicInteger();
    ManagedExecutor e = executor(2);
    try (e) {
      for (int i = 0; i < 10; i++) {
        e.submit(done::incrementAndGet);
      }
    }
    assertThat(e.isTerminated()).isTrue();
    assertThat(done).hasValue(10);
  }

  @Test
  void shutdownWithWaitFromOwnWorkerThrowsInsteadOfDeadlocking() {
    ManagedExecutor e = executor(1);
    ManagedFuture<Object> f =
        e.submit(
            () -> {
              e.shutdown(true);
              return "unreachable";
            });
    assertThatThrownBy(() -> f.result(Duration.ofSeconds(10)))
        .cause()
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("would wait for itself");
  }

  // ------------------------------------------------------------ JDK methods (A2.4)

  @Test
  void invokeAllAndInvokeAnyKeepTheJdkContract() throws Exception {
    ManagedExecutor e = executor(3);
    List<Callable<Integer>> tasks = List.of(() -> 1, () -> 2, () -> 3);
    List<java.util.concurrent.Future<Integer>> all = e.invokeAll(tasks);
    assertThat(all).allMatch(java.util.concurrent.Future::isDone);
    assertThat(all).allMatch(f -> f instanceof ManagedFuture);
    assertThat(all.get(2).get()).isEqualTo(3);
    assertThat(e.invokeAny(tasks)).isIn(1, 2, 3);
    assertThatThrownBy(
            () ->
                e.invokeAny(
                    List.<Callable<Integer>>of(
                        () -> {
                          throw new IOException("all fail");
                        })))
        .isInstanceOf(ExecutionException.class);
  }

  @Test
  @SuppressWarnings("NullAway") // a null task on purpose
  void invokeAllAndInvokeAnyWithANullTaskThrowNullPointerExceptionBeforeSubmittingAny()
      throws Exception {
    ManagedExecutor e = executor(1);
    AtomicInteger ran = new AtomicInteger();
    List<Callable<Integer>> tasks = java.util.Arrays.asList(ran::incrementAndGet, null);
    List<ThrowingCallable> calls =
        List.of(
            () -> e.invokeAll(tasks),
            () -> e.invokeAll(tasks, 10, TimeUnit.SECONDS),
            () -> e.invokeAny(tasks),
            () -> e.invokeAny(tasks, 10, TimeUnit.SECONDS));
    for (ThrowingCallable call : calls) {
      assertThatThrownBy(call)
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("tasks[1]");
    }
    // One worker runs tasks in the order submitted: once this one ran, any earlier one had.
    assertThat(e.submit(ran::get).result(Duration.ofSeconds(30))).isZero();
    assertThat(ran).hasValue(0);
  }

  @Test
  void awaitTerminationIsTheJdkContract() throws Exception {
    ManagedExecutor e = executor(1);
    try (Blocker blocker = new Blocker()) {
      e.submit(blocker.task("x"));
      e.shutdown();
      assertThat(e.isShutdown()).isTrue();
      assertThat(e.awaitTermination(1, TimeUnit.MILLISECONDS)).isFalse();
      blocker.release();
      assertThat(e.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
      assertThat(e.isTerminated()).isTrue();
    }
  }

  // ------------------------------------------------------------ map (A2.2)

  @Test
  void mapYieldsResultsInInputOrderWhateverTheCompletionOrder() {
    ManagedExecutor e = executor(4);
    // Item i returns only after item i+1 has returned: they complete 3, 2, 1, 0.
    List<CountDownLatch> returned =
        IntStream.range(0, 5).mapToObj(i -> new CountDownLatch(i == 4 ? 0 : 1)).toList();
    List<Integer> completionOrder = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<Integer> results = new ArrayList<>();
    try (CloseableIterator<Integer> it =
        e.map(
            (Integer i) -> {
              try {
                returned.get(i + 1).await();
              } catch (InterruptedException ie) {
                throw new IllegalStateException(ie);
              }
              completionOrder.add(i);
              returned.get(i).countDown();
              return i * 10;
            },
            List.of(0, 1, 2, 3))) {
      it.forEachRemaining(results::add);
    }
    assertThat(completionOrder).containsExactly(3, 2, 1, 0);
    assertThat(results).containsExactly(0, 10, 20, 30);
  }

  @Test
  void mapWithoutBuffersizeReadsAndSubmitsEveryItemAtTheCall() {
    ManagedExecutor e = executor(2);
    CountingIterable source = new CountingIterable(50);
    CloseableIterator<Integer> it = e.map(i -> i, source);
    assertThat(source.read).hasValue(50);
    assertThat(it.stream().count()).isEqualTo(50);
  }

  @Test
  void mapWithBuffersizeKeepsAtMostNTasksOutstandingAndWorksOnAnInfiniteIterable() {
    ManagedExecutor e = executor(2);
    CountingIterable infinite = new CountingIterable(Integer.MAX_VALUE);
    try (CloseableIterator<Integer> it =
        e.map(i -> i * 2, infinite, MapOptions.defaults().withBuffersize(3))) {
      assertThat(infinite.read).hasValue(3);
      for (int taken = 1; taken <= 100; taken++) {
        assertThat(it.next()).isEqualTo((taken - 1) * 2);
        // Taking a result submitted one more task: 3 outstanding again.
        assertThat(infinite.read).hasValue(3 + taken);
      }
    }
  }

  @Test
  void mapBuffersizeCountsChunksNotItems() {
    ManagedExecutor e = executor(2);
    CountingIterable infinite = new CountingIterable(Integer.MAX_VALUE);
    try (CloseableIterator<Integer> it =
        e.map(i -> i, infinite, MapOptions.defaults().withBuffersize(2).withChunksize(5))) {
      assertThat(infinite.read).hasValue(10);
      assertThat(it.next()).isZero();
      assertThat(infinite.read).hasValue(15);
      for (int i = 1; i < 5; i++) {
        assertThat(it.next()).isEqualTo(i);
      }
      assertThat(infinite.read).hasValue(15); // the rest of the first chunk came without refilling
      assertThat(it.next()).isEqualTo(5);
      assertThat(infinite.read).hasValue(20);
    }
  }

  @Test
  void mapWithChunksizeGroupsItemsIntoTasksAndKeepsEachResultItsOwn() {
    ManagedExecutor e = executor(2);
    AtomicInteger tasks = new AtomicInteger();
    List<String> threadsPerChunk = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<Integer> items = IntStream.range(0, 10).boxed().toList();
    List<Integer> out;
    try (CloseableIterator<Integer> it =
        e.map(
            (Integer i) -> {
              if (i % 4 == 0) {
                tasks.incrementAndGet();
              }
              threadsPerChunk.add(i / 4 + "@" + Thread.currentThread().getName());
              return i + 100;
            },
            items,
            MapOptions.defaults().withChunksize(4))) {
      out = it.stream().toList();
    }
    assertThat(out).containsExactlyElementsOf(items.stream().map(i -> i + 100).toList());
    assertThat(tasks).hasValue(3);
    // Items of one chunk run in one task, so in one thread.
    assertThat(threadsPerChunk.stream().distinct().map(s -> s.split("@")[0]).distinct()).hasSize(3);
    assertThat(threadsPerChunk.stream().distinct()).hasSize(3);
  }

  @Test
  void mapWhenFnThrowsDeliversEarlierResultsThenThrowsThatExceptionAndEnds() {
    ManagedExecutor e = executor(1);
    IllegalArgumentException boom = new IllegalArgumentException("item 3");
    for (int chunksize : new int[] {1, 2, 10}) {
      CloseableIterator<Integer> it =
          e.map(
              (Integer i) -> {
                if (i == 3) {
                  throw boom;
                }
                return i;
              },
              List.of(0, 1, 2, 3, 4, 5),
              MapOptions.defaults().withChunksize(chunksize));
      assertThat(it.next()).isZero();
      assertThat(it.next()).isEqualTo(1);
      assertThat(it.next()).isEqualTo(2);
      assertThatThrownBy(it::next).isInstanceOf(TaskFailedException.class).cause().isSameAs(boom);
      assertThat(it.hasNext()).as("chunksize %d", chunksize).isFalse();
      assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
    }
  }

  @Test
  void mapWhenFnThrowsCancelsTheTasksNotYetStarted() {
    ManagedExecutor e = executor(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger thirdRan = new AtomicInteger();
    CloseableIterator<Integer> it =
        e.map(
            (Integer i) -> {
              if (i == 1) {
                throw new IllegalStateException("first fails");
              }
              if (i == 2) {
                try {
                  release.await(); // keeps the only worker busy
                } catch (InterruptedException ie) {
                  Thread.currentThread().interrupt();
                }
              } else {
                thirdRan.incrementAndGet();
              }
              return i;
            },
            List.of(1, 2, 3));
    assertThatThrownBy(it::next).isInstanceOf(TaskFailedException.class);
    assertThat(it.hasNext()).isFalse();
    release.countDown();
    e.shutdown(true);
    assertThat(thirdRan).hasValue(0);
  }

  @Test
  void mapTimeoutIsMeasuredFromTheCallAndNamesTheUnfinishedCount() {
    ManagedExecutor e = executor(2);
    try (Blocker blocker = new Blocker()) {
      CloseableIterator<String> it =
          e.map(
              (Integer i) -> {
                if (i >= 2) {
                  blocker.runnable().run();
                }
                return "r" + i;
              },
              List.of(0, 1, 2, 3),
              MapOptions.defaults().withTimeout(Duration.ofSeconds(1)));
      assertThat(it.next()).isEqualTo("r0");
      assertThat(it.next()).isEqualTo("r1");
      assertThatThrownBy(it::next)
          .isInstanceOf(FutureTimeoutException.class)
          .hasMessage("2 (of 4) futures unfinished");
      assertThat(it.hasNext()).isFalse();
    }
  }

  @Test
  void mapDeliversReadyResultsEvenAfterTheDeadline() {
    ManagedExecutor e = executor(2);
    CloseableIterator<Integer> it =
        e.map(i -> i, List.of(1, 2, 3), MapOptions.defaults().withTimeout(Duration.ZERO));
    e.shutdown(true); // every task has finished; the zero deadline has long passed
    assertThat(it.stream().toList()).containsExactly(1, 2, 3);
  }

  @Test
  void closingTheMapEarlyCancelsEveryTaskNotYetStarted() {
    ManagedExecutor e = executor(1);
    AtomicInteger ran = new AtomicInteger();
    try (Blocker blocker = new Blocker()) {
      blocker.occupy(e);
      CloseableIterator<Integer> it = e.map(i -> ran.incrementAndGet(), List.of(1, 2, 3, 4));
      it.close();
      assertThat(it.hasNext()).isFalse();
    }
    e.shutdown(true);
    assertThat(ran).hasValue(0);
  }

  @Test
  void closingTheStreamOfAMapClosesTheMap() {
    ManagedExecutor e = executor(1);
    AtomicInteger ran = new AtomicInteger();
    try (Blocker blocker = new Blocker()) {
      blocker.occupy(e);
      CloseableIterator<Integer> it = e.map(i -> ran.incrementAndGet(), List.of(1, 2, 3));
      it.stream().close();
      assertThat(it.hasNext()).isFalse();
    }
    e.shutdown(true);
    assertThat(ran).hasValue(0);
  }

  @Test
  void mapOverTwoSourcesStopsAtTheShorter() {
    ManagedExecutor e = executor(2);
    try (CloseableIterator<String> it =
        e.map((String a, Integer b) -> a + b, List.of("a", "b", "c"), List.of(1, 2))) {
      assertThat(it.stream().toList()).containsExactly("a1", "b2");
    }
  }

  @Test
  void mapRejectsInvalidArgumentsBeforeReadingAnyItem() {
    ManagedExecutor e = executor(1);
    CountingIterable source = new CountingIterable(10);
    assertThatThrownBy(() -> e.map(null, source)).hasMessage("fn");
    assertThatThrownBy(() -> e.map(x -> x, (Iterable<Integer>) null)).hasMessage("items");
    assertThatThrownBy(() -> e.map(x -> x, source, null)).hasMessage("options");
    assertThatThrownBy(() -> MapOptions.defaults().withChunksize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("chunksize must be >= 1, was 0");
    assertThatThrownBy(() -> MapOptions.defaults().withBuffersize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("buffersize must be >= 1, was 0");
    assertThatThrownBy(() -> MapOptions.defaults().withTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeout must be zero or positive, was PT-1S");
    assertThat(source.read).hasValue(0);
  }

  @Test
  void mapSubmissionFailureDuringRefillSurfacesAtItsPositionAfterEarlierResults() {
    ManagedExecutor e = executor(2);
    CloseableIterator<Integer> it =
        e.map(i -> i, new CountingIterable(10), MapOptions.defaults().withBuffersize(2));
    assertThat(it.next()).isZero(); // submits item 2
    e.shutdown(true);
    assertThat(it.next()).isEqualTo(1); // refill is rejected now, but results 1 and 2 exist
    assertThat(it.next()).isEqualTo(2);
    assertThatThrownBy(it::next)
        .isInstanceOf(RejectedExecutionException.class)
        .hasMessageContaining("after shutdown");
    assertThat(it.hasNext()).isFalse();
  }

  @Test
  void mapNextWhenTheTaskWasCancelledThrowsCancellationException() {
    ManagedExecutor e = executor(1);
    try (Blocker blocker = new Blocker()) {
      blocker.occupy(e);
      CloseableIterator<Integer> it = e.map(i -> i, List.of(1, 2));
      e.shutdown(false, true);
      assertThatThrownBy(it::next).isInstanceOf(CancellationException.class);
      assertThat(it.hasNext()).isFalse();
    }
  }

  /** An iterable of 0, 1, 2, … up to {@code size} that counts the items read. */
  static final class CountingIterable implements Iterable<Integer> {
    final AtomicInteger read = new AtomicInteger();
    private final int size;

    CountingIterable(int size) {
      this.size = size;
    }

    @Override
    public Iterator<Integer> iterator() {
      return new Iterator<>() {
        int next;

        @Override
        public boolean hasNext() {
          return next < size;
        }

        @Override
        public Integer next() {
          read.incrementAndGet();
          return next++;
        }
      };
    }
  }
}
