package dev.managedexecutors.demo;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * The {@code hazelcast} profile: the Hazelcast configuration from which Spring Boot's Hazelcast
 * auto-configuration starts one embedded member in this JVM. The member listens on 127.0.0.1 only,
 * joins by TCP-IP with the members listed in {@code demo.hazelcast.members} (a second demo started
 * with this profile on the same machine joins the first), with multicast, auto-detection and
 * phone-home off: nothing leaves the machine. The distributed pool itself is declared in {@code
 * application-hazelcast.yml}.
 */
@Configuration(proxyBeanMethods = false)
@Profile("hazelcast")
class HazelcastDemoConfiguration {

  @Bean
  Config hazelcastConfig(
      @Value("${demo.hazelcast.cluster-name}") String clusterName,
      @Value("${demo.hazelcast.port}") int port,
      @Value("${demo.hazelcast.members}") List<String> members) {
    Config config = new Config();
    config.setClusterName(clusterName);
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.socket.bind.any", "false");
    config.setProperty("hazelcast.logging.type", "slf4j");
    NetworkConfig network = config.getNetworkConfig();
    // The first free port from `port` on: a second demo on this machine takes the next one.
    network.setPort(port).setPortAutoIncrement(true).setPortCount(10);
    network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true);
    for (String member : members) {
      join.getTcpIpConfig().addMember(member.trim());
    }
    return config;
  }
}
