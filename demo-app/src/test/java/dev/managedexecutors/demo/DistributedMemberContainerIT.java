package dev.managedexecutors.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.managedexecutors.ManagedFuture;
import dev.managedexecutors.demo.ContainerEngine.ContainerTest;
import dev.managedexecutors.hazelcast.DistributedPool;
import dev.managedexecutors.hazelcast.MemberLostException;
import dev.managedexecutors.hazelcast.testing.LoopbackMembers;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * A Hazelcast member in a container (the JRE image, Debian's Java 17, running this test's class
 * path mounted read-only) is killed ({@code docker kill}) or frozen ({@code docker pause}) while it
 * runs tasks of distributed pools whose other two members run in this JVM; everything on 127.0.0.1,
 * host networking. No future stays pending: those addressed to the lost member fail with {@link
 * MemberLostException} naming it, the durable pool's task is carried out again on a survivor.
 */
@ContainerTest
class DistributedMemberContainerIT {
  private static final Duration LOSS_DETECTED = Duration.ofSeconds(90);
  private static final Path DIR = ObservabilityFiles.targetDir().resolve("distributed-member-it");

  private final List<HazelcastInstance> members = new ArrayList<>();
  private GenericContainer<?> container;
  private boolean paused;

  @AfterEach
  void stopEverything() {
    if (container != null) {
      if (paused) {
        DockerClientFactory.lazyClient().unpauseContainerCmd(container.getContainerId()).exec();
      }
      container.stop();
    }
    members.forEach(m -> m.getLifecycleService().terminate());
  }

  @Test
  void dockerKillMidTaskFailsTheFuturesNamingTheMemberAndTheDurableTaskCompletesElsewhere()
      throws Exception {
    loseTheContainerMemberMidTask(
        "kill", id -> DockerClientFactory.lazyClient().killContainerCmd(id).exec());
  }

  @Test
  void dockerPauseMidTaskFailsTheFuturesOnceTheMemberIsRemovedAndTheDurableTaskCompletesElsewhere()
      throws Exception {
    loseTheContainerMemberMidTask(
        "pause",
        id -> {
          DockerClientFactory.lazyClient().pauseContainerCmd(id).exec();
          paused = true;
        });
  }

  private void loseTheContainerMemberMidTask(String how, Consumer<String> lose) throws Exception {
    Path dir = DIR.resolve(how + "-" + UUID.randomUUID()).toAbsolutePath();
    Files.createDirectories(dir);
    String cluster = "container-it-" + UUID.randomUUID();
    List<Integer> ports =
        List.of(ContainerEngine.freePort(), ContainerEngine.freePort(), ContainerEngine.freePort());
    // The embedded members first: the oldest member is the master, and it must survive.
    List<CompletableFuture<HazelcastInstance>> starting = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      var config = LoopbackMembers.config(cluster, ports.get(i), ports, "embedded-" + i);
      starting.add(CompletableFuture.supplyAsync(() -> Hazelcast.newHazelcastInstance(config)));
    }
    starting.forEach(f -> members.add(f.join()));
    HazelcastInstance a = members.get(0);
    container = member(dir, cluster, ports);
    container.start();
    await().atMost(Duration.ofSeconds(120)).until(() -> a.getCluster().getMembers().size() == 3);
    Member lost =
        a.getCluster().getMembers().stream()
            .filter(m -> "container".equals(m.getAttribute("role")))
            .findFirst()
            .orElseThrow();

    DistributedPool pool = DistributedPool.builder(a, "in-container").build();
    DistributedPool durable =
        DistributedPool.builder(a, "in-container-durable").durable(true).build();
    Path bySelector = dir.resolve("by-selector");
    Path byDurable = dir.resolve("by-durable");
    ManagedFuture<String> selected =
        pool.submit(new StuckInContainer(bySelector), m -> m.getUuid().equals(lost.getUuid()));
    ManagedFuture<String> carriedOver =
        durable.submitToKeyOwner(new StuckInContainer(byDurable), keyOwnedBy(a, lost));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> Files.exists(bySelector) && Files.exists(byDurable));

    lose.accept(container.getContainerId());

    await().atMost(LOSS_DETECTED).until(() -> selected.done() && carriedOver.done());
    assertThat(selected.exception(Duration.ZERO))
        .isInstanceOf(MemberLostException.class)
        .hasMessageContaining(lost.getAddress().toString())
        .hasMessageContaining("'in-container'");
    Set<String> survivors =
        members.stream()
            .map(m -> "done on " + m.getCluster().getLocalMember().getUuid())
            .collect(Collectors.toSet());
    assertThat(carriedOver.result(Duration.ZERO)).isIn(survivors);
    assertThat(pool.stats().inFlight()).isZero();
    assertThat(durable.stats().inFlight()).isZero();
    pool.shutdown(true);
    durable.shutdown(true);
  }

  private static GenericContainer<?> member(Path dir, String cluster, List<Integer> ports) {
    List<Bind> binds = new ArrayList<>(classPathBinds());
    binds.add(new Bind(dir.toString(), new Volume(dir.toString()), AccessMode.rw));
    return ContainerEngine.onHostNetwork(ContainerEngine.JRE, dir.resolve("member.log"))
        .withCreateContainerCmdModifier(
            cmd -> Objects.requireNonNull(cmd.getHostConfig()).withBinds(binds))
        .withCommand(
            "-Xmx256m",
            "-Dhazelcast.phone.home.enabled=false",
            "-cp",
            classPath(),
            ContainerMember.class.getName(),
            cluster,
            String.valueOf(ports.get(2)),
            ports.stream().map(String::valueOf).collect(Collectors.joining(",")))
        .waitingFor(Wait.forLogMessage(".*READY.*", 1).withStartupTimeout(Duration.ofSeconds(120)));
  }

  private static String keyOwnedBy(HazelcastInstance hz, Member owner) {
    for (int i = 0; ; i++) {
      String key = "key-" + i;
      if (owner.equals(hz.getPartitionService().getPartition(key).getOwner())) {
        return key;
      }
    }
  }

  /** Surefire's real test class path (its own {@code java.class.path} is a manifest-only jar). */
  private static String classPath() {
    return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
  }

  /** Each class path entry, mounted read-only at its own path in the container. */
  private static List<Bind> classPathBinds() {
    return Stream.of(classPath().split(File.pathSeparator))
        .filter(entry -> !entry.isEmpty() && Files.exists(Path.of(entry)))
        .map(Path::of)
        .map(Path::toAbsolutePath)
        .map(Path::toString)
        .distinct()
        .map(entry -> new Bind(entry, new Volume(entry), AccessMode.ro))
        .toList();
  }

  static {
    System.setProperty("hazelcast.phone.home.enabled", "false");
  }
}
