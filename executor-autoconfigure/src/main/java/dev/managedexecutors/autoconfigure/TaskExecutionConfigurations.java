package dev.managedexecutors.autoconfigure;

import dev.managedexecutors.ManagedExecutor;
import java.util.concurrent.Executor;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
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
