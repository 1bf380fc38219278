package dev.managedexecutors.autoconfigure.refresh;

import org.springframework.context.ApplicationEvent;

/**
 * Published after a live change of the health rules, {@code managed-executors.health.saturation.*},
 * was applied: from then on the {@code executors} health contributor and the pool watcher judge
 * saturation by the new rule. Its source is the {@link PoolReconfigurer}. Listeners run in the
 * thread that refreshed the environment, after the new rule took effect.
 */
public final class HealthRulesReconfiguredEvent extends ApplicationEvent {
  private static final long serialVersionUID = 1L;

  private final transient Reconfiguration reconfiguration;

  /**
   * Creates the event.
   *
   * @param source the reconfigurer that applied the change
   * @param reconfiguration what changed, each change naming its full property
   */
  public HealthRulesReconfiguredEvent(Object source, Reconfiguration reconfiguration) {
    super(source);
    this.reconfiguration = reconfiguration;
  }

  /**
   * Returns what changed.
   *
   * @return the reconfiguration, with outcome {@link Reconfiguration.Outcome#APPLIED} and pool
   *     {@code -}
   */
  public Reconfiguration getReconfiguration() {
    return reconfiguration;
  }
}
