package dev.managedexecutors.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import dev.managedexecutors.ManagedFuture;
import dev.managedexecutors.hazelcast.testing.LoopbackMembers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member in a child JVM is killed while it runs tasks: no future stays pending; the non-durable
 * ones fail naming the member, the durable one is carried out again on another member.
 */
class MemberLossTests {
  private static final Duration LOSS_DETECTED = Duration.ofSeconds(60);

  @TempDir Path dir;

  private final List<HazelcastInstance> members = new ArrayList<>();
  private Process child;

  @AfterEach
  void stopEverything() throws InterruptedException {
    if (child != null) {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
    LoopbackMembers.shutdownAll(members);
  }

  @Test
  void killingTheMemberMidTaskFailsItsFuturesNamingItAndTheDurableTaskCompletesElsewhere()
      throws Exception {
    String cluster = "loss-tests-" + UUID.randomUUID();
    List<Integer> ports = LoopbackMembers.freePorts(3);
    child = startChild(cluster, ports.get(2), ports);
    members.addAll(LoopbackMembers.start(cluster, ports.subList(0, 2), List.of("a", "b")));
    HazelcastInstance a = members.get(0);
    await().atMost(Duration.ofSeconds(90)).until(() -> a.getCluster().getMembers().size() == 3);
    Member childMember =
        a.getCluster().getMembers().stream()
            .filter(m -> "child".equals(m.getAttribute("role")))
            .findFirst()
            .orElseThrow();
    String childKey = keyOwnedBy(a, childMember);

    DistributedPool pool = DistributedPool.builder(a, "loss").build();
    DistributedPool durable = DistributedPool.builder(a, "loss-durable").durable(true).build();
    Path bySelector = dir.resolve("by-selector");
    Path byKey = dir.resolve("by-key");
    Path byDurable = dir.resolve("by-durable");
    ManagedFuture<String> selected =
        pool.submit(new StuckOnChild(bySelector), m -> "child".equals(m.getAttribute("role")));
    ManagedFuture<String> keyed = pool.submitToKeyOwner(new StuckOnChild(byKey), childKey);
    ManagedFuture<String> carriedOver =
        durable.submitToKeyOwner(new StuckOnChild(byDurable), childKey);
    List<ManagedFuture<String>> anywhere = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      anywhere.add(pool.submit(new StuckOnChild(dir.resolve("anywhere-" + i))));
    }
    await()
        .atMost(LOSS_DETECTED)
        .until(() -> Files.exists(bySelector) && Files.exists(byKey) && Files.exists(byDurable));

    child.destroyForcibly();

    await()
        .atMost(LOSS_DETECTED)
        .until(
            () ->
                selected.done()
                    && keyed.done()
                    && carriedOver.done()
                    && anywhere.stream().allMatch(ManagedFuture::done));
    String childAddress = childMember.getAddress().toString();
    for (ManagedFuture<String> f : List.of(selected, keyed)) {
      assertThat(f.exception(Duration.ZERO))
          .isInstanceOf(MemberLostException.class)
          .hasMessageContaining(childAddress)
          .hasMessageContaining("'loss'");
      assertThat(((MemberLostException) f.exception(Duration.ZERO)).member())
          .contains(childAddress);
    }
    Set<String> survivors =
        members.stream()
            .map(m -> "done on " + m.getCluster().getLocalMember().getUuid())
            .collect(Collectors.toSet());
    for (ManagedFuture<String> f : anywhere) {
      Throwable e = f.exception(Duration.ZERO);
      if (e == null) {
        assertThat(f.result(Duration.ZERO)).isIn(survivors);
      } else {
        assertThat(e).isInstanceOf(MemberLostException.class).hasMessageContaining(childAddress);
      }
    }
    assertThat(carriedOver.result(Duration.ZERO)).isIn(survivors);
    assertThat(pool.stats().inFlight()).isZero();
    assertThat(durable.stats().inFlight()).isZero();
    assertThat(pool.stats().memberLost()).isGreaterThanOrEqualTo(2);
    String childUuid = childMember.getUuid().toString();
    assertThat(pool.stats().members())
        .filteredOn(m -> m.member().contains(childUuid))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.failed()).isGreaterThanOrEqualTo(2).isEqualTo(m.submitted());
              assertThat(m.inFlight()).isZero();
            });
    pool.shutdown(true);
    durable.shutdown(true);
  }

  private static String keyOwnedBy(HazelcastInstance hz, Member owner) {
    for (int i = 0; ; i++) {
      String key = "key-" + i;
      if (owner.equals(hz.getPartitionService().getPartition(key).getOwner())) {
        return key;
      }
    }
  }

  private Process startChild(String cluster, int port, List<Integer> ports) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath = System.getProperty("java.class.path");
    String portList = ports.stream().map(String::valueOf).collect(Collectors.joining(","));
    ProcessBuilder pb =
        new ProcessBuilder(
            java,
            "-Xmx256m",
            "-Dhazelcast.phone.home.enabled=false",
            "-cp",
            classPath,
            ChildMember.class.getName(),
            cluster,
            String.valueOf(port),
            portList);
    pb.redirectErrorStream(true);
    pb.redirectOutput(dir.resolve("child.log").toFile());
    return pb.start();
  }
}
