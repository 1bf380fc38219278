package dev.managedexecutors.autoconfigure.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.managedexecutors.ManagedFuture;
import dev.managedexecutors.ManagedThreadPool;
import dev.managedexecutors.autoconfigure.ManagedExecutorsAutoConfiguration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.core.env.MapPropertySource;

/**
 * Several thousand changes of a pool's properties, each published as Spring Cloud's {@link
 * EnvironmentChangeEvent}, while submitters keep the pool busy: every accepted task runs once and
 * every future completes; every invalid set leaves the pool as it was. The number of changes comes
 * from {@code -Dstress.reconfigurations}.
 */
@Tag("stress")
class PoolRefreshStressTests {
  private static final int CHANGES = Integer.getInteger("stress.reconfigurations", 3000);
  private static final int MAX_TASKS = 500_000;
  private static final String IO = "managed-executors.pools.io.";
  private static final String[] POLICIES = {"abort", "caller-runs", "block"};

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  ManagedExecutorsAutoConfiguration.class,
                  ManagedExecutorsRefreshAutoConfiguration.class))
          .withPropertyValues(IO + "max-size=2", IO + "queue-capacity=16");

  @Test
  void noAcceptedTaskIsLostWhileThousandsOfRefreshesResizeThePool() {
    runner.run(
        context -> {
          ManagedThreadPool io = context.getBean("io", ManagedThreadPool.class);
          Map<String, Object> values = new ConcurrentHashMap<>();
          context
              .getEnvironment()
              .getPropertySources()
              .addFirst(new MapPropertySource("changing", values));
          AtomicIntegerArray runs = new AtomicIntegerArray(MAX_TASKS);
          ConcurrentLinkedQueue<ManagedFuture<Integer>> accepted = new ConcurrentLinkedQueue<>();
          AtomicInteger refused = new AtomicInteger();
          AtomicInteger nextId = new AtomicInteger();
          AtomicBoolean stop = new AtomicBoolean();
          List<Thread> submitters = new ArrayList<>();
          for (int s = 0; s < 2; s++) {
            Thread t =
                new Thread(
                    () -> {
                      for (int id; !stop.get() && (id = nextId.getAndIncrement()) < MAX_TASKS; ) {
                        int task = id;
                        try {
                          accepted.add(
                              io.submit(
                                  () -> {
                                    runs.incrementAndGet(task);
                                    return task;
                                  }));
                        } catch (RejectedExecutionException e) {
                          refused.incrementAndGet();
                        }
                      }
                    },
                    "submitter-" + s);
            t.start();
            submitters.add(t);
          }
          Random random = new Random(7);
          ReconfigurationHistory history = context.getBean(ReconfigurationHistory.class);
          int refusedSets = 0;
          for (int i = 0; i < CHANGES; i++) {
            boolean invalid = random.nextInt(10) == 0;
            int maxBefore = io.maxWorkers();
            int capacityBefore = io.queueCapacity();
            int max = 1 + random.nextInt(8);
            values.put(IO + "max-size", String.valueOf(max));
            values.put(IO + "core-size", String.valueOf(random.nextInt(max + 1)));
            values.put(IO + "queue-capacity", invalid ? "-1" : String.valueOf(random.nextInt(32)));
            values.put(IO + "rejection", POLICIES[random.nextInt(POLICIES.length)]);
            values.put(IO + "block-timeout", random.nextInt(3) + "ms");
            context.publishEvent(new EnvironmentChangeEvent(context, Set.copyOf(values.keySet())));
            if (invalid) {
              refusedSets++;
              assertThat(history.recent().get(0).outcome())
                  .isEqualTo(Reconfiguration.Outcome.REFUSED);
              assertThat(io.maxWorkers()).isEqualTo(maxBefore);
              assertThat(io.queueCapacity()).isEqualTo(capacityBefore);
            }
          }
          stop.set(true);
          for (Thread t : submitters) {
            t.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(t.isAlive()).as(t.getName() + " still submitting").isFalse();
          }
          for (ManagedFuture<Integer> f : accepted) {
            int id = f.result(Duration.ofSeconds(60));
            assertThat(runs.get(id)).as("runs of task " + id).isEqualTo(1);
          }
          long ran = 0;
          for (int id = 0; id < runs.length(); id++) {
            ran += runs.get(id);
          }
          assertThat(ran).isEqualTo(accepted.size());
          assertThat(accepted.size() + refused.get()).isEqualTo(Math.min(nextId.get(), MAX_TASKS));
          assertThat(refusedSets).isPositive();
        });
  }
}
