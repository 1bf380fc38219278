package dev.managedexecutors.autoconfigure.metrics;

import dev.managedexecutors.autoconfigure.ManagedExecutorsAutoConfiguration;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of Micrometer meters for every {@link dev.managedexecutors.ManagedThreadPool}
 * bean (see {@link dev.managedexecutors.micrometer.ManagedThreadPoolMetrics} for the meters).
 * Active when Micrometer and the binder module {@code executor-micrometer} (which the starter
 * brings) are on the class path and a {@code MeterRegistry} bean exists; they and Spring Boot's
 * metrics classes are referred to by name, so that nothing of them is loaded otherwise.
 *
 * <p>With Spring Cloud Context, live reconfigurations are counted too ({@link
 * ReconfigurationMeters}).
 *
 * <p>Spring Boot's {@code TaskExecutorMetricsAutoConfiguration} meters only {@code
 * ThreadPoolTaskExecutor} and {@code ThreadPoolTaskScheduler} beans, so it does not meter our pools
 * (nor the {@code applicationTaskExecutor} adapter) a second time.
 */
@AutoConfiguration(
    after = ManagedExecutorsAutoConfiguration.class,
    afterName = {
      "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"
    })
@ConditionalOnClass(
    name = {
      "io.micrometer.core.instrument.MeterRegistry",
      "dev.managedexecutors.micrometer.ManagedThreadPoolMetrics"
    })
@ConditionalOnBean(type = "io.micrometer.core.instrument.MeterRegistry")
public final class ManagedExecutorsMetricsAutoConfiguration {

  /** Creates the auto-configuration; called by Spring. */
  ManagedExecutorsMetricsAutoConfiguration() {}

  @Bean
  @ConditionalOnMissingBean
  static ManagedThreadPoolsMeterBinder managedThreadPoolsMeterBinder(
      ListableBeanFactory beanFactory) {
    return new ManagedThreadPoolsMeterBinder(beanFactory);
  }

  @Bean
  @ConditionalOnClass(name = "org.springframework.cloud.context.environment.EnvironmentChangeEvent")
  static ReconfigurationMeters managedExecutorsReconfigurationMeters() {
    return new ReconfigurationMeters();
  }

  @Bean
  static LatePoolMetering managedExecutorsLatePoolMetering(
      ObjectProvider<ManagedThreadPoolsMeterBinder> binder,
      ConfigurableListableBeanFactory beanFactory) {
    return new LatePoolMetering(binder, beanFactory);
  }
}
