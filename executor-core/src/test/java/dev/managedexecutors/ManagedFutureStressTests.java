package dev.managedexecutors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Many threads race to complete, cancel, observe and attach to one future, many times. */
@Tag("stress")
class ManagedFutureStressTests {
  private static final int ITERATIONS = Integer.getInteger("stress.iterations", 3000);

  @Test
  void racingCompletersCancellersWaitersAndCallbacksSeeExactlyOneOutcome() throws Exception {
    for (int round = 0; round < ITERATIONS; round++) {
      ManagedFuture<String> f = new ManagedFuture<>();
      AtomicInteger wins = new AtomicInteger();
      AtomicInteger callbacks = new AtomicInteger();
      int callbackThreads = 2;
      int perThread = 5;
      List<String> observed = java.util.Collections.synchronizedList(new ArrayList<>());
      CyclicBarrier go = new CyclicBarrier(6);
      List<Thread> threads = new ArrayList<>();
      threads.add(race(go, () -> wins.addAndGet(f.trySetResult("value") ? 1 : 0)));
      threads.add(
          race(go, () -> wins.addAndGet(f.trySetException(new IllegalStateException()) ? 1 : 0)));
      threads.add(race(go, () -> wins.addAndGet(f.tryCancel() ? 1 : 0)));
      threads.add(
          race(
              go,
              () -> {
                try {
                  observed.add("result:" + f.result());
                } catch (TaskFailedException e) {
                  observed.add("failed");
                } catch (CancellationException e) {
                  observed.add("cancelled");
                }
              }));
      for (int c = 0; c < callbackThreads; c++) {
        threads.add(
            race(
                go,
                () -> {
                  for (int k = 0; k < perThread; k++) {
                    f.addDoneCallback(x -> callbacks.incrementAndGet());
                  }
                }));
      }
      AtomicReference<@Nullable Throwable> raced = new AtomicReference<>();
      for (Thread t : threads) {
        t.setUncaughtExceptionHandler((thread, e) -> raced.compareAndSet(null, e));
      }
      threads.forEach(Thread::start);
      for (Thread t : threads) {
        t.join(30_000);
        assertThat(t.isAlive())
            .as("round %d: %s stuck in %s", round, t.getName(), Arrays.toString(t.getStackTrace()))
            .isFalse();
      }
      assertThat(raced.get()).as("round %d: an exception escaped a racing thread", round).isNull();
      assertThat(wins).as("round %d", round).hasValue(1);
      assertThat(callbacks).as("round %d", round).hasValue(callbackThreads * perThread);
      String outcome =
          f.cancelled() ? "cancelled" : f.exception() != null ? "failed" : "result:value";
      assertThat(observed).as("round %d", round).containsExactly(outcome);
      assertThat(f.registrationCount()).as("round %d registrations", round).isZero();
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(ManagedThreadPoolStressTests.liveThreadsNamed(RACER))
                    .as("racing threads still alive")
                    .isEmpty());
  }

  private static final String RACER = "future-racer-";
  private static final AtomicInteger RACERS = new AtomicInteger();

  private static Thread race(CyclicBarrier go, Runnable body) {
    return new Thread(
        () -> {
          try {
            go.await();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
          body.run();
        },
        RACER + RACERS.incrementAndGet());
  }
}
