package dev.managedexecutors.autoconfigure.refresh;

/**
 * Published when a set of live changes was refused (an invalid value, or a pool that could not take
 * it): no pool was changed. Its source is the {@link PoolReconfigurer}. Its {@link
 * #getReconfiguration()} has outcome {@link Reconfiguration.Outcome#REFUSED} and says why.
 */
public final class PoolReconfigurationRefusedEvent extends ReconfigurationEvent {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the event.
   *
   * @param source the reconfigurer that refused the set
   * @param reconfiguration what was asked for and why it was refused
   */
  public PoolReconfigurationRefusedEvent(Object source, Reconfiguration reconfiguration) {
    super(source, reconfiguration);
  }
}
