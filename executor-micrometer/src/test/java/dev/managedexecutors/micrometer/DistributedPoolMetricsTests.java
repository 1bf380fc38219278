package dev.managedexecutors.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import dev.managedexecutors.ManagedFuture;
import dev.managedexecutors.ManagedThreadPool;
import dev.managedexecutors.hazelcast.DistributedPool;
import dev.managedexecutors.hazelcast.testing.LoopbackMembers;
import dev.managedexecutors.hazelcast.testing.Tasks;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The meters of a distributed pool, on one embedded member bound to 127.0.0.1. */
class DistributedPoolMetricsTests {
  private static final Duration LONG = Duration.ofSeconds(30);
  private static HazelcastInstance member;
  private static String address;

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @BeforeAll
  static void startMember() {
    member = LoopbackMembers.startSingle("metrics");
    address = member.getCluster().getLocalMember().getAddress().toString();
  }

  @AfterAll
  static void stopMember() {
    Tasks.releaseAll();
    member.getLifecycleService().terminate();
  }

  @Test
  void completedTasksAreCountedUnderTheMemberTheyWentTo() {
    DistributedPool pool = DistributedPool.builder(member, "counted").build();
    new DistributedPoolMetrics(pool, Tags.empty()).bindTo(registry);

    pool.submit(new Tasks.Constant("42")).result(LONG);
    pool.submit(new Tasks.Constant("42")).result(LONG);

    await()
        .atMost(LONG)
        .untilAsserted(
            () ->
                assertThat(
                        registry
                            .get("executor.completed")
                            .tags("name", "counted", "member", address)
                            .functionCounter()
                            .count())
                    .isEqualTo(2.0));
  }

  @Test
  void aMemberAddressedBeforeBindingGetsItsSeriesAtBinding() {
    DistributedPool pool = DistributedPool.builder(member, "early").build();
    pool.submit(new Tasks.Constant("42")).result(LONG);

    new DistributedPoolMetrics(pool, Tags.empty()).bindTo(registry);

    assertThat(registry.find("executor.completed").tags("member", address).functionCounter())
        .isNotNull();
  }

  @Test
  void tasksNotDoneAreActiveOnTheirMember() {
    DistributedPool pool = DistributedPool.builder(member, "busy").build();
    new DistributedPoolMetrics(pool, Tags.empty()).bindTo(registry);

    ManagedFuture<String> blocked = pool.submit(Tasks.blocks());

    assertThat(
            registry.get("executor.active").tags("name", "busy", "member", address).gauge().value())
        .isEqualTo(1.0);
    blocked.cancel();
  }

  @Test
  void aDurablePoolCountsUnderMemberAny() {
    DistributedPool pool = DistributedPool.builder(member, "durable").durable(true).build();
    new DistributedPoolMetrics(pool, Tags.empty()).bindTo(registry);

    pool.submit(new Tasks.Constant("42")).result(LONG);

    await()
        .atMost(LONG)
        .untilAsserted(
            () ->
                assertThat(
                        registry
                            .get("executor.completed")
                            .tags("name", "durable", "member", DistributedPoolMetrics.ANY_MEMBER)
                            .functionCounter()
                            .count())
                    .isEqualTo(1.0));
  }

  @Test
  void submissionsAfterShutdownAreCountedAsRejected() {
    DistributedPool pool = DistributedPool.builder(member, "refusing").build();
    new DistributedPoolMetrics(pool, Tags.empty()).bindTo(registry);
    pool.shutdown();

    assertThatExceptionOfType(RejectedExecutionException.class)
        .isThrownBy(() -> pool.submit(new Tasks.Constant("42")));

    assertThat(registry.get("executor.rejected").tags("name", "refusing").functionCounter().count())
        .isEqualTo(1.0);
  }

  @Test
  void closeRemovesEveryMeterAndLaterMembersAddNone() {
    DistributedPool pool = DistributedPool.builder(member, "closed").build();
    DistributedPoolMetrics metrics = new DistributedPoolMetrics(pool, Tags.empty());
    metrics.bindTo(registry);

    metrics.close();
    pool.submit(new Tasks.Constant("42")).result(LONG);

    assertThat(registry.getMeters()).isEmpty();
  }

  @Test
  void prometheusShowsALocalPoolAndAPerMemberDistributedPoolSideBySide() {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ManagedThreadPool local = ManagedThreadPool.builder("local").build();
    try {
      new ManagedThreadPoolMetrics(local, Tags.empty()).bindTo(prometheus);
      DistributedPool pool = DistributedPool.builder(member, "spread").build();
      new DistributedPoolMetrics(pool, Tags.empty()).bindTo(prometheus);
      pool.submit(new Tasks.Constant("42")).result(LONG);

      String scrape = prometheus.scrape();

      assertThat(scrape)
          .contains("executor_completed_tasks_total{name=\"local\"}")
          .contains("executor_completed_tasks_total{member=\"" + address + "\",name=\"spread\"}");
    } finally {
      local.shutdownNow();
    }
  }
}
