package dev.managedexecutors.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * One distributed pool, under {@code managed-executors.distributed.<name>}: a {@code
 * DistributedPool} (module {@code executor-hazelcast}) whose tasks run on the members of the
 * application's Hazelcast cluster. It is declared only when {@code executor-hazelcast} is on the
 * class path and a {@code HazelcastInstance} bean exists (as Spring Boot's Hazelcast
 * auto-configuration creates); it becomes a bean named after the pool.
 *
 * <p>{@code pool-size} and {@code capacity} configure Hazelcast's executor service of that name on
 * the members (added to the running cluster's configuration); left out, Hazelcast's own
 * configuration or defaults apply.
 *
 * <p>Not thread-safe: bound once at start-up.
 */
public class DistributedPoolProperties {

  /** Name of the Hazelcast executor service the tasks go to. Defaults to the pool's name. */
  private @Nullable String executorName;

  /**
   * Whether to use Hazelcast's durable executor service, which carries a task out again on another
   * member when its member leaves (at least once); otherwise such a task's future fails with
   * MemberLostException (at most once).
   */
  private boolean durable = false;

  /**
   * Threads of the executor service on each member. Defaults to Hazelcast's configuration of that
   * executor service, or its default (16).
   */
  private @Nullable Integer poolSize;

  /**
   * Tasks the executor service holds: per member for a plain pool (its queue), per partition for a
   * durable one. Defaults to Hazelcast's configuration of that executor service, or its default
   * (unbounded for a plain pool, 100 per partition for a durable one).
   */
  private @Nullable Integer capacity;

  /** What happens to the tasks this application submitted when its context closes. */
  private final ManagedExecutorsProperties.Shutdown shutdown =
      new ManagedExecutorsProperties.Shutdown();

  /** Creates settings with every default. */
  public DistributedPoolProperties() {}

  /**
   * Returns the name of the Hazelcast executor service.
   *
   * @return the name, or {@code null} for the pool's name
   */
  public @Nullable String getExecutorName() {
    return executorName;
  }

  /**
   * Sets the name of the Hazelcast executor service.
   *
   * @param executorName the name, or {@code null} for the pool's name
   */
  public void setExecutorName(@Nullable String executorName) {
    this.executorName = executorName;
  }

  /**
   * Returns whether the pool uses Hazelcast's durable executor service.
   *
   * @return whether the pool is durable
   */
  public boolean isDurable() {
    return durable;
  }

  /**
   * Sets whether the pool uses Hazelcast's durable executor service.
   *
   * @param durable whether the pool is durable
   */
  public void setDurable(boolean durable) {
    this.durable = durable;
  }

  /**
   * Returns the threads of the executor service on each member.
   *
   * @return the pool size, or {@code null} for Hazelcast's
   */
  public @Nullable Integer getPoolSize() {
    return poolSize;
  }

  /**
   * Sets the threads of the executor service on each member.
   *
   * @param poolSize the pool size, or {@code null} for Hazelcast's
   */
  public void setPoolSize(@Nullable Integer poolSize) {
    this.poolSize = poolSize;
  }

  /**
   * Returns the tasks the executor service holds.
   *
   * @return the capacity, or {@code null} for Hazelcast's
   */
  public @Nullable Integer getCapacity() {
    return capacity;
  }

  /**
   * Sets the tasks the executor service holds.
   *
   * @param capacity the capacity, or {@code null} for Hazelcast's
   */
  public void setCapacity(@Nullable Integer capacity) {
    this.capacity = capacity;
  }

  /**
   * Returns what happens to the pool's tasks when the context closes.
   *
   * @return the shutdown settings; mutable, for binding
   */
  public ManagedExecutorsProperties.Shutdown getShutdown() {
    return shutdown;
  }
}
