package dev.managedexecutors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.managedexecutors.stats.PoolStats;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Hammers pools with concurrent submit, cancel, map, shutdown and shutdownNow, then checks the
 * invariants of SPEC A1-A3. The number of rounds comes from {@code -Dstress.iterations}.
 */
@Tag("stress")
class ManagedThreadPoolStressTests {
  private static final int ITERATIONS = Integer.getInteger("stress.iterations", 3000);
  private static final int TASKS = 24;
  private static final RejectionPolicy[] POLICIES = RejectionPolicy.values();
  private static final int[] CAPACITIES = {0, 2, 8, ManagedThreadPool.UNBOUNDED};

  /** Every worker of every pool a test made has ended: no round leaks a thread. */
  @AfterEach
  void noWorkerThreadOutlivesItsPool() {
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(liveThreadsNamed("stress-", "interrupts-"))
                    .as("live worker threads of the stress pools")
                    .isEmpty());
  }

  static List<String> liveThreadsNamed(String... prefixes) {
    List<String> names = new java.util.ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      for (String prefix : prefixes) {
        if (t.isAlive() && t.getName().startsWith(prefix)) {
          names.add(t.getName());
        }
      }
    }
    return names;
  }

  @Test
  void concurrentSubmitCancelMapAndShutdownKeepEveryInvariant() throws Exception {
    long start = System.nanoTime();
    for (int round = 0; round < ITERATIONS; round++) {
      oneRound(new Random(round), round);
    }
    System.out.printf(
        "stress: %d rounds of concurrent submit/cancel/map/shutdown in %d ms%n",
        ITERATIONS, (System.nanoTime() - start) / 1_000_000);
  }

  /**
   * cancel(true) races the end of a running task, many times: the interrupt may hit that task or
   * nothing, never the next task on the same worker (the runner waits for a canceller that claimed
   * it; a canceller that finds the task done does not interrupt).
   */
  @Test
  void cancelWithInterruptNeverReachesTheWorkersNextTask() throws Exception {
    ManagedThreadPool p = ManagedThreadPool.builder("interrupts").maxWorkers(1).build();
    Random random = new Random(42);
    AtomicInteger interruptedNext = new AtomicInteger();
    try {
      for (int round = 0; round < ITERATIONS; round++) {
        CyclicBarrier go = new CyclicBarrier(2);
        int taskSpins = random.nextInt(200);
        int cancelSpins = random.nextInt(200);
        ManagedFuture<String> first =
            p.submit(
                () -> {
                  await(go);
                  spin(taskSpins);
                  return "done";
                });
        ManagedFuture<Boolean> next =
            p.submit(
                () -> {
                  spin(400);
                  return Thread.currentThread().isInterrupted();
                });
        Thread canceller =
            new Thread(
                () -> {
                  await(go);
                  spin(cancelSpins);
                  first.cancel(true);
                });
        canceller.start();
        canceller.join();
        if (next.result()) {
          interruptedNext.incrementAndGet();
        }
        assertThat(first.exception()).as("a running task is never cancelled").isNull();
      }
    } finally {
      p.shutdown(true, true);
    }
    assertThat(interruptedNext).as("rounds whose next task saw the interrupt").hasValue(0);
  }

  private static void spin(int n) {
    for (int i = 0; i < n; i++) {
      Thread.onSpinWait();
    }
  }

  private void oneRound(Random random, int round) throws Exception {
    RejectionPolicy policy = POLICIES[random.nextInt(POLICIES.length)];
    ManagedThreadPool pool =
        ManagedThreadPool.builder("stress")
            .maxWorkers(1 + random.nextInt(3))
            .queueCapacity(CAPACITIES[random.nextInt(CAPACITIES.length)])
            .rejection(policy)
            .blockTimeout(Duration.ofMillis(2))
            .keepAlive(Duration.ofMillis(random.nextInt(3)))
            .build();
    AtomicIntegerArray started = new AtomicIntegerArray(TASKS);
    AtomicIntegerArray ended = new AtomicIntegerArray(TASKS);
    AtomicIntegerArray callbacks = new AtomicIntegerArray(TASKS);
    List<ManagedFuture<Integer>> futures = new CopyOnWriteArrayList<>();
    List<Integer> ids = new CopyOnWriteArrayList<>();
    List<RuntimeException> mapFailures = new CopyOnWriteArrayList<>();
    List<Integer> mapped = new CopyOnWriteArrayList<>();
    AtomicBoolean shutDownWhenMapFailed = new AtomicBoolean();
    int ending = random.nextInt(4);
    long cancelSeed = random.nextLong();
    CyclicBarrier go = new CyclicBarrier(4);

    Thread submitter =
        new Thread(
            () -> {
              await(go);
              for (int id = 0; id < TASKS; id++) {
                int task = id;
                try {
                  ManagedFuture<Integer> f =
                      pool.submit(
                          () -> {
                            started.incrementAndGet(task);
                            try {
                              if (task % 7 == 3) {
                                throw new IllegalStateException("task fails");
                              }
                              return task;
                            } finally {
                              ended.incrementAndGet(task);
                            }
                          });
                  f.addDoneCallback(x -> callbacks.incrementAndGet(task));
                  futures.add(f);
                  ids.add(task);
                } catch (RejectedExecutionException expected) {
                  // saturated or shut down: counted by the pool
                }
              }
            });
    Thread canceller =
        new Thread(
            () -> {
              await(go);
              Random r = new Random(cancelSeed);
              for (int k = 0; k < TASKS; k++) {
                if (!futures.isEmpty()) {
                  futures.get(r.nextInt(futures.size())).cancel(r.nextBoolean());
                }
                Thread.yield();
              }
            });
    Thread mapper =
        new Thread(
            () -> {
              await(go);
              try (CloseableIterator<Integer> it =
                  pool.map(
                      (Integer i) -> i * 2,
                      List.of(1, 2, 3, 4, 5, 6),
                      MapOptions.defaults().withBuffersize(2).withChunksize(1 + round % 2))) {
                int taken = 0;
                while (it.hasNext() && taken++ < 3) {
                  mapped.add(it.next());
                }
              } catch (RejectedExecutionException | CancellationException e) {
                shutDownWhenMapFailed.set(pool.isShutdown());
                mapFailures.add(e);
              }
            });
    Thread terminator =
        new Thread(
            () -> {
              await(go);
              Thread.yield();
              switch (ending) {
                case 0 -> pool.shutdown(false);
                case 1 -> pool.shutdown(false, true);
                case 2 -> pool.shutdownNow();
                default -> pool.shutdown(true);
              }
            });
    List<Thread> actors = List.of(submitter, canceller, mapper, terminator);
    AtomicReference<@Nullable Throwable> raced = new AtomicReference<>();
    for (Thread t : actors) {
      t.setUncaughtExceptionHandler((thread, e) -> raced.compareAndSet(null, e));
    }
    actors.forEach(Thread::start);
    for (Thread t : actors) {
      t.join(20_000);
      assertThat(t.isAlive())
          .as(
              "round %d: %s stuck in %s; %s, policy %s, ending %d",
              round,
              t.getName(),
              java.util.Arrays.toString(t.getStackTrace()),
              pool,
              policy,
              ending)
          .isFalse();
    }

    assertThat(raced.get()).as("round %d: an exception escaped a racing thread", round).isNull();
    pool.shutdown(true);

    // map: the values taken are the first ones, in order; a failure has a cause this round had.
    assertThat(mapped)
        .as("round %d mapped", round)
        .isEqualTo(List.of(2, 4, 6).subList(0, mapped.size()));
    assertThat(mapFailures).as("round %d map failures", round).hasSizeLessThanOrEqualTo(1);
    for (RuntimeException e : mapFailures) {
      if (e instanceof RejectedExecutionException) {
        assertThat(shutDownWhenMapFailed.get() || policy != RejectionPolicy.CALLER_RUNS)
            .as("round %d: map rejected on a running caller-runs pool: %s", round, e)
            .isTrue();
      } else {
        assertThat(ending == 1 || ending == 2 || policy == RejectionPolicy.DISCARD_OLDEST)
            .as(
                "round %d: map cancelled though no policy or shutdown cancels (ending %d, %s): %s",
                round, ending, policy, e)
            .isTrue();
      }
    }
    if (mapFailures.isEmpty()) {
      assertThat(mapped).as("round %d: map ended early without a failure", round).hasSize(3);
    }

    // shutdown(true) returned: every accepted task has ended, and nothing is left pending.
    assertThat(pool.isTerminated()).isTrue();
    for (int i = 0; i < futures.size(); i++) {
      ManagedFuture<Integer> f = futures.get(i);
      int id = ids.get(i);
      assertThat(f.done()).as("round %d task %d: %s", round, id, f).isTrue();
      assertThat(callbacks.get(id)).as("round %d task %d callbacks", round, id).isEqualTo(1);
      assertThat(started.get(id))
          .as("round %d task %d started", round, id)
          .isEqualTo(ended.get(id));
      if (f.cancelled()) {
        assertThat(started.get(id)).as("round %d: cancelled task %d ran", round, id).isZero();
      } else {
        assertThat(started.get(id)).as("round %d: task %d %s", round, id, f).isEqualTo(1);
      }
    }
    PoolStats s = pool.stats();
    assertThat(s.completed() + s.failed() + s.cancelled() + s.rejected())
        .as("round %d: %s", round, s)
        .isEqualTo(s.submitted());
    assertThat(s.queueDepth()).as("round %d queue", round).isZero();
    assertThat(s.activeWorkers()).as("round %d active", round).isZero();
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
