package dev.managedexecutors.autoconfigure.refresh;

import dev.managedexecutors.ManagedThreadPool;

/**
 * Published after a set of live changes was applied to a pool. Its source is the pool. Listeners
 * run in the thread that refreshed the environment, after the pool took the changes. Its {@link
 * #getReconfiguration()} has outcome {@link Reconfiguration.Outcome#APPLIED}.
 */
public final class PoolReconfiguredEvent extends ReconfigurationEvent {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the event.
   *
   * @param pool the pool that was reconfigured
   * @param reconfiguration what changed
   */
  public PoolReconfiguredEvent(ManagedThreadPool pool, Reconfiguration reconfiguration) {
    super(pool, reconfiguration);
  }
}
