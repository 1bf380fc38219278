package dev.managedexecutors.autoconfigure.metrics;

import dev.managedexecutors.ManagedThreadPool;
import dev.managedexecutors.autoconfigure.ManagedExecutorsAutoConfiguration;
import dev.managedexecutors.autoconfigure.ManagedExecutorsProperties;
import dev.managedexecutors.autoconfigure.ManagedThreadPoolRegistry;
import java.util.Arrays;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of Micrometer meters for every pool of the {@link ManagedThreadPoolRegistry}
 * (see {@link dev.managedexecutors.micrometer.ManagedThreadPoolMetrics} for the meters). Active
 * when Micrometer and the binder module {@code executor-micrometer} (which the starter brings) are
 * on the class path and a {@code MeterRegistry} bean exists; they and Spring Boot's metrics classes
 * are referred to by name, so that nothing of them is loaded otherwise.
 *
 * <p>With Spring Cloud Context, live reconfigurations are counted too ({@link
 * ReconfigurationMeters}).
 *
 * <p>Spring Boot's {@code TaskExecutorMetricsAutoConfiguration} meters only {@code
 * ThreadPoolTaskExecutor} and {@code ThreadPoolTaskScheduler} beans, so it does not meter our pools
 * (nor the {@code applicationTaskExecutor} adapter) a second time. With {@code
 * managed-executors.metrics.primary-name-tag=applicationTaskExecutor}, the primary pool's meters
 * carry the name Boot's own executor had, so that its series go on.
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
  private static final String PRIMARY_NAME_TAG = "managed-executors.metrics.primary-name-tag";

  /** Creates the auto-configuration; called by Spring. */
  ManagedExecutorsMetricsAutoConfiguration() {}

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(ManagedThreadPoolRegistry.class)
  static ManagedThreadPoolsMeterBinder managedThreadPoolsMeterBinder(
      ManagedThreadPoolRegistry registry, ObjectProvider<ManagedExecutorsProperties> properties) {
    ManagedExecutorsProperties p = properties.getIfAvailable();
    return new ManagedThreadPoolsMeterBinder(registry, p == null || p.getMetrics().isTimers());
  }

  @Bean
  @ConditionalOnProperty(PRIMARY_NAME_TAG)
  static PrimaryPoolNameTag managedExecutorsPrimaryPoolNameTag(
      ConfigurableListableBeanFactory beanFactory, Environment environment) {
    String nameTag = environment.getRequiredProperty(PRIMARY_NAME_TAG).trim();
    // The primary pool bean (named after its pool), read from the definitions: nothing created.
    return new PrimaryPoolNameTag(
        () ->
            Arrays.stream(beanFactory.getBeanNamesForType(ManagedThreadPool.class, true, false))
                .filter(
                    name ->
                        beanFactory.containsBeanDefinition(name)
                            && beanFactory.getBeanDefinition(name).isPrimary())
                .findFirst()
                .orElse(null),
        nameTag);
  }

  @Bean
  @ConditionalOnClass(name = "org.springframework.cloud.context.environment.EnvironmentChangeEvent")
  static ReconfigurationMeters managedExecutorsReconfigurationMeters() {
    return new ReconfigurationMeters();
  }
}
