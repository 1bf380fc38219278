package dev.managedexecutors.autoconfigure;

import dev.managedexecutors.InvalidSettingException;
import dev.managedexecutors.ManagedThreadPool;
import dev.managedexecutors.RejectionPolicy;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.ConfigurationProperty;

/**
 * A pool to create from {@code managed-executors.pools.<name>}: its settings and the decisions
 * taken at start-up (whether it is primary, whether it runs on virtual threads).
 *
 * <p>Maps each setting onto the core's {@link ManagedThreadPool.Builder}, which validates it; a
 * value the builder refuses is reported as an {@link InvalidPoolPropertyException} naming the
 * property, the value as written and the fix. No validation rule is repeated here, except for the
 * one setting the core does not have ({@code shutdown.await-termination}).
 *
 * @param name the pool's name, which is also its bean name
 * @param settings the bound settings
 * @param primary whether the pool is the primary {@code ManagedExecutor}
 * @param virtualThreads whether the pool runs its tasks on virtual threads
 */
record ConfiguredPool(
    String name,
    ManagedExecutorsProperties.Pool settings,
    boolean primary,
    boolean virtualThreads) {

  static final String REJECTION_VALUES =
      Arrays.stream(RejectionPolicy.values())
          .map(p -> p.name().toLowerCase(Locale.ROOT).replace('_', '-'))
          .collect(Collectors.joining(", "));

  /** Returns the full name of one of this pool's properties, e.g. {@code ...pools.io.max-size}. */
  String property(String key) {
    return ManagedExecutorsProperties.PREFIX + ".pools." + name + "." + key;
  }

  /**
   * Maps and validates every setting except the core size against the maximum size, which only
   * {@link #build} can check.
   *
   * @throws InvalidPoolPropertyException naming the first invalid property
   */
  ManagedThreadPool.Builder builder(PropertyLookup lookup) {
    ManagedExecutorsProperties.Pool s = settings;
    ManagedThreadPool.Builder b;
    try {
      b = ManagedThreadPool.builder(name);
    } catch (IllegalArgumentException e) {
      String pools = ManagedExecutorsProperties.PREFIX + ".pools";
      throw new InvalidPoolPropertyException(
          pools,
          name,
          String.valueOf(e.getMessage()),
          "Give the pool a name that is not blank.",
          null,
          e);
    }
    apply(lookup, "core-size", s.getCoreSize(), b::coreWorkers, "Use 0 or more.");
    Integer max = s.getMaxSize();
    if (max != null) {
      apply(
          lookup,
          "max-size",
          max,
          b::maxWorkers,
          "Use 1 to 32767, or remove it for the default (min(32, available processors + 4)).");
    }
    apply(
        lookup,
        "queue-capacity",
        s.getQueueCapacity(),
        b::queueCapacity,
        "Use 0 (direct hand-off) or more, or remove it for an unbounded queue.");
    apply(
        lookup,
        "keep-alive",
        s.getKeepAlive(),
        b::keepAlive,
        "Use a duration of 0 or more, such as 60s.");
    String prefix = s.getThreadNamePrefix();
    if (prefix != null) {
      apply(
          lookup,
          "thread-name-prefix",
          prefix,
          b::threadNamePrefix,
          "Use a prefix that is not blank, or remove it to name threads after the pool.");
    }
    apply(
        lookup,
        "rejection",
        s.getRejection(),
        b::rejection,
        "Use one of: " + REJECTION_VALUES + ".");
    apply(
        lookup,
        "block-timeout",
        s.getBlockTimeout(),
        b::blockTimeout,
        "Use a duration of 0 or more, such as 10s.");
    Duration queueTimeout = s.getQueueTimeout();
    if (queueTimeout != null) {
      apply(
          lookup,
          "queue-timeout",
          queueTimeout,
          b::queueTimeout,
          "Use a positive duration, such as 5s, or remove it for none.");
    }
    Duration runTimeout = s.getRunTimeout();
    if (runTimeout != null) {
      apply(
          lookup,
          "run-timeout",
          runTimeout,
          b::runTimeout,
          "Use a positive duration, such as 30s, or remove it for none.");
    }
    Duration await = s.getShutdown().getAwaitTermination();
    if (await == null || await.isNegative()) {
      throw invalid(
          lookup,
          "shutdown.await-termination",
          await,
          "must be a duration of 0 or more, was " + await,
          "Use a duration of 0 or more, such as 20s (0 stops the pool without waiting).",
          null);
    }
    b.prestart(s.isPrestart()).daemon(s.isDaemon());
    try {
      b.virtualThreads(virtualThreads);
    } catch (UnsupportedOperationException e) {
      // Only a pool that asks for virtual threads itself gets here: the default pool follows
      // spring.threads.virtual.enabled only where virtual threads exist.
      throw invalid(
          lookup,
          "virtual",
          true,
          "virtual threads need Java 21 or later; this is Java " + Runtime.version().feature(),
          "Run the application on Java 21 or later, or remove " + property("virtual") + ".",
          e);
    }
    return b;
  }

  /**
   * Builds the pool, after the customizers have seen the builder. The only check left to {@link
   * ManagedThreadPool.Builder#build()} is the core size against the maximum size, reported against
   * {@code max-size}.
   *
   * @throws InvalidPoolPropertyException naming the first invalid property
   */
  ManagedThreadPool build(
      PropertyLookup lookup,
      @Nullable UnaryOperator<Runnable> taskDecorator,
      Consumer<ManagedThreadPool.Builder> customizers) {
    ManagedThreadPool.Builder b = builder(lookup).taskDecorator(taskDecorator);
    customizers.accept(b);
    try {
      return b.build();
    } catch (InvalidSettingException e) {
      throw coreAboveMax(lookup, e);
    }
  }

  /** The report of a core size above the maximum size, made against {@code max-size}. */
  InvalidPoolPropertyException coreAboveMax(PropertyLookup lookup, @Nullable Throwable e) {
    int core = settings.getCoreSize();
    Integer configuredMax = settings.getMaxSize();
    int max = configuredMax != null ? configuredMax : ManagedThreadPool.defaultMaxWorkers();
    String maxText = configuredMax != null ? "" : ", the default on this machine";
    return invalid(
        lookup,
        "max-size",
        max,
        "max-size (" + max + maxText + ") is less than core-size (" + core + ")",
        "Raise "
            + property("max-size")
            + " to at least "
            + core
            + ", or lower "
            + property("core-size")
            + " to at most "
            + max
            + ".",
        e);
  }

  private <T> void apply(
      PropertyLookup lookup, String key, @Nullable T value, Consumer<T> setter, String action) {
    if (value == null) {
      throw invalid(lookup, key, null, "must not be empty", action, null);
    }
    try {
      setter.accept(value);
    } catch (IllegalArgumentException e) {
      throw invalid(lookup, key, value, String.valueOf(e.getMessage()), action, e);
    }
  }

  private InvalidPoolPropertyException invalid(
      PropertyLookup lookup,
      String key,
      @Nullable Object boundValue,
      String reason,
      String action,
      @Nullable Throwable cause) {
    String name = property(key);
    ConfigurationProperty written = lookup.find(name);
    Object value = written != null ? written.getValue() : boundValue;
    return new InvalidPoolPropertyException(
        name,
        value == null ? null : String.valueOf(value),
        reason,
        action,
        written != null ? written.getOrigin() : null,
        cause);
  }
}
