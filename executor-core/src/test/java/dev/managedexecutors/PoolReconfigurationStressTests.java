package dev.managedexecutors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Thousands of live reconfigurations (sizes, queue capacity shrunk below the depth, keep-alive,
 * rejection policy, block timeout, and invalid sets) while submitters keep the pool busy: every
 * accepted task runs exactly once, every future completes, and an invalid set never changes the
 * pool. The number of reconfigurations comes from {@code -Dstress.reconfigurations}.
 */
@Tag("stress")
class PoolReconfigurationStressTests {
  private static final int CHANGES = Integer.getInteger("stress.reconfigurations", 5000);
  private static final int SUBMITTERS = 3;
  private static final int MAX_TASKS = 400_000;
  private static final RejectionPolicy[] LOSSLESS = {
    RejectionPolicy.ABORT, RejectionPolicy.CALLER_RUNS, RejectionPolicy.BLOCK
  };

  @Test
  void noAcceptedTaskIsLostAndEveryFutureCompletesWhileThePoolIsReconfigured() throws Exception {
    ManagedThreadPool pool =
        ManagedThreadPool.builder("reconfigured").maxWorkers(2).queueCapacity(16).build();
    AtomicIntegerArray runs = new AtomicIntegerArray(MAX_TASKS);
    ConcurrentLinkedQueue<ManagedFuture<Integer>> accepted = new ConcurrentLinkedQueue<>();
    AtomicLong rejected = new AtomicLong();
    AtomicLong nextId = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> submitters = new ArrayList<>();
    for (int s = 0; s < SUBMITTERS; s++) {
      Thread t =
          new Thread(
              () -> {
                while (!stop.get()) {
                  int id = (int) nextId.getAndIncrement();
                  if (id >= MAX_TASKS) {
                    return;
                  }
                  try {
                    accepted.add(
                        pool.submit(
                            () -> {
                              runs.incrementAndGet(id);
                              return id;
                            }));
                  } catch (RejectedExecutionException e) {
                    rejected.incrementAndGet();
                  }
                }
              },
              "submitter-" + s);
      t.start();
      submitters.add(t);
    }
    Random random = new Random(42);
    int invalid = 0;
    for (int i = 0; i < CHANGES; i++) {
      if (random.nextInt(10) == 0) {
        invalid++;
        assertInvalidSetChangesNothing(pool, random);
        continue;
      }
      int max = 1 + random.nextInt(6);
      PoolReconfiguration change =
          pool.reconfigure()
              .maxWorkers(max)
              .coreWorkers(random.nextInt(max + 1))
              .queueCapacity(
                  random.nextInt(4) == 0 ? ManagedThreadPool.UNBOUNDED : random.nextInt(20))
              .rejection(LOSSLESS[random.nextInt(LOSSLESS.length)])
              .blockTimeout(Duration.ofMillis(random.nextInt(5)))
              .keepAlive(Duration.ofMillis(random.nextInt(3) * 5L));
      change.apply();
    }
    stop.set(true);
    for (Thread t : submitters) {
      t.join(TimeUnit.SECONDS.toMillis(60));
      assertThat(t.isAlive()).as(t.getName() + " still submitting").isFalse();
    }
    for (ManagedFuture<Integer> f : accepted) {
      int id = f.result(Duration.ofSeconds(60)); // throws if the future failed or never completes
      assertThat(runs.get(id)).as("runs of task " + id).isEqualTo(1);
    }
    int ran = 0;
    for (int id = 0; id < runs.length(); id++) {
      ran += runs.get(id);
    }
    assertThat(ran).as("tasks run").isEqualTo(accepted.size());
    assertThat(accepted.size() + rejected.get())
        .as("accepted and refused add up to the submissions")
        .isEqualTo(Math.min(nextId.get(), MAX_TASKS));
    assertThat(invalid).isPositive();
    assertThat(accepted).isNotEmpty();
    pool.shutdown();
    assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    assertThat(pool.stats().completed()).isEqualTo(accepted.size());
  }

  private static void assertInvalidSetChangesNothing(ManagedThreadPool pool, Random random) {
    int core = pool.coreWorkers();
    int max = pool.maxWorkers();
    int capacity = pool.queueCapacity();
    Duration keepAlive = pool.keepAlive();
    RejectionPolicy rejection = pool.rejection();
    PoolReconfiguration change =
        pool.reconfigure()
            .keepAlive(Duration.ofSeconds(7))
            .rejection(RejectionPolicy.CALLER_RUNS)
            .queueCapacity(3);
    switch (random.nextInt(3)) {
      case 0 -> change.maxWorkers(0);
      case 1 -> change.maxWorkers(2).coreWorkers(3);
      default -> change.blockTimeout(Duration.ofMillis(-1));
    }
    assertThatThrownBy(change::apply).isInstanceOf(IllegalArgumentException.class);
    assertThat(pool.coreWorkers()).isEqualTo(core);
    assertThat(pool.maxWorkers()).isEqualTo(max);
    assertThat(pool.queueCapacity()).isEqualTo(capacity);
    assertThat(pool.keepAlive()).isEqualTo(keepAlive);
    assertThat(pool.rejection()).isEqualTo(rejection);
  }
}
