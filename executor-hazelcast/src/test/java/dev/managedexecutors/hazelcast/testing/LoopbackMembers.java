package dev.managedexecutors.hazelcast.testing;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
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

/**
 * Hazelcast members for tests, shared with the other modules through this module's test-jar ({@code
 * <type>test-jar</type>}, scope {@code test}): 127.0.0.1 only, TCP-IP join with an explicit member
 * list, multicast and auto-detection off, phone-home off, and failure detection quick enough for
 * tests (a member silent for 10 s is removed).
 *
 * <p>Thread-safety: the methods are safe for use by many threads.
 */
public final class LoopbackMembers {
  private LoopbackMembers() {}

  static {
    System.setProperty("hazelcast.phone.home.enabled", "false");
    System.setProperty("hazelcast.logging.type", "jdk");
  }

  /**
   * Returns ports free on 127.0.0.1 now (another process may still take them: good enough for
   * tests).
   *
   * @param n how many
   * @return {@code n} distinct ports
   * @throws UncheckedIOException if no port can be opened
   */
  public static List<Integer> freePorts(int n) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
      }
      List<Integer> ports = new ArrayList<>();
      for (ServerSocket s : sockets) {
        ports.add(s.getLocalPort());
      }
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

  /**
   * Returns the configuration of one member.
   *
   * @param clusterName the cluster's name (unique per test class, so clusters never mix)
   * @param port this member's port on 127.0.0.1
   * @param allPorts the ports of every member of the cluster, to join by TCP-IP
   * @param role the member attribute {@code role}, also the end of the instance name
   * @return a new configuration
   */
  public static Config config(String clusterName, int port, List<Integer> allPorts, String role) {
    Config c = new Config();
    c.setClusterName(clusterName);
    c.setInstanceName(clusterName + "-" + role);
    c.setProperty("hazelcast.phone.home.enabled", "false");
    c.setProperty("hazelcast.logging.type", "jdk");
    c.setProperty("hazelcast.socket.bind.any", "false");
    c.setProperty("hazelcast.wait.seconds.before.join", "0");
    c.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    c.setProperty("hazelcast.max.no.heartbeat.seconds", "10");
    c.setProperty("hazelcast.partition.count", "31");
    c.getMemberAttributeConfig().setAttribute("role", role);
    NetworkConfig n = c.getNetworkConfig();
    n.setPort(port).setPortAutoIncrement(false).setPortCount(1);
    n.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    JoinConfig j = n.getJoin();
    j.getMulticastConfig().setEnabled(false);
    j.getAutoDetectionConfig().setEnabled(false);
    j.getTcpIpConfig().setEnabled(true);
    for (int p : allPorts) {
      j.getTcpIpConfig().addMember("127.0.0.1:" + p);
    }
    return c;
  }

  /**
   * Returns the configuration of a cluster of one member, on a free port, in a cluster named {@code
   * <prefix>-<random UUID>}.
   *
   * @param prefix the start of the cluster's name
   * @return a new configuration
   */
  public static Config single(String prefix) {
    List<Integer> port = freePorts(1);
    return config(prefix + "-" + UUID.randomUUID(), port.get(0), port, "single");
  }

  /**
   * Starts a cluster of one member ({@link #single}); blocks until it runs.
   *
   * @param prefix the start of the cluster's name
   * @return the member
   */
  public static HazelcastInstance startSingle(String prefix) {
    return Hazelcast.newHazelcastInstance(single(prefix));
  }

  /**
   * Starts one member per role, at once, on the given ports (one per role, in order); blocks until
   * all run.
   *
   * @param clusterName the cluster's name
   * @param ports the members' ports, one per role
   * @param roles the members' roles
   * @return the members, in the order of {@code roles}
   */
  public static List<HazelcastInstance> start(
      String clusterName, List<Integer> ports, List<String> roles) {
    List<CompletableFuture<HazelcastInstance>> starting = new ArrayList<>();
    for (int i = 0; i < roles.size(); i++) {
      Config c = config(clusterName, ports.get(i), ports, roles.get(i));
      starting.add(CompletableFuture.supplyAsync(() -> Hazelcast.newHazelcastInstance(c)));
    }
    List<HazelcastInstance> members = new ArrayList<>();
    for (CompletableFuture<HazelcastInstance> f : starting) {
      members.add(f.join());
    }
    return members;
  }

  /**
   * Terminates the members, ignoring those already gone.
   *
   * @param members the members
   */
  public static void shutdownAll(List<HazelcastInstance> members) {
    for (HazelcastInstance m : members) {
      try {
        m.getLifecycleService().terminate();
      } catch (RuntimeException ignored) {
        // already gone
      }
    }
  }
}
