package dev.managedexecutors.autoconfigure.refresh;

import org.springframework.context.ApplicationEvent;

/**
 * Published when a set of live changes was refused (an invalid value, or a pool that could not take
 * it): no pool was changed. Its source is the {@link PoolReconfigurer}.
 */
public final class PoolReconfigurationRefusedEvent extends ApplicationEvent {
  private static final long serialVersionUID = 1L;

  private final transient Reconfiguration reconfiguration;

  /**
   * Creates the event.
   *
   * @param source the reconfigurer that refused the set
   * @param reconfiguration what was asked for and why it was refused
   */
  public PoolReconfigurationRefusedEvent(Object source, Reconfiguration reconfiguration) {
    super(source);
    this.reconfiguration = reconfiguration;
  }

  /**
   * Returns what was asked for and why it was refused.
   *
   * @return the reconfiguration, with outcome {@link Reconfiguration.Outcome#REFUSED}
   */
  public Reconfiguration getReconfiguration() {
    return reconfiguration;
  }
}
