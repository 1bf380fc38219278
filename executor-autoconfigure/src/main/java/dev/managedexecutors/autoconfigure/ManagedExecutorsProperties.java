package dev.managedexecutors.autoconfigure;

import dev.managedexecutors.RejectionPolicy;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Configuration of managed-executors, under the prefix {@code managed-executors}. Each entry of
 * {@code managed-executors.pools} declares a pool, which becomes a {@link
 * dev.managedexecutors.ManagedExecutor} bean named after it.
 *
 * <p>Unknown keys fail start-up (they are most often typos), as do invalid values; the report names
 * the property, the value and the fix.
 *
 * <p>Not thread-safe: bound once at start-up.
 */
@ConfigurationProperties(prefix = "managed-executors", ignoreUnknownFields = false)
public class ManagedExecutorsProperties {

  /** Prefix of every property of this class. */
  public static final String PREFIX = "managed-executors";

  /** Name of the pool created when no pool is marked primary; it is the primary pool then. */
  public static final String DEFAULT_POOL = "default";

  /**
   * Pools by name. Each becomes a ManagedExecutor bean of that name, injectable
   * with @Qualifier("<name>") and usable with @Async("<name>").
   */
  private final Map<String, Pool> pools = new LinkedHashMap<>();

  /**
   * Distributed pools by name, with executor-hazelcast on the class path and a HazelcastInstance
   * bean. Each becomes a DistributedPool bean of that name, injectable with @Qualifier("<name>").
   */
  private final Map<String, DistributedPoolProperties> distributed = new LinkedHashMap<>();

  /** The executors Actuator endpoint. */
  @NestedConfigurationProperty private final EndpointProperties endpoint = new EndpointProperties();

  /** The executors health contributor. */
  @NestedConfigurationProperty private final HealthProperties health = new HealthProperties();

  /** The pools' meters. */
  @NestedConfigurationProperty private final MetricsProperties metrics = new MetricsProperties();

  /** Propagation of the submitter's context (MDC, observation) into tasks. */
  @NestedConfigurationProperty
  private final ContextPropagationProperties contextPropagation =
      new ContextPropagationProperties();

  /** Creates properties with no pool declared. */
  public ManagedExecutorsProperties() {}

  /**
   * Returns the declared pools, by name, in declaration order.
   *
   * @return the pools; mutable, for binding
   */
  public Map<String, Pool> getPools() {
    return pools;
  }

  /**
   * Returns the declared distributed pools, by name, in declaration order.
   *
   * @return the distributed pools; mutable, for binding
   */
  public Map<String, DistributedPoolProperties> getDistributed() {
    return distributed;
  }

  /**
   * Returns the settings of the executors Actuator endpoint.
   *
   * @return the endpoint settings; mutable, for binding
   */
  public EndpointProperties getEndpoint() {
    return endpoint;
  }

  /**
   * Returns the settings of the executors health contributor.
   *
   * @return the health settings; mutable, for binding
   */
  public HealthProperties getHealth() {
    return health;
  }

  /**
   * Returns the settings of the pools' meters.
   *
   * @return the metrics settings; mutable, for binding
   */
  public MetricsProperties getMetrics() {
    return metrics;
  }

  /**
   * Returns the settings of context propagation.
   *
   * @return the context-propagation settings; mutable, for binding
   */
  public ContextPropagationProperties getContextPropagation() {
    return contextPropagation;
  }

  /**
   * Settings of one pool, under {@code managed-executors.pools.<name>}. The annotation below only
   * makes the configuration processor describe the keys of the {@code default} pool, so that IDEs
   * complete them with descriptions and defaults; every pool has the same keys.
   */
  @ConfigurationProperties(prefix = "managed-executors.pools.default")
  public static class Pool {

    /** Workers kept alive even when idle; idle workers beyond it end after keep-alive. */
    private int coreSize = 0;

    /**
     * Most workers running at once. Default: min(32, available processors + 4), as in Python's
     * ThreadPoolExecutor.
     */
    private @Nullable Integer maxSize;

    /**
     * Most tasks waiting for a worker; 0 means direct hand-off. Default: unbounded (2147483647).
     */
    private int queueCapacity = Integer.MAX_VALUE;

    /** How long a worker beyond core-size may stay idle before it ends. */
    private Duration keepAlive = Duration.ofSeconds(60);

    /** Prefix of worker thread names, which are "<prefix>-<n>". Default: the pool's name. */
    private @Nullable String threadNamePrefix;

