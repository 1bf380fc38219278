package dev.managedexecutors.benchmarks;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Starts Hazelcast members embedded in this JVM for the distributed benchmarks: a cluster of its
 * own (random name), on 127.0.0.1 only, joined by TCP-IP on free loopback ports, multicast and
 * auto-detection off, phone-home and logging off, so nothing tries to reach another machine.
 *
 * <p>Thread-safety: stateless; {@link #start} may be called from any thread. It blocks until every
 * member has joined.
 */
final class EmbeddedMembers {
  private EmbeddedMembers() {}

  /**
   * Starts {@code n} members in one new cluster, in parallel, and returns them once all are up.
   *
   * @param n how many members
   * @param customizer applied to each member's configuration (e.g. an executor's pool size)
   * @return the members, in start order
   */
  static List<HazelcastInstance> start(int n, Consumer<Config> customizer) {
    String cluster = "bench-" + UUID.randomUUID();
    List<Integer> ports = freePorts(n);
    List<CompletableFuture<HazelcastInstance>> starting = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Config c = config(cluster, ports.get(i), ports);
      customizer.accept(c);
      starting.add(CompletableFuture.supplyAsync(() -> Hazelcast.newHazelcastInstance(c)));
    }
    List<HazelcastInstance> members = new ArrayList<>();
    starting.forEach(f -> members.add(f.join()));
    return members;
  }

  /**
   * Terminates the given members at once.
   *
   * @param members the members to stop
   */
  static void stop(List<HazelcastInstance> members) {
    members.forEach(m -> m.getLifecycleService().terminate());
  }

  private static List<Integer> freePorts(int n) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
      }
      List<Integer> ports = new ArrayList<>();
      sockets.forEach(s -> ports.add(s.getLocalPort()));
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      for (ServerSocket s : sockets) {
        try {
          s.close();
        } catch (IOException ignored) {
          // nothing to do
        }
      }
    }
  }

  private static Config config(String cluster, int port, List<Integer> all) {
    Config c = new Config();
    c.setClusterName(cluster);
    c.setProperty("hazelcast.phone.home.enabled", "false");
    c.setProperty("hazelcast.logging.type", "none");
    c.setProperty("hazelcast.socket.bind.any", "false");
    c.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
    c.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    JoinConfig j = c.getNetworkConfig().getJoin();
    j.getMulticastConfig().setEnabled(false);
    j.getAutoDetectionConfig().setEnabled(false);
    j.getTcpIpConfig().setEnabled(true);
    all.forEach(p -> j.getTcpIpConfig().addMember("127.0.0.1:" + p));
    return c;
  }
}
