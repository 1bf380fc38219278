package dev.managedexecutors.autoconfigure;

import dev.managedexecutors.ManagedThreadPool;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of the pools declared under {@code managed-executors.pools}: one {@link
 * ManagedThreadPool} bean per pool, named after it, the primary one marked {@code @Primary}.
 *
 * <p>Runs before Spring Boot's {@link TaskExecutionAutoConfiguration}: the pools are {@code
 * Executor} beans, so Boot's {@code applicationTaskExecutor} backs off.
 */
@AutoConfiguration(before = TaskExecutionAutoConfiguration.class)
@EnableConfigurationProperties(ManagedExecutorsProperties.class)
@Import(ConfiguredPoolsRegistrar.class)
public final class ManagedExecutorsAutoConfiguration {
  /** Creates the auto-configuration; called by Spring. */
  ManagedExecutorsAutoConfiguration() {}
}
