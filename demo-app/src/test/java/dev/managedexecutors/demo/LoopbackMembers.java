package dev.managedexecutors.demo;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import java.util.List;

/**
 * Hazelcast member configuration for the container tests: 127.0.0.1 only, TCP-IP join with an
 * explicit member list, multicast, auto-detection and phone-home off, and failure detection quick
 * enough for tests (a member silent for 10 s is removed).
 */
final class LoopbackMembers {
  private LoopbackMembers() {}

  static Config config(String cluster, int port, List<Integer> allPorts, String role) {
    Config c = new Config();
    c.setClusterName(cluster);
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
}
