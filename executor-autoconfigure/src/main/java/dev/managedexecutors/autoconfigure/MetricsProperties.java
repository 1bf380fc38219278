package dev.managedexecutors.autoconfigure;

import org.jspecify.annotations.Nullable;

/** Settings of the pools' meters, under {@code managed-executors.metrics}. */
public class MetricsProperties {

  /**
   * Value of the "name" tag on the primary pool's executor meters, instead of the pool's name. Set
   * it to applicationTaskExecutor to keep the series Spring Boot published for its own executor,
   * which the starter replaces, so that existing dashboards and alerts go on working.
   */
  private @Nullable String primaryNameTag;

  /**
   * Whether to register the executor and executor.idle timers (time running, time queued) of every
   * pool. Off, the pools read no clock for their tasks; on, with Micrometer's default timer
   * configuration, they read it about once per task in the submitter and once in the worker (see
   * docs/PERFORMANCE.md for the measured cost).
   */
  private boolean timers = true;

  /** Creates settings with every default. */
  public MetricsProperties() {}

  /**
   * Returns the name tag of the primary pool's meters.
   *
   * @return the tag value, or {@code null} for the pool's own name
   */
  public @Nullable String getPrimaryNameTag() {
    return primaryNameTag;
  }

  /**
   * Sets the name tag of the primary pool's meters.
   *
   * @param primaryNameTag the tag value, or {@code null} for the pool's own name
   */
  public void setPrimaryNameTag(@Nullable String primaryNameTag) {
    this.primaryNameTag = primaryNameTag;
  }

  /**
   * Returns whether the timers are registered.
   *
   * @return {@code true} (the default) to register them
   */
  public boolean isTimers() {
    return timers;
  }

  /**
   * Sets whether the timers are registered.
   *
   * @param timers {@code false} to leave them out
   */
  public void setTimers(boolean timers) {
    this.timers = timers;
  }
}
