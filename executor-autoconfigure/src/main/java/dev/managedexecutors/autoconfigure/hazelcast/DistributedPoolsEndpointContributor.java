package dev.managedexecutors.autoconfigure.hazelcast;

import dev.managedexecutors.actuate.ExecutorsEndpointContributor;
import dev.managedexecutors.autoconfigure.DistributedPoolProperties;
import dev.managedexecutors.hazelcast.DistributedPool;
import dev.managedexecutors.hazelcast.DistributedPoolStats;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Lists the distributed pools in the {@code executors} endpoint, under {@code distributed}: each
 * with its state, its settings and its statistics (counts in total and per member).
 *
 * <p>Thread-safety: safe for use by many threads; never blocks (statistics are read without
 * locking).
 */
final class DistributedPoolsEndpointContributor implements ExecutorsEndpointContributor {
  private final DistributedPoolBeans pools;

  DistributedPoolsEndpointContributor(DistributedPoolBeans pools) {
    this.pools = pools;
  }

  @Override
  public Map<String, DistributedPoolDescriptor> describe() {
    Map<String, DistributedPoolDescriptor> described = new TreeMap<>();
    pools
        .existing()
        .forEach((name, pool) -> described.put(name, describe(name, pool, pools.settings(name))));
    return described;
  }

  static DistributedPoolDescriptor describe(
      String name, DistributedPool pool, DistributedPoolProperties declared) {
    DistributedPoolStats stats = pool.stats();
    String state = stats.terminated() ? "TERMINATED" : stats.shutdown() ? "SHUTDOWN" : "RUNNING";
    return new DistributedPoolDescriptor(
        name,
        state,
        new DistributedPoolSettings(
            stats.executorName(), pool.durable(), declared.getPoolSize(), declared.getCapacity()),
        stats);
  }

  /**
   * One distributed pool, as the endpoint shows it.
   *
   * @param name the pool's bean name
   * @param state {@code RUNNING}, {@code SHUTDOWN} (accepts no more tasks) or {@code TERMINATED}
   *     (shut down, and every future it handed out is done)
   * @param settings its settings
   * @param stats a snapshot of its statistics, with counts per member
   */
  public record DistributedPoolDescriptor(
      String name, String state, DistributedPoolSettings settings, DistributedPoolStats stats) {}

  /**
   * A distributed pool's settings, named as its properties under {@code
   * managed-executors.distributed.<name>}.
   *
   * @param executorName the Hazelcast executor service the tasks go to
   * @param durable whether it is Hazelcast's durable executor service
   * @param poolSize the executor service's threads per member, as declared; {@code null} when
   *     Hazelcast's configuration decides
   * @param capacity the executor service's capacity, as declared; {@code null} when Hazelcast's
   *     configuration decides
   */
  public record DistributedPoolSettings(
      String executorName,
      boolean durable,
      @Nullable Integer poolSize,
      @Nullable Integer capacity) {}
}
