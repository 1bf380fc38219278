package dev.managedexecutors.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.managedexecutors.ManagedFuture;
import dev.managedexecutors.ManagedThreadPool;
import dev.managedexecutors.hazelcast.DistributedPool;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.Serializable;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The meters of a distributed pool, on one embedded member bound to 127.0.0.1. */
class DistributedPoolMetricsTests {
  private static final Duration LONG = Duration.ofSeconds(30);
  private static HazelcastInstance member;
  private static String address;

  /** Blocks the tasks of the test that uses it; the member runs in this JVM. */
  static final CountDownLatch RELEASE = new CountDownLatch(1);

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @BeforeAll
  static void startMember() {
    Config c = new Config();
    c.setClusterName("metrics-" + UUID.randomUUID());
    c.setProperty("hazelcast.phone.home.enabled", "false");
    c.setProperty("hazelcast.logging.type", "jdk");
    c.setProperty("hazelcast.socket.bind.any", "false");
    c.setProperty("hazelcast.partition.count", "7");
    c.getNetworkConfig().setPort(5901).setPortAutoIncrement(true).setPortCount(50);
    c.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    JoinConfig j = c.getNetworkConfig().getJoin();
    j.getMulticastConfig().setEnabled(false);
    j.getAutoDetectionConfig().setEnabled(false);
    j.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1");
    member = Hazelcast.newHazelcastInstance(c);
    address = member.getCluster().getLocalMember().getAddress().toString();
  }

  @AfterAll
  static void stopMember() {
    RELEASE.countDown();
    member.getLifecycleService().terminate();
  }

  @Test
  void completedTasksAreCountedUnderTheMemberTheyWentTo() {
    DistributedPool pool = DistributedPool.builder(member, "counted").build();
    new DistributedPoolMetrics(pool, Tags.empty()).bindTo(registry);

    pool.submit(new Answer()).result(LONG);
    pool.submit(new Answer()).result(LONG);

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
    pool.submit(new Answer()).result(LONG);

    new DistributedPoolMetrics(pool, Tags.empty()).bindTo(registry);

    assertThat(registry.find("executor.completed").tags("member", address).functionCounter())
        .isNotNull();
  }

  @Test
  void tasksNotDoneAreActiveOnTheirMember() {
    DistributedPool pool = DistributedPool.builder(member, "busy").build();
    new DistributedPoolMetrics(pool, Tags.empty()).bindTo(registry);

    ManagedFuture<String> blocked = pool.submit(new Blocked());

    assertThat(
            registry.get("executor.active").tags("name", "busy", "member", address).gauge().value())
        .isEqualTo(1.0);
    blocked.cancel();
  }

  @Test
  void aDurablePoolCountsUnderMemberAny() {
    DistributedPool pool = DistributedPool.builder(member, "durable").durable(true).build();
    new DistributedPoolMetrics(pool, Tags.empty()).bindTo(registry);

    pool.submit(new Answer()).result(LONG);

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
        .isThrownBy(() -> pool.submit(new Answer()));

    assertThat(registry.get("executor.rejected").tags("name", "refusing").functionCounter().count())
        .isEqualTo(1.0);
  }

  @Test
  void closeRemovesEveryMeterAndLaterMembersAddNone() {
    DistributedPool pool = DistributedPool.builder(member, "closed").build();
    DistributedPoolMetrics metrics = new DistributedPoolMetrics(pool, Tags.empty());
    metrics.bindTo(registry);

    metrics.close();
    pool.submit(new Answer()).result(LONG);

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
      pool.submit(new Answer()).result(LONG);

      String scrape = prometheus.scrape();

      assertThat(scrape)
          .contains("executor_completed_tasks_total{name=\"local\"}")
          .contains("executor_completed_tasks_total{member=\"" + address + "\",name=\"spread\"}");
    } finally {
      local.shutdownNow();
    }
  }

  /** A task that returns at once. */
  static final class Answer implements Callable<Integer>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Integer call() {
      return 42;
    }
  }

  /** A task that waits for {@link #RELEASE}. */
  static final class Blocked implements Callable<String>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public String call() throws InterruptedException {
      RELEASE.await();
      return "released";
    }
  }
}
