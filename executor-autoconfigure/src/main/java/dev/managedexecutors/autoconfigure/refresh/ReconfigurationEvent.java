package dev.managedexecutors.autoconfigure.refresh;

import org.springframework.context.ApplicationEvent;

/**
 * A live reconfiguration, applied or refused, as an application event: {@link
 * PoolReconfiguredEvent}, {@link HealthRulesReconfiguredEvent} or {@link
 * PoolReconfigurationRefusedEvent}. Listen to this type to hear about all of them. Listeners run in
 * the thread that refreshed the environment.
 */
public abstract class ReconfigurationEvent extends ApplicationEvent {
  private static final long serialVersionUID = 1L;

  private final transient Reconfiguration reconfiguration;

  /**
   * Creates the event.
   *
   * @param source what the subtype says
   * @param reconfiguration what was applied or refused
   */
  ReconfigurationEvent(Object source, Reconfiguration reconfiguration) {
    super(source);
    this.reconfiguration = reconfiguration;
  }

  /**
   * Returns what was applied, or asked for and refused.
   *
   * @return the reconfiguration
   */
  public Reconfiguration getReconfiguration() {
    return reconfiguration;
  }
}