    /** What happens to a task when every worker is busy and the queue is full. */
    private RejectionPolicy rejection = RejectionPolicy.ABORT;

    /** How long the "block" rejection policy waits for room before it rejects the task. */
    private Duration blockTimeout = Duration.ofSeconds(10);

    /**
     * How long a task may wait in the queue: a task that waited longer is cancelled, not run, and
     * counted in executor.timeouts{kind=queue}. Default: none.
     */
    private @Nullable Duration queueTimeout;

    /**
     * How long a task may run: a task still running after it is interrupted once and counted in
     * executor.timeouts{kind=run}; one that ignores the interrupt keeps its worker. Default: none.
     */
    private @Nullable Duration runTimeout;

    /** Whether to start the core workers at start-up rather than when the first tasks arrive. */
    private boolean prestart = false;

    /** Whether workers are daemon threads, which do not keep the JVM alive. */
    private boolean daemon = false;

    /**
     * Whether each task runs on a virtual thread (Java 21 or later); max-size then limits how many
     * run at once. Start-up fails on an older Java.
     */
    private boolean virtual = false;

    /**
     * Whether this pool is the primary ManagedExecutor, used by @Async without a qualifier, Spring
     * MVC async requests and the bootstrap executor. At most one pool may be primary; when none is,
     * the pool named "default" is.
     */
    private boolean primary = false;

    /** What happens to the pool's tasks when the application context closes. */
    private final Shutdown shutdown = new Shutdown();

    /** Creates settings with every default. */
    public Pool() {}

    /**
     * Returns a pool with every default, for a pool declared with no settings ({@code io: {}} or
     * {@code io:} in YAML, which Spring Boot reads as the empty value of {@code
     * managed-executors.pools.io}). Spring Boot's conversion service finds this method by name.
     *
     * @param declaration the value written for the pool itself
     * @return a pool with every default
     * @throws IllegalArgumentException if {@code declaration} is not blank: settings are written
     *     beneath the pool's name, not as its value
     */
    public static Pool valueOf(String declaration) {
      if (!declaration.isBlank()) {
        throw new IllegalArgumentException(
            "a pool's settings go beneath its name (io: {max-size: 4}), not as its value");
      }
      return new Pool();
    }

    /**
     * Returns the workers kept alive even when idle.
     *
     * @return the core size
     */
    public int getCoreSize() {
      return coreSize;
    }

    /**
     * Sets the workers kept alive even when idle.
     *
     * @param coreSize the core size
     */
    public void setCoreSize(int coreSize) {
      this.coreSize = coreSize;
    }

    /**
     * Returns the most workers running at once, or {@code null} for Python's default.
     *
     * @return the maximum size, or {@code null}
     */
    public @Nullable Integer getMaxSize() {
      return maxSize;
    }

    /**
     * Sets the most workers running at once.
     *
     * @param maxSize the maximum size, or {@code null} for Python's default
     */
    public void setMaxSize(@Nullable Integer maxSize) {
      this.maxSize = maxSize;
    }

    /**
     * Returns the most tasks waiting for a worker.
     *
     * @return the queue capacity; {@link Integer#MAX_VALUE} means unbounded
     */
    public int getQueueCapacity() {
      return queueCapacity;
    }

    /**
     * Sets the most tasks waiting for a worker.
     *
     * @param queueCapacity the queue capacity; 0 means direct hand-off
     */
    public void setQueueCapacity(int queueCapacity) {
      this.queueCapacity = queueCapacity;
    }

    /**
     * Returns how long a worker beyond the core size may stay idle.
     *
     * @return the keep-alive
     */
    public Duration getKeepAlive() {
      return keepAlive;
    }

    /**
     * Sets how long a worker beyond the core size may stay idle.
     *
     * @param keepAlive the keep-alive
     */
    public void setKeepAlive(Duration keepAlive) {
      this.keepAlive = keepAlive;
    }

    /**
     * Returns the prefix of worker thread names, or {@code null} for the pool's name.
     *
     * @return the prefix, or {@code null}
     */
    public @Nullable String getThreadNamePrefix() {
      return threadNamePrefix;
    }

    /**
     * Sets the prefix of worker thread names.
     *
     * @param threadNamePrefix the prefix, or {@code null} for the pool's name
     */
    public void setThreadNamePrefix(@Nullable String threadNamePrefix) {
      this.threadNamePrefix = threadNamePrefix;
    }

    /**
     * Returns the policy applied when the pool is saturated.
     *
     * @return the rejection policy
     */
    public RejectionPolicy getRejection() {
      return rejection;
    }

