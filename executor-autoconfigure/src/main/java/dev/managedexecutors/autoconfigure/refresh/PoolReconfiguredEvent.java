package dev.managedexecutors.autoconfigure.refresh;

import dev.managedexecutors.ManagedThreadPool;
import org.springframework.context.ApplicationEvent;

/**
 * Published after a set of live changes was applied to a pool. Its source is the pool. Listeners
 * run in the thread that refreshed the environment, after the pool took the changes.
 */
public final class PoolReconfiguredEvent extends ApplicationEvent {
  private static final long serialVersionUID = 1L;

  private final transient Reconfiguration reconfiguration;

  /**
   * Creates the event.
   *
   * @param pool the pool that was reconfigured
   * @param reconfiguration what changed
   */
  public PoolReconfiguredEvent(ManagedThreadPool pool, Reconfiguration reconfiguration) {
    super(pool);
    this.reconfiguration = reconfiguration;
  }

  /**
   * Returns what changed.
   *
   * @return the reconfiguration, with outcome {@link Reconfiguration.Outcome#APPLIED}
   */
  public Reconfiguration getReconfiguration() {
    return reconfiguration;
  }
}
