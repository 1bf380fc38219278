package dev.managedexecutors.autoconfigure.events;

import dev.managedexecutors.SaturationRule;
import dev.managedexecutors.autoconfigure.HealthProperties;
import dev.managedexecutors.autoconfigure.InvalidExecutorsPropertyException;
import dev.managedexecutors.autoconfigure.ManagedExecutorsAutoConfiguration;
import dev.managedexecutors.autoconfigure.ManagedExecutorsProperties;
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
 * pool rejected tasks, checked once a second for every {@code ManagedThreadPool} bean. To turn it
 * off, exclude this auto-configuration ({@code spring.autoconfigure.exclude}).
 */
@AutoConfiguration(after = ManagedExecutorsAutoConfiguration.class)
public final class ManagedExecutorsEventsAutoConfiguration {

  /** Creates the auto-configuration; called by Spring. */
  ManagedExecutorsEventsAutoConfiguration() {}

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(ManagedThreadPoolRegistry.class)
  static PoolWatcher managedExecutorsPoolWatcher(
      ManagedThreadPoolRegistry registry,
      ManagedExecutorsProperties properties,
      ApplicationEventPublisher publisher) {
    HealthProperties.Saturation s = properties.getHealth().getSaturation();
    SaturationRule rule;
    try {
      rule = new SaturationRule(s.getQueueThreshold(), s.getDuration());
    } catch (IllegalArgumentException e) {
      throw new InvalidExecutorsPropertyException(
          ManagedExecutorsProperties.PREFIX + ".health.saturation",
          s.getQueueThreshold() + ", " + s.getDuration(),
          String.valueOf(e.getMessage()),
          "Use a queue-threshold above 0 and at most 1, such as 0.9, and a duration of 0 or"
              + " more, such as 30s.",
          null,
          e);
    }
    return new PoolWatcher(registry::pools, rule, publisher);
  }

  @Bean
  @ConditionalOnBean(PoolWatcher.class)
  static PoolWatcherLifecycle managedExecutorsPoolWatcherLifecycle(PoolWatcher watcher) {
    return new PoolWatcherLifecycle(watcher);
  }
}
