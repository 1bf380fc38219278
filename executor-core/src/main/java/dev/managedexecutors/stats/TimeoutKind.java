package dev.managedexecutors.stats;

import java.util.Locale;

/** Which of a pool's task timeouts a task ran into. */
public enum TimeoutKind {
  /**
   * The task waited longer than the pool's queue timeout for a worker: it was cancelled, not run.
   */
  QUEUE,
  /** The task ran longer than the pool's run timeout: its thread was interrupted. */
  RUN;

  /**
   * Returns the kind as a meter tag value: {@code queue} or {@code run}.
   *
   * @return the lower-case name
   */
  public String tagValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}
