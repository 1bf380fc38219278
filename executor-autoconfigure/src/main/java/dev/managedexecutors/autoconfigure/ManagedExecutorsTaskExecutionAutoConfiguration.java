package dev.managedexecutors.autoconfigure;

import dev.managedexecutors.ManagedExecutor;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Role;
import org.springframework.scheduling.annotation.AsyncConfigurer;
import org.springframework.scheduling.concurrent.ConcurrentTaskExecutor;

/**
 * Puts the primary pool where Spring Boot's {@code applicationTaskExecutor} would be, so that
 * {@code @Async} without a qualifier, Spring MVC async request handling and the bootstrap executor
 * use it rather than silently falling back to a thread per task.
 *
 * <p>Any {@code Executor} bean, such as our pools, makes Boot's {@code applicationTaskExecutor} and
 * the {@code AsyncConfigurer} that comes with it back off. This configuration restores both:
 *
 * <ul>
 *   <li>{@code applicationTaskExecutor}: a {@link ConcurrentTaskExecutor} (an {@code
 *       AsyncTaskExecutor}, which Spring MVC requires) over the primary {@link ManagedExecutor},
 *       whose {@code submitCompletable} ties the returned future to the pool's, so that it is
 *       cancelled if the pool drops the task at shutdown. Spring MVC looks it up by that name, and
 *       Boot's bootstrap-executor post-processor aliases {@code bootstrapExecutor} to it. Backs off
 *       when the application defines a bean of that name, or when there is no single primary {@code
 *       ManagedExecutor}.
 *   <li>An {@link AsyncConfigurer} whose executor is the {@code applicationTaskExecutor} bean, so
 *       that {@code @Async} without a qualifier never depends on finding a unique {@code
 *       TaskExecutor} (a {@code TaskScheduler} bean is one too). Backs off when the application
 *       defines its own {@code AsyncConfigurer}, which is then in charge. Unlike Spring Boot, we do
 *       not wrap the application's configurer to fill in a missing executor: replacing the bean
 *       with a wrapper breaks a {@code @Configuration} class that implements {@code
 *       AsyncConfigurer} and declares {@code @Bean} methods.
 *   <li>A post-processor that makes {@code @Async("pool")} methods returning {@code
 *       CompletableFuture} go through the same adapter, for the same reason (see {@link
 *       ManagedExecutorAsyncInterceptor}).
 *   <li>A warning at start-up when {@code @Async} methods exist but asynchronous execution is not
 *       enabled ({@code @EnableAsync} missing): they would run on the caller's thread.
 * </ul>
 *
 * <p>With {@code spring.task.execution.mode=force}, Boot creates its own {@code
 * applicationTaskExecutor} and configurer anyway, and everything here backs off; the pools remain
 * available by qualifier.
 */
@AutoConfiguration(
    after = {ManagedExecutorsAutoConfiguration.class, TaskExecutionAutoConfiguration.class})
// Imported in this order (AsyncConfigurerConfiguration checks for the bean the first one
// registers); the classes live outside this one so that Spring does not process them as member
// classes, in an order of its own, before the imports.
@Import({
  TaskExecutionConfigurations.ApplicationTaskExecutorConfiguration.class,
  TaskExecutionConfigurations.AsyncConfigurerConfiguration.class
})
public final class ManagedExecutorsTaskExecutionAutoConfiguration {

  /** Creates the auto-configuration; called by Spring. */
  ManagedExecutorsTaskExecutionAutoConfiguration() {}

  @Bean
  @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
  static ManagedExecutorAsyncPostProcessor managedExecutorsAsyncPostProcessor() {
    return new ManagedExecutorAsyncPostProcessor();
  }

  @Bean
  @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
  static AsyncNotEnabledWarning managedExecutorsAsyncNotEnabledWarning() {
    return new AsyncNotEnabledWarning();
  }
}
