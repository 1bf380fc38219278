package dev.managedexecutors.hazelcast;

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
import java.util.concurrent.CompletableFuture;

/**
 * Members for tests: 127.0.0.1 only, TCP-IP join with an explicit member list, multicast and
 * auto-detection off, phone-home off, and failure detection quick enough for tests.
 */
final class TestMembers {
  private TestMembers() {}

  static {
    System.setProperty("hazelcast.phone.home.enabled", "false");
    System.setProperty("hazelcast.logging.type", "jdk");
  }

  /** Ports free on 127.0.0.1 now (another process may still take them: good enough for tests). */
  static List<Integer> freePorts(int n) {
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

  static Config config(String clusterName, int port, List<Integer> allPorts, String role) {
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

  /** Starts one member per role, at once, on the given ports (one per role, in order). */
  static List<HazelcastInstance> start(
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

  static void shutdownAll(List<HazelcastInstance> members) {
    for (HazelcastInstance m : members) {
      try {
        m.getLifecycleService().terminate();
      } catch (RuntimeException ignored) {
        // already gone
      }
    }
  }
}