    /**
     * Sets the policy applied when the pool is saturated.
     *
     * @param rejection the rejection policy
     */
    public void setRejection(RejectionPolicy rejection) {
      this.rejection = rejection;
    }

    /**
     * Returns how long the block policy waits for room.
     *
     * @return the block timeout
     */
    public Duration getBlockTimeout() {
      return blockTimeout;
    }

    /**
     * Sets how long the block policy waits for room.
     *
     * @param blockTimeout the block timeout
     */
    public void setBlockTimeout(Duration blockTimeout) {
      this.blockTimeout = blockTimeout;
    }

    /**
     * Returns the queue timeout.
     *
     * @return the longest wait in the queue, or {@code null} for none
     */
    public @Nullable Duration getQueueTimeout() {
      return queueTimeout;
    }

    /**
     * Sets the queue timeout.
     *
     * @param queueTimeout the longest wait in the queue, or {@code null} for none
     */
    public void setQueueTimeout(@Nullable Duration queueTimeout) {
      this.queueTimeout = queueTimeout;
    }

    /**
     * Returns the run timeout.
     *
     * @return the longest run, or {@code null} for none
     */
    public @Nullable Duration getRunTimeout() {
      return runTimeout;
    }

    /**
     * Sets the run timeout.
     *
     * @param runTimeout the longest run, or {@code null} for none
     */
    public void setRunTimeout(@Nullable Duration runTimeout) {
      this.runTimeout = runTimeout;
    }

    /**
     * Returns whether the core workers start at start-up.
     *
     * @return whether to prestart the core workers
     */
    public boolean isPrestart() {
      return prestart;
    }

    /**
     * Sets whether the core workers start at start-up.
     *
     * @param prestart whether to prestart the core workers
     */
    public void setPrestart(boolean prestart) {
      this.prestart = prestart;
    }

    /**
     * Returns whether workers are daemon threads.
     *
     * @return whether workers are daemon threads
     */
    public boolean isDaemon() {
      return daemon;
    }

    /**
     * Sets whether workers are daemon threads.
     *
     * @param daemon whether workers are daemon threads
     */
    public void setDaemon(boolean daemon) {
      this.daemon = daemon;
    }

    /**
     * Returns whether tasks run on virtual threads.
     *
     * @return whether tasks run on virtual threads
     */
    public boolean isVirtual() {
      return virtual;
    }

    /**
     * Sets whether tasks run on virtual threads.
     *
     * @param virtual whether tasks run on virtual threads
     */
    public void setVirtual(boolean virtual) {
      this.virtual = virtual;
    }

    /**
     * Returns whether this pool is the primary one.
     *
     * @return whether this pool is primary
     */
    public boolean isPrimary() {
      return primary;
    }

    /**
     * Sets whether this pool is the primary one.
     *
     * @param primary whether this pool is primary
     */
    public void setPrimary(boolean primary) {
      this.primary = primary;
    }

    /**
     * Returns the shutdown settings.
     *
     * @return the shutdown settings; mutable, for binding
     */
    public Shutdown getShutdown() {
      return shutdown;
    }
  }

  /** What happens to a pool's tasks when the application context closes. */
  public static class Shutdown {

    /**
     * How long context close waits for the pool's queued and running tasks to finish; then tasks
     * that never started are cancelled and running ones interrupted. Capped by
     * spring.lifecycle.timeout-per-shutdown-phase.
     */
    private Duration awaitTermination = Duration.ofSeconds(20);

    /** Whether context close cancels the queued tasks at once instead of letting them run. */
    private boolean cancelPending = false;

    /** Creates settings with every default. */
    public Shutdown() {}

    /**
     * Returns how long context close waits for the pool's tasks.
     *
     * @return the await-termination period
     */
    public Duration getAwaitTermination() {
      return awaitTermination;
    }

    /**
     * Sets how long context close waits for the pool's tasks.
     *
     * @param awaitTermination the await-termination period
     */
    public void setAwaitTermination(Duration awaitTermination) {
      this.awaitTermination = awaitTermination;
    }

    /**
     * Returns whether context close cancels the queued tasks at once.
     *
     * @return whether to cancel the queued tasks
     */
    public boolean isCancelPending() {
      return cancelPending;
    }

    /**
     * Sets whether context close cancels the queued tasks at once.
     *
     * @param cancelPending whether to cancel the queued tasks
     */
    public void setCancelPending(boolean cancelPending) {
      this.cancelPending = cancelPending;
    }
  }
}
