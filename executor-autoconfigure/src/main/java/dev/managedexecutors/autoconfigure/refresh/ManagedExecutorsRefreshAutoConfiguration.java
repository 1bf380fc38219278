package dev.managedexecutors.autoconfigure.refresh;

import dev.managedexecutors.autoconfigure.HealthRules;
import dev.managedexecutors.autoconfigure.ManagedExecutorsAutoConfiguration;
import dev.managedexecutors.autoconfigure.ManagedThreadPoolRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the live reconfiguration of the declared pools (SPEC C1): on each {@code
 * EnvironmentChangeEvent} of Spring Cloud Context, {@link PoolReconfigurer} applies the changes of
 * {@code managed-executors.pools.*} and of the health rules ({@link HealthRules}), which the health
 * contributor and the pool watcher read at every check. Active only with Spring Cloud Context on
 * the class path (it is referred to by name, so nothing of it is loaded otherwise). To turn it off,
 * exclude this auto-configuration ({@code spring.autoconfigure.exclude}).
 */
@AutoConfiguration(after = ManagedExecutorsAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.cloud.context.environment.EnvironmentChangeEvent")
@ConditionalOnBean({ManagedThreadPoolRegistry.class, HealthRules.class})
public final class ManagedExecutorsRefreshAutoConfiguration {

  /** Creates the auto-configuration; called by Spring. */
  ManagedExecutorsRefreshAutoConfiguration() {}

  @Bean
  static ReconfigurationHistory managedExecutorsReconfigurationHistory() {
    return new ReconfigurationHistory();
  }

  @Bean
  static PoolReconfigurer managedExecutorsPoolReconfigurer(
      ManagedThreadPoolRegistry registry,
      Environment environment,
      ApplicationEventPublisher publisher,
      ReconfigurationHistory history,
      HealthRules healthRules) {
    return new PoolReconfigurer(
        environment, registry, publisher, history, Clock.systemUTC(), healthRules);
  }

  @Bean
  static ApplicationListener<EnvironmentChangeEvent> managedExecutorsEnvironmentChangeListener(
      ObjectProvider<PoolReconfigurer> reconfigurer, ConfigurableEnvironment environment) {
    return new EnvironmentChangeListener(reconfigurer, environment);
  }
}
