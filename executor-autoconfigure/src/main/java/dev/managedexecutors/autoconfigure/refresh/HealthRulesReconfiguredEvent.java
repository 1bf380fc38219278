package dev.managedexecutors.autoconfigure.refresh;

/**
 * Published after a live change of the health rules, {@code managed-executors.health.saturation.*},
 * was applied: from then on the {@code executors} health contributor and the pool watcher judge
 * saturation by the new rule. Its source is the {@link PoolReconfigurer}. Listeners run in the
 * thread that refreshed the environment, after the new rule took effect. Its {@link
 * #getReconfiguration()} has outcome {@link Reconfiguration.Outcome#APPLIED} and pool {@code -}.
 */
public final class HealthRulesReconfiguredEvent extends ReconfigurationEvent {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the event.
   *
   * @param source the reconfigurer that applied the change
   * @param reconfiguration what changed, each change naming its full property
   */
  public HealthRulesReconfiguredEvent(Object source, Reconfiguration reconfiguration) {
    super(source, reconfiguration);
  }
}
