package dev.managedexecutors.autoconfigure.actuate;

import dev.managedexecutors.actuate.ExecutorsHealthContributor;
import dev.managedexecutors.actuate.PoolHealthIndicator;
import dev.managedexecutors.autoconfigure.HealthRules;
import dev.managedexecutors.autoconfigure.ManagedExecutorsAutoConfiguration;
import dev.managedexecutors.autoconfigure.ManagedThreadPoolRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the {@code executors} health contributor: one child per pool of the {@link
 * ManagedThreadPoolRegistry}, by pool name, DOWN when broken, OUT_OF_SERVICE when shut down, and
 * the status set by {@code managed-executors.health.saturation.status} (UP by default) when
 * saturated. The rules are the {@link HealthRules} bean's, read at every check, so that the live
 * reconfiguration changes them without a restart. Disabled with {@code
 * management.health.executors.enabled=false}.
 */
@AutoConfiguration(
    after = ManagedExecutorsAutoConfiguration.class,
    beforeName =
        "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthContributor")
public final class ManagedExecutorsHealthAutoConfiguration {
  /** Creates the auto-configuration; called by Spring. */
  ManagedExecutorsHealthAutoConfiguration() {}

  // Nested, so that its health condition is only loaded once the class condition above matched.
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnEnabledHealthIndicator("executors")
  static final class HealthConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "executorsHealthContributor")
    @ConditionalOnBean({ManagedThreadPoolRegistry.class, HealthRules.class})
    static ExecutorsHealthContributor executorsHealthContributor(
        ManagedThreadPoolRegistry registry, HealthRules rules) {
      // Read at every check, so that a live change of the rules needs no new indicator.
      return new ExecutorsHealthContributor(
          registry::pools,
          pool ->
              new PoolHealthIndicator(
                  pool,
                  () -> rules.saturation().rule(),
                  () -> new Status(rules.saturation().status()),
                  System::nanoTime));
    }
  }
}
