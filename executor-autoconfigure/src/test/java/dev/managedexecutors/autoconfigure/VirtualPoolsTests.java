package dev.managedexecutors.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.managedexecutors.ManagedFuture;
import dev.managedexecutors.ManagedThreadPool;
import dev.managedexecutors.actuate.ExecutorsEndpoint;
import dev.managedexecutors.micrometer.ManagedThreadPoolMetrics;
import dev.managedexecutors.stats.PoolStats;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code managed-executors.pools.<name>.virtual=true}: thread-per-task on virtual threads, with
 * {@code max-size} as the concurrency limit, on Java 21 or later; a clear start-up failure before.
 * Tagged {@code virtual}, so {@code ./mvnw verify} also runs it on JDK 25 where one is installed.
 */
@Tag("virtual")
class VirtualPoolsTests {
  private static final int VIRTUAL_THREADS_SINCE = 21;

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ManagedExecutorsAutoConfiguration.class))
          .withPropertyValues(
              "managed-executors.pools.vt.virtual=true", "managed-executors.pools.vt.max-size=2");

  @Test
  void whenAPoolIsVirtualThenItsTasksRunOnVirtualThreadsAtMostMaxSizeAtOnce() {
    assumeTrue(
        Runtime.version().feature() >= VIRTUAL_THREADS_SINCE,
        "virtual threads need Java 21 or later; this is Java "
            + Runtime.version().feature()
            + ". ./mvnw verify runs this test on JDK 25 where one is installed.");
    runner.run(
        context -> {
          ManagedThreadPool vt = context.getBean("vt", ManagedThreadPool.class);
          assertThat(vt.virtualThreads()).isTrue();
          SimpleMeterRegistry registry = new SimpleMeterRegistry();
          new ManagedThreadPoolMetrics(vt, Tags.empty()).bindTo(registry);
          CountDownLatch release = new CountDownLatch(1);
          AtomicInteger running = new AtomicInteger();
          AtomicInteger mostAtOnce = new AtomicInteger();
          List<ManagedFuture<Boolean>> futures = new ArrayList<>();
          for (int i = 0; i < 5; i++) {
            futures.add(
                vt.submit(
                    () -> {
                      mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                      try {
                        return release.await(30, TimeUnit.SECONDS) && onVirtualThread();
                      } finally {
                        running.decrementAndGet();
                      }
                    }));
          }
          Awaitility.await().until(() -> vt.stats().activeWorkers() == 2);
          assertThat(vt.stats().queueDepth()).isEqualTo(3);
          release.countDown();
          for (ManagedFuture<Boolean> f : futures) {
            assertThat(f.result(Duration.ofSeconds(30))).isTrue();
          }
          assertThat(mostAtOnce).hasValue(2);
          PoolStats stats = vt.stats();
          assertThat(stats.submitted()).isEqualTo(5);
          Awaitility.await().until(() -> vt.stats().completed() == 5);
          // The same metrics and endpoint as a platform-thread pool.
          assertThat(registry.get("executor.completed").tag("name", "vt").functionCounter().count())
              .isEqualTo(5.0);
          assertThat(registry.get("executor.pool.max").tag("name", "vt").gauge().value())
              .isEqualTo(2.0);
          ExecutorsEndpoint.PoolDescriptor described =
              new ExecutorsEndpoint(() -> Map.of("vt", vt)).pool("vt");
          assertThat(described).isNotNull();
          assertThat(described.settings().virtual()).isTrue();
          assertThat(described.stats().completed()).isEqualTo(5);
        });
  }

  @Test
  void whenAVirtualPoolIsClosedWithTheContextThenItDrainsAndTerminates() {
    assumeTrue(
        Runtime.version().feature() >= VIRTUAL_THREADS_SINCE,
        "virtual threads need Java 21 or later; this is Java " + Runtime.version().feature());
    ManagedThreadPool[] vt = new ManagedThreadPool[1];
    AtomicInteger ran = new AtomicInteger();
    runner.run(
        context -> {
          vt[0] = context.getBean("vt", ManagedThreadPool.class);
          for (int i = 0; i < 10; i++) {
            vt[0].submit(ran::incrementAndGet);
          }
        });
    assertThat(vt[0].isTerminated()).isTrue();
    assertThat(ran).hasValue(10);
  }

  @Test
  void whenAPoolIsVirtualBeforeJava21ThenStartUpFailsNamingThePropertyAndTheFix() {
    assumeTrue(
        Runtime.version().feature() < VIRTUAL_THREADS_SINCE,
        "documents the behaviour before Java 21; this is Java " + Runtime.version().feature());
    runner.run(
        context -> {
          assertThat(context).hasFailed();
          FailureAnalysis analysis =
              new InvalidPoolPropertyFailureAnalyzer().analyze(context.getStartupFailure());
          assertThat(analysis).isNotNull();
          assertThat(analysis.getDescription())
              .contains("Property: managed-executors.pools.vt.virtual")
              .contains("Value:    \"true\"")
              .contains("virtual threads need Java 21 or later; this is Java ");
          assertThat(analysis.getAction())
              .isEqualTo(
                  "Run the application on Java 21 or later, or remove"
                      + " managed-executors.pools.vt.virtual.");
        });
  }

  private static boolean onVirtualThread() throws ReflectiveOperationException {
    // Thread.isVirtual() exists from Java 21; the tests compile for Java 17.
    return (boolean) Thread.class.getMethod("isVirtual").invoke(Thread.currentThread());
  }
}
