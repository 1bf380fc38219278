package dev.managedexecutors.docs;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.HazelcastInstance;
import dev.managedexecutors.CloseableIterator;
import dev.managedexecutors.ManagedFuture;
import dev.managedexecutors.MapOptions;
import dev.managedexecutors.hazelcast.DistributedPool;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The snippets of docs/distributed.md, compiled. */
final class DistributedQuickStart {
  private static final Logger log = LoggerFactory.getLogger(DistributedQuickStart.class);

  /** A task that runs on a member: serializable, and its class is on every member's class path. */
  record BuildReport(long customerId) implements Callable<String>, Serializable {
    @Override
    public String call() {
      return "report of " + customerId;
    }
  }

  long run(HazelcastInstance hz, List<Integer> inputs) {
    LongAdder total = new LongAdder();
    // tag::distributed[]
    try (DistributedPool pool = DistributedPool.builder(hz, "reports").build()) {
      ManagedFuture<String> report = pool.submit(new BuildReport(42));
      report.addDoneCallback(f -> log.info("report ready: {}", f));
      String text = report.result(Duration.ofMinutes(1)); // FutureTimeoutException if late

      Function<Integer, Integer> square = (Function<Integer, Integer> & Serializable) x -> x * x;
      try (CloseableIterator<Integer> squares =
          pool.map(square, inputs, MapOptions.defaults().withChunksize(100))) {
        squares.forEachRemaining(total::add); // in input order, 100 items per remote task
      }
      log.debug("{}; {} so far", text, total.sum());
    } // close() = shutdown(wait=true) for what this pool submitted; the cluster goes on
    // end::distributed[]
    return total.sum();
  }

  static Config loopbackOnly(String clusterName, int port, int otherPort) {
    // tag::network[]
    Config config = new Config();
    config.setClusterName(clusterName);
    // Also as a system property: -Dhazelcast.phone.home.enabled=false
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.socket.bind.any", "false");
    NetworkConfig net = config.getNetworkConfig();
    net.setPort(port).setPortAutoIncrement(false);
    net.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    JoinConfig join = net.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1:" + otherPort);
    // end::network[]
    return config;
  }
}
