package dev.managedexecutors.autoconfigure;

import dev.managedexecutors.ManagedThreadPool;
import dev.managedexecutors.autoconfigure.lifecycle.GracefulShutdownLifecycle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.context.LifecycleProperties;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the pools declared under {@code managed-executors.pools}: one {@link
 * ManagedThreadPool} bean per pool, named after it, the primary one marked {@code @Primary}, and
 * their graceful shutdown when the context closes.
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

  @Bean
  @ConditionalOnMissingBean
  static GracefulShutdownLifecycle managedExecutorsGracefulShutdown(
      BeanFactory beanFactory,
      Environment environment,
      ObjectProvider<LifecycleProperties> lifecycleProperties) {
    ConfiguredPools configured =
        beanFactory.getBean(ConfiguredPools.BEAN_NAME, ConfiguredPools.class);
    LifecycleProperties lifecycle = lifecycleProperties.getIfAvailable();
    Duration phaseTimeout =
        lifecycle != null ? lifecycle.getTimeoutPerShutdownPhase() : FRAMEWORK_PHASE_TIMEOUT;
    PropertyLookup lookup = PropertyLookup.of(environment);
    List<GracefulShutdownLifecycle.PoolShutdown> pools = new ArrayList<>();
    for (ConfiguredPool pool : configured.all()) {
      ManagedExecutorsProperties.Shutdown shutdown = pool.settings().getShutdown();
      Duration await = shutdown.getAwaitTermination();
      Duration effective = GracefulShutdownLifecycle.effectiveAwait(await, phaseTimeout);
      // Warn about a setting the application chose; a capped default only deserves a debug line.
      boolean chosen = lookup.find(pool.property("shutdown.await-termination")) != null;
      if (effective.compareTo(await) < 0
          && (chosen ? logger.isWarnEnabled() : logger.isDebugEnabled())) {
        String message =
            pool.property("shutdown.await-termination")
                + "="
                + await.toMillis()
                + "ms does not fit in spring.lifecycle.timeout-per-shutdown-phase="
                + phaseTimeout.toMillis()
                + "ms; pool '"
                + pool.name()
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
      }
      pools.add(
          new GracefulShutdownLifecycle.PoolShutdown(
              beanFactory.getBean(pool.name(), ManagedThreadPool.class),
              await,
              shutdown.isCancelPending()));
    }
    return new GracefulShutdownLifecycle(pools, phaseTimeout);
  }
}
