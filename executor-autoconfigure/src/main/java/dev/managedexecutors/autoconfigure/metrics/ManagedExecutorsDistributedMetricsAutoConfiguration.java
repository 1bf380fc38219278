package dev.managedexecutors.autoconfigure.metrics;

import dev.managedexecutors.autoconfigure.hazelcast.ManagedExecutorsHazelcastAutoConfiguration;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of Micrometer meters for every {@code DistributedPool} bean (see {@code
 * dev.managedexecutors.micrometer.DistributedPoolMetrics} for the meters). Active when Micrometer,
 * {@code executor-micrometer} and {@code executor-hazelcast} are on the class path and a {@code
 * MeterRegistry} bean exists; they are referred to by name, so that nothing of them is loaded
 * otherwise.
 */
@AutoConfiguration(
    after = ManagedExecutorsHazelcastAutoConfiguration.class,
    afterName = {
      "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"
    })
@ConditionalOnClass(
    name = {
      "io.micrometer.core.instrument.MeterRegistry",
      "dev.managedexecutors.micrometer.DistributedPoolMetrics",
      "dev.managedexecutors.hazelcast.DistributedPool"
    })
@ConditionalOnBean(type = "io.micrometer.core.instrument.MeterRegistry")
public final class ManagedExecutorsDistributedMetricsAutoConfiguration {

  /** Creates the auto-configuration; called by Spring. */
  ManagedExecutorsDistributedMetricsAutoConfiguration() {}

  @Bean
  @ConditionalOnMissingBean
  static DistributedPoolsMeterBinder distributedPoolsMeterBinder(
      ConfigurableListableBeanFactory beanFactory) {
    return new DistributedPoolsMeterBinder(beanFactory);
  }
}
