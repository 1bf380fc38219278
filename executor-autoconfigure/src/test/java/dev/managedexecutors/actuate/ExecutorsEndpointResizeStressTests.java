package dev.managedexecutors.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.managedexecutors.ManagedFuture;
import dev.managedexecutors.ManagedThreadPool;
import dev.managedexecutors.stats.PoolStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The endpoint's resize under load: submitters keep submitting numbered tasks while another thread
 * resizes the pool through the endpoint over and over (growing and shrinking core, max and queue
 * capacity, sometimes below the queue's depth). At the end every accepted task ran exactly once,
 * every rejected one never ran, no future is pending and the pool's counts add up.
 */
@Tag("stress")
class ExecutorsEndpointResizeStressTests {
  private static final int SUBMITTERS = 3;
  private static final int TASKS_PER_SUBMITTER =
      Math.max(1000, Integer.getInteger("stress.iterations", 3000));

  @Test
  void resizingUnderLoadLosesAndDuplicatesNoTask() throws Exception {
    ManagedThreadPool pool =
        ManagedThreadPool.builder("load").coreWorkers(1).maxWorkers(4).queueCapacity(64).build();
    ExecutorsEndpointWebExtension endpoint =
        new ExecutorsEndpointWebExtension(new ExecutorsEndpoint(() -> Map.of("load", pool)));
    int total = SUBMITTERS * TASKS_PER_SUBMITTER;
    AtomicIntegerArray runs = new AtomicIntegerArray(total);
    ConcurrentLinkedQueue<ManagedFuture<?>> accepted = new ConcurrentLinkedQueue<>();
    AtomicLong rejected = new AtomicLong();
    AtomicLong resizes = new AtomicLong();
    AtomicBoolean submitting = new AtomicBoolean(true);
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(SUBMITTERS + 1);
    try {
      List<Future<?>> submitters = new ArrayList<>();
      for (int s = 0; s < SUBMITTERS; s++) {
        int first = s * TASKS_PER_SUBMITTER;
        submitters.add(
            threads.submit(
                () -> {
                  start.await();
                  for (int id = first; id < first + TASKS_PER_SUBMITTER; id++) {
                    int task = id;
                    try {
                      accepted.add(pool.submit(() -> runs.incrementAndGet(task)));
                    } catch (RejectedExecutionException e) {
                      rejected.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      Future<?> resizer =
          threads.submit(
              () -> {
                start.await();
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (submitting.get()) {
                  int max = random.nextInt(1, 9);
                  int core = random.nextInt(0, max + 1);
                  int capacity = random.nextInt(0, 128);
                  WebEndpointResponse<Object> response =
                      endpoint.resize("load", core, max, capacity);
                  assertThat(response.getStatus()).as("%s", response.getBody()).isEqualTo(200);
                  // An invalid resize in between must change nothing.
                  assertThat(endpoint.resize("load", max + 1, max, capacity).getStatus())
                      .isEqualTo(400);
                  resizes.incrementAndGet();
                }
                return null;
              });
      start.countDown();
      for (Future<?> submitter : submitters) {
        submitter.get(5, TimeUnit.MINUTES);
      }
      submitting.set(false);
      resizer.get(1, TimeUnit.MINUTES);
    } finally {
      submitting.set(false);
      threads.shutdownNow();
    }

    assertThat(endpoint.resize("load", 1, 8, 1000).getStatus()).isEqualTo(200);
    pool.shutdown(true);
    for (ManagedFuture<?> future : accepted) {
      assertThat(future.done()).as("no accepted task left pending").isTrue();
      assertThat(future.cancelled()).isFalse();
      future.result(Duration.ZERO); // none failed
    }
    int ranOnce = 0;
    for (int id = 0; id < total; id++) {
      assertThat(runs.get(id)).as("runs of task %d", id).isBetween(0, 1);
      ranOnce += runs.get(id);
    }
    PoolStats stats = pool.stats();
    assertThat(resizes.get()).as("resizes while submitting").isPositive();
    assertThat(ranOnce).isEqualTo(accepted.size());
    assertThat(accepted.size() + rejected.get()).isEqualTo(total);
    assertThat(stats.submitted()).isEqualTo(total);
    assertThat(stats.completed()).isEqualTo(accepted.size());
    assertThat(stats.rejected()).isEqualTo(rejected.get());
    assertThat(stats.failed() + stats.cancelled()).isZero();
    assertThat(stats.terminated()).isTrue();
  }
}
