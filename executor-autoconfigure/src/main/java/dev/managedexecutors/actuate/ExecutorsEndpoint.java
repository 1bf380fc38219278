package dev.managedexecutors.actuate;

import dev.managedexecutors.ManagedThreadPool;
import dev.managedexecutors.RejectionPolicy;
import dev.managedexecutors.autoconfigure.refresh.Reconfiguration;
import dev.managedexecutors.stats.PoolStats;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The {@code executors} Actuator endpoint: every {@link ManagedThreadPool} of the application, by
 * pool name, with its settings and live statistics ({@code /actuator/executors}), or one of them
 * ({@code /actuator/executors/{name}}, 404 when there is no such pool). The resize operation is
 * added by {@link ExecutorsEndpointWebExtension}.
 *
 * <p>Access is read-only by default, through Actuator's access model: the resize operation is
 * offered only with {@code management.endpoint.executors.access=unrestricted} (or {@code
 * management.endpoints.access.default=unrestricted}), within {@code
 * management.endpoints.access.max-permitted}.
 *
 * <p>Thread-safety: safe for use by many threads. The operations never block: statistics are read
 * without locking (see {@link PoolStats}).
 */
@Endpoint(id = "executors", defaultAccess = Access.READ_ONLY)
public class ExecutorsEndpoint {
  private final Supplier<Map<String, ManagedThreadPool>> pools;
  private final Supplier<Map<String, ?>> distributed;
  private final Supplier<List<Reconfiguration>> reconfigurations;

  /**
   * Creates the endpoint.
   *
   * @param pools returns the pools to show, by pool name; called on every operation, so pools
   *     created later are shown too
   */
  public ExecutorsEndpoint(Supplier<Map<String, ManagedThreadPool>> pools) {
    this(pools, Map::of, List::of);
  }

  /**
   * Creates the endpoint, with other executors listed under {@code distributed} and the last live
   * reconfigurations.
   *
   * @param pools returns the pools to show, by pool name; called on every operation, so pools
   *     created later are shown too
   * @param distributed returns the descriptions of other executors (see {@link
   *     ExecutorsEndpointContributor}), by bean name; called on every read of the whole list
   * @param reconfigurations returns the last live reconfigurations, newest first; called on every
   *     listing
   */
  public ExecutorsEndpoint(
      Supplier<Map<String, ManagedThreadPool>> pools,
      Supplier<Map<String, ?>> distributed,
      Supplier<List<Reconfiguration>> reconfigurations) {
    this.pools = pools;
    this.distributed = distributed;
    this.reconfigurations = reconfigurations;
  }

  /**
   * Describes every pool.
   *
   * @return the pools, by name, in name order
   */
  @ReadOperation
  public ExecutorsDescriptor executors() {
    Map<String, PoolDescriptor> described = new TreeMap<>();
    pools.get().forEach((name, pool) -> described.put(name, describe(name, pool)));
    return new ExecutorsDescriptor(
        described, new TreeMap<>(distributed.get()), reconfigurations.get());
  }

  /**
   * Describes one pool.
   *
   * @param name the pool's bean name
   * @return the pool, or {@code null} (HTTP 404) if there is no pool of that name
   */
  @ReadOperation
  public @Nullable PoolDescriptor pool(@Selector String name) {
    ManagedThreadPool pool = find(name);
    return pool == null ? null : describe(name, pool);
  }

  /**
   * Returns the pool of that bean name.
   *
   * @param name the pool's bean name
   * @return the pool, or {@code null} if there is none
   */
  @Nullable ManagedThreadPool find(String name) {
    return pools.get().get(name);
  }

  /**
   * Describes a pool as the endpoint shows it.
   *
   * @param name the pool's bean name
   * @param pool the pool
   * @return its description
   */
  static PoolDescriptor describe(String name, ManagedThreadPool pool) {
    PoolStats stats = pool.stats();
    PoolSettings settings =
        new PoolSettings(
            pool.coreWorkers(),
            pool.maxWorkers(),
            pool.queueCapacity(),
            pool.keepAlive().toString(),
            propertyValue(pool.rejection()),
            pool.blockTimeout().toString(),
            pool.threadNamePrefix(),
            pool.daemon(),
            pool.prestart(),
            pool.virtualThreads());
    return new PoolDescriptor(name, state(stats), settings, stats);
  }

  private static String propertyValue(RejectionPolicy policy) {
    return policy.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static String state(PoolStats stats) {
    if (stats.broken()) {
      return "BROKEN";
    }
    if (stats.terminated()) {
      return "TERMINATED";
    }
    return stats.shutdown() ? "SHUTDOWN" : "RUNNING";
  }

  /**
   * Every pool of the application, and the last live reconfigurations.
   *
   * @param pools the pools, by bean name, in name order
   * @param distributed other executors, such as distributed pools, by bean name, in name order
   * @param reconfigurations the last live reconfigurations (SPEC C1), applied or refused, newest
   *     first: when, which pool, what changed, what needs a restart, and why a set was refused
   */
  public record ExecutorsDescriptor(
      Map<String, PoolDescriptor> pools,
      Map<String, ?> distributed,
      List<Reconfiguration> reconfigurations) {
    /**
     * Describes local pools only.
     *
     * @param pools the pools, by pool name, in name order
     */
    public ExecutorsDescriptor(Map<String, PoolDescriptor> pools) {
      this(pools, Map.of(), List.of());
    }
  }

  /**
   * One pool: its settings now (a resize changes them) and its live statistics.
   *
   * @param name the pool's bean name
   * @param state {@code RUNNING}, {@code SHUTDOWN} (accepts no more tasks), {@code TERMINATED}
   *     (shut down and every worker ended) or {@code BROKEN} (a worker's initializer failed)
   * @param settings the pool's settings
   * @param stats a snapshot of the pool's statistics
   */
  public record PoolDescriptor(String name, String state, PoolSettings settings, PoolStats stats) {}

  /**
   * A pool's settings, named as the JSON body of the resize operation and, in kebab case, as the
   * properties under {@code managed-executors.pools.<name>}.
   *
   * @param coreSize workers kept alive even when idle
   * @param maxSize most workers running at once
   * @param queueCapacity most tasks waiting ({@code 2147483647} means unbounded)
   * @param keepAlive how long a worker beyond the core size may stay idle (ISO-8601)
   * @param rejection the rejection policy, as written in properties ({@code caller-runs}, …)
   * @param blockTimeout how long the {@code block} policy waits for room (ISO-8601)
   * @param threadNamePrefix prefix of the worker thread names
   * @param daemon whether workers are daemon threads
   * @param prestart whether the core workers were started with the pool
   * @param virtual whether tasks run on virtual threads
   */
  public record PoolSettings(
      int coreSize,
      int maxSize,
      int queueCapacity,
      String keepAlive,
      String rejection,
      String blockTimeout,
      String threadNamePrefix,
      boolean daemon,
      boolean prestart,
      boolean virtual) {}
}
