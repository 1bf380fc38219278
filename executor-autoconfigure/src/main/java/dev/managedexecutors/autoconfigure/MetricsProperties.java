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
}
