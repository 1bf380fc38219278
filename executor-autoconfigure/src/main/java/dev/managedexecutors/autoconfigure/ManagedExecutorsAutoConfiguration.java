package dev.managedexecutors.autoconfigure;

import dev.managedexecutors.ManagedThreadPool;
import dev.managedexecutors.autoconfigure.lifecycle.GracefulShutdownLifecycle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.aot.AotDetector;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.context.LifecycleProperties;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.task.TaskDecorator;

/**
 * Auto-configuration of the pools declared under {@code managed-executors.pools}: one {@link
 * ManagedThreadPool} bean per pool, named after it, the primary one marked {@code @Primary}, built
 * by the {@link ManagedThreadPoolRegistry} bean (which {@link ManagedThreadPoolCustomizer} beans
 * customize), and their graceful shutdown when the context closes.
 *
 * <p>Runs before Spring Boot's {@link TaskExecutionAutoConfiguration}: the pools are {@code
 * Executor} beans, so Boot's {@code applicationTaskExecutor} backs off, and {@link
 * ManagedExecutorsTaskExecutionAutoConfiguration} puts the primary pool in its place.
 */
@AutoConfiguration(before = TaskExecutionAutoConfiguration.class)
@EnableConfigurationProperties(ManagedExecutorsProperties.class)
@Import(ConfiguredPoolsRegistrar.class)
public final class ManagedExecutorsAutoConfiguration {
  private static final Log logger = LogFactory.getLog(ManagedExecutorsAutoConfiguration.class);

  /** Spring Framework's default when Boot's lifecycle auto-configuration is not active. */
  private static final Duration FRAMEWORK_PHASE_TIMEOUT = Duration.ofSeconds(10);

  /** Creates the auto-configuration; called by Spring. */
  ManagedExecutorsAutoConfiguration() {}

  @Bean
  static EmptyPoolBindHandlerAdvisor managedExecutorsEmptyPoolBindHandlerAdvisor() {
    return new EmptyPoolBindHandlerAdvisor();
  }

  @Bean(ManagedThreadPoolRegistry.BEAN_NAME)
  @ConditionalOnMissingBean
  static ManagedThreadPoolRegistry managedThreadPoolRegistry(
      ManagedExecutorsProperties properties,
      Environment environment,
      ObjectProvider<TaskDecorator> decorators,
      ObjectProvider<ManagedThreadPoolCustomizer> customizers) {
    return new ManagedThreadPoolRegistry(properties, environment, decorators, customizers);
  }

  // Read at every check by the health contributor and the pool watcher; replaced by the refresh.
  @Bean
  @ConditionalOnMissingBean
  static HealthRules managedExecutorsHealthRules(ManagedExecutorsProperties properties) {
    return HealthRules.of(properties.getHealth());
  }

  @Bean
  static PoolsAddedAfterAotWarning managedExecutorsPoolsAddedAfterAotWarning(
      ManagedExecutorsProperties properties, ConfigurableListableBeanFactory beanFactory) {
    return new PoolsAddedAfterAotWarning(
        AotDetector.useGeneratedArtifacts(),
        properties,
        beanFactory::containsBean,
        name ->
            beanFactory.containsBeanDefinition(name)
                && beanFactory.getBeanDefinition(name).isPrimary());
  }

  @Bean
  static PoolRegistration managedExecutorsPoolRegistration(
      ObjectProvider<ManagedThreadPoolRegistry> registry,
      ConfigurableListableBeanFactory beanFactory) {
    return new PoolRegistration(registry, beanFactory);
  }

  @Bean
  @ConditionalOnMissingBean
  static GracefulShutdownLifecycle managedExecutorsGracefulShutdown(
      ObjectProvider<ManagedThreadPoolRegistry> registry,
      ManagedExecutorsProperties properties,
      Environment environment,
      ObjectProvider<LifecycleProperties> lifecycleProperties) {
    LifecycleProperties lifecycle = lifecycleProperties.getIfAvailable();
    Duration phaseTimeout =
        lifecycle != null ? lifecycle.getTimeoutPerShutdownPhase() : FRAMEWORK_PHASE_TIMEOUT;
    warnAboutCappedAwaits(properties, PropertyLookup.of(environment), phaseTimeout);
    // Asked when the context stops: the pools the registry built by then, with their settings.
    return new GracefulShutdownLifecycle(
        () -> {
          ManagedThreadPoolRegistry pools = registry.getIfAvailable();
          List<GracefulShutdownLifecycle.PoolShutdown> plans = new ArrayList<>();
          if (pools == null) {
            return plans;
          }
          pools
              .pools()
              .forEach(
                  (name, pool) ->
                      pools
                          .settings(name)
                          .ifPresent(
                              settings ->
                                  plans.add(
                                      new GracefulShutdownLifecycle.PoolShutdown(
                                          pool,
                                          settings.getShutdown().getAwaitTermination(),
                                          settings.getShutdown().isCancelPending()))));
          return plans;
        },
        phaseTimeout);
  }

  private static void warnAboutCappedAwaits(
      ManagedExecutorsProperties properties, PropertyLookup lookup, Duration phaseTimeout) {
    properties
        .getPools()
        .forEach(
            (name, settings) -> {
              Duration await = settings.getShutdown().getAwaitTermination();
              if (await == null) {
                return;
              }
              Duration effective = GracefulShutdownLifecycle.effectiveAwait(await, phaseTimeout);
              String property =
                  ManagedExecutorsProperties.PREFIX
                      + ".pools."
                      + name
                      + ".shutdown.await-termination";
              // Warn about a setting the application chose; a capped default only deserves debug.
              boolean chosen = lookup.find(property) != null;
              if (effective.compareTo(await) >= 0
                  || !(chosen ? logger.isWarnEnabled() : logger.isDebugEnabled())) {
                return;
              }
              String message =
                  property
                      + "="
                      + await.toMillis()
                      + "ms does not fit in spring.lifecycle.timeout-per-shutdown-phase="
                      + phaseTimeout.toMillis()
                      + "ms; pool '"
                      + name
                      + "' will wait at most "
                      + effective.toMillis()
                      + "ms. Raise spring.lifecycle.timeout-per-shutdown-phase to at least "
                      + await.plus(GracefulShutdownLifecycle.RESERVE).toMillis()
                      + "ms, or lower the await-termination.";
              if (chosen) {
                logger.warn(message);
              } else {
                logger.debug(message);
              }
            });
  }
}
