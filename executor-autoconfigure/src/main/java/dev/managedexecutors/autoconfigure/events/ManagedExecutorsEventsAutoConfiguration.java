package dev.managedexecutors.autoconfigure.events;

import dev.managedexecutors.autoconfigure.HealthRules;
import dev.managedexecutors.autoconfigure.ManagedExecutorsAutoConfiguration;
import dev.managedexecutors.autoconfigure.ManagedThreadPoolRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the pools' application events (SPEC C3): {@link PoolSaturatedEvent} when a
 * pool has been saturated for {@code managed-executors.health.saturation.duration} (the rule of the
 * health contributor, {@code queue-threshold} included), and {@link PoolRejectionsEvent} when a
 * pool rejected tasks, checked once a second for every {@code ManagedThreadPool} bean. The rule is
 * the {@link HealthRules} bean's, read at every check, so that the live reconfiguration changes it
 * without a restart. To turn it off, exclude this auto-configuration ({@code
 * spring.autoconfigure.exclude}).
 */
@AutoConfiguration(after = ManagedExecutorsAutoConfiguration.class)
public final class ManagedExecutorsEventsAutoConfiguration {

  /** Creates the auto-configuration; called by Spring. */
  ManagedExecutorsEventsAutoConfiguration() {}

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean({ManagedThreadPoolRegistry.class, HealthRules.class})
  static PoolWatcher managedExecutorsPoolWatcher(
      ManagedThreadPoolRegistry registry, HealthRules rules, ApplicationEventPublisher publisher) {
    // Read at every check, so that a live change of the rule needs no new watcher.
    return new PoolWatcher(registry::pools, () -> rules.saturation().rule(), publisher);
  }

  @Bean
  @ConditionalOnBean(PoolWatcher.class)
  static PoolWatcherLifecycle managedExecutorsPoolWatcherLifecycle(PoolWatcher watcher) {
    return new PoolWatcherLifecycle(watcher);
  }
}
