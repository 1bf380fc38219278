package dev.managedexecutors.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import dev.managedexecutors.InvalidSettingException;
import dev.managedexecutors.ManagedFuture;
import dev.managedexecutors.ShutdownReport;
import dev.managedexecutors.Shutdowns;
import dev.managedexecutors.hazelcast.testing.LoopbackMembers;
import dev.managedexecutors.hazelcast.testing.Tasks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The graceful shutdown of a distributed pool, {@link DistributedPool#shutdown(Duration, boolean)},
 * over two real members in this JVM: what it waits for, what it cancels, and what its report says.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DistributedPoolShutdownTests {
  private static final Duration LONG = Duration.ofSeconds(30);

  private List<HazelcastInstance> members = List.of();
  private HazelcastInstance a;
  private final List<String> latches = new ArrayList<>();

  @BeforeAll
  void startCluster() {
    String cluster = "shutdown-tests-" + UUID.randomUUID();
    members = LoopbackMembers.start(cluster, LoopbackMembers.freePorts(2), List.of("a", "b"));
    a = members.get(0);
    await().atMost(Duration.ofSeconds(60)).until(() -> a.getCluster().getMembers().size() == 2);
  }

  @AfterAll
  void stopCluster() {
    LoopbackMembers.shutdownAll(members);
  }

  @AfterEach
  void release() {
    latches.forEach(id -> Tasks.latch(id).countDown());
    latches.clear();
  }

  private DistributedPool pool(String name) {
    return DistributedPool.builder(a, name).build();
  }

  private Tasks.Blocks blocking() {
    String id = UUID.randomUUID().toString();
    latches.add(id);
    Tasks.latch(id);
    return new Tasks.Blocks(id);
  }

  @Test
  void aTaskThatFinishesWithinTheAwaitIsCountedCompletedAndTheReportIsClean() {
    DistributedPool p = pool("drain-finishes");
    ManagedFuture<String> done = p.submit(new Tasks.Constant("early"));
    assertThat(done.result(LONG)).isEqualTo("early");
    await().atMost(LONG).until(() -> p.stats().completed() == 1);
    Tasks.Blocks task = blocking();
    ManagedFuture<String> f = p.submit(task);
    await().atMost(LONG).until(() -> Tasks.STARTED.contains(task.id()));

    CompletableFuture<ShutdownReport> shutting =
        CompletableFuture.supplyAsync(() -> p.shutdown(LONG, false));
    await().atMost(LONG).until(p::isShutdown);
    assertThat(shutting).isNotDone();
    Tasks.latch(task.id()).countDown();
    ShutdownReport report = shutting.join();

    assertThat(f.result(Duration.ZERO)).isEqualTo(task.id());
    assertThat(report.pool()).isEqualTo("drain-finishes");
    assertThat(report.completed()).isEqualTo(1); // the task submitted before is not counted
    assertThat(report.cancelled()).isZero();
    assertThat(report.interrupted()).isZero();
    assertThat(report.stillRunning()).isZero();
    assertThat(report.awaited()).isEqualTo(LONG);
    assertThat(report.terminated()).isTrue();
    assertThat(report.clean()).isTrue();
  }

  @Test
  void whenTheAwaitEndsTheFuturesNotDoneAreCancelledAndTheirTasksInterrupted() {
    DistributedPool p = pool("drain-deadline");
    Tasks.Blocks task = blocking();
    ManagedFuture<String> f = p.submit(task);
    await().atMost(LONG).until(() -> Tasks.STARTED.contains(task.id()));

    ShutdownReport report = p.shutdown(Duration.ofMillis(50), false);

    assertThat(f.cancelled()).isTrue();
    assertThat(report.completed()).isZero();
    assertThat(report.cancelled()).isZero();
    assertThat(report.interrupted()).isEqualTo(1);
    assertThat(report.terminated()).isTrue();
    assertThat(report.stillRunning()).isZero();
    assertThat(report.clean()).isFalse();
    assertThat(p.isTerminated()).isTrue();
    await().atMost(LONG).until(() -> Tasks.INTERRUPTED.contains(task.id()));
  }

  @Test
  void withCancelPendingTheFuturesNotDoneAreCancelledAtOnce() {
    DistributedPool p = pool("drain-cancel");
    List<ManagedFuture<String>> fs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      fs.add(p.submit(blocking()));
    }

    ShutdownReport report = p.shutdown(LONG, true);

    assertThat(fs).allMatch(ManagedFuture::cancelled);
    assertThat(report.cancelled()).isEqualTo(3);
    assertThat(report.interrupted()).isZero();
    assertThat(report.terminated()).isTrue();
  }

  @Test
  void aNegativeAwaitIsRefusedNamingTheSettingAndThePoolKeepsRunning() {
    DistributedPool p = pool("drain-negative");
    assertThatThrownBy(() -> p.shutdown(Duration.ofMillis(-1), false))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("awaitTermination");
    assertThat(p.isShutdown()).isFalse();
    p.shutdown(Duration.ZERO, true);
  }

  @Test
  void shutdownsInParallelDrainsADistributedPoolWithTheOthers() {
    DistributedPool first = pool("drain-parallel-1");
    DistributedPool second = pool("drain-parallel-2");
    first.submit(new Tasks.Constant("x")).result(LONG);
    ManagedFuture<String> f = second.submit(blocking());

    List<ShutdownReport> reports =
        Shutdowns.all(
            List.of(
                new Shutdowns.Plan(first, LONG, false),
                new Shutdowns.Plan(second, Duration.ZERO, false)));

    assertThat(reports)
        .extracting(ShutdownReport::pool)
        .containsExactlyInAnyOrder("drain-parallel-1", "drain-parallel-2");
    assertThat(reports).allMatch(ShutdownReport::terminated);
    assertThat(f.cancelled()).isTrue();
  }
}
