package dev.managedexecutors.autoconfigure;

import dev.managedexecutors.ManagedExecutor;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.scheduling.annotation.AsyncConfigurer;
import org.springframework.scheduling.concurrent.ConcurrentTaskExecutor;

/**
 * The configurations imported, in order, by {@link ManagedExecutorsTaskExecutionAutoConfiguration}.
 */
final class TaskExecutionConfigurations {

  private TaskExecutionConfigurations() {}

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnMissingBean(
      name = TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME)
  @ConditionalOnSingleCandidate(ManagedExecutor.class)
  @Conditional(NoApplicationExecutorUnlessPrimaryPool.class)
  static class ApplicationTaskExecutorConfiguration {

    @Bean(TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME)
    ConcurrentTaskExecutor applicationTaskExecutor(ManagedExecutor primaryPool) {
      // The pool already applies the TaskDecorator beans; the adapter must not apply them again.
      return new ManagedExecutorTaskExecutor(primaryPool);
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(
      name = "spring.task.execution.mode",
      havingValue = "auto",
      matchIfMissing = true)
  @ConditionalOnBean(name = TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME)
  @ConditionalOnMissingBean(AsyncConfigurer.class)
  static class AsyncConfigurerConfiguration {

    @Bean
    ApplicationTaskExecutorAsyncConfigurer managedExecutorsAsyncConfigurer(
        BeanFactory beanFactory) {
      return new ApplicationTaskExecutorAsyncConfigurer(beanFactory);
    }
  }

  /**
   * Matches unless the application has an executor of its own (any {@code Executor} bean that is
   * neither a {@link ManagedExecutor} nor a scheduler) and no pool is marked primary: that executor
   * then keeps serving {@code @Async}, as it did before the starter was added, and the pools serve
   * by qualifier. A pool the application marks {@code primary: true} takes the place anyway.
   */
  static final class NoApplicationExecutorUnlessPrimaryPool extends SpringBootCondition {
    @Override
    public ConditionOutcome getMatchOutcome(
        ConditionContext context, AnnotatedTypeMetadata metadata) {
      ConfigurableListableBeanFactory beans = context.getBeanFactory();
      if (beans == null) {
        return ConditionOutcome.match("no bean factory");
      }
      String primaryPool =
          Arrays.stream(beans.getBeanNamesForType(ManagedExecutor.class, true, false))
              .filter(
                  n -> beans.containsBeanDefinition(n) && beans.getBeanDefinition(n).isPrimary())
              .findFirst()
              .orElse(null);
      if (primaryPool != null) {
        return ConditionOutcome.match("pool '" + primaryPool + "' is primary");
      }
      List<String> own =
          PoolDeclarations.applicationExecutors(beans, Set.of()).stream()
              .filter(n -> !isManagedExecutor(beans, n))
              .toList();
      return own.isEmpty()
          ? ConditionOutcome.match("the application defines no executor of its own")
          : ConditionOutcome.noMatch(
              "the application's executor " + own + " serves @Async; no pool is primary");
    }

    private static boolean isManagedExecutor(ConfigurableListableBeanFactory beans, String name) {
      Class<?> type = beans.getType(name, false);
      return type != null && ManagedExecutor.class.isAssignableFrom(type);
    }
  }

  /** Gives {@code @Async} the {@code applicationTaskExecutor} bean, looked up when first needed. */
  static final class ApplicationTaskExecutorAsyncConfigurer implements AsyncConfigurer {
    private final BeanFactory beanFactory;

    ApplicationTaskExecutorAsyncConfigurer(BeanFactory beanFactory) {
      this.beanFactory = beanFactory;
    }

    @Override
    public Executor getAsyncExecutor() {
      return beanFactory.getBean(
          TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME, Executor.class);
    }
  }
}
