package dev.managedexecutors.autoconfigure;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.aopalliance.aop.Advice;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.Advisor;
import org.springframework.aop.PointcutAdvisor;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.interceptor.AsyncExecutionInterceptor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Puts a {@link ManagedExecutorAsyncInterceptor} in place of Spring's {@code @Async} interceptor on
 * each bean that Spring's {@code AsyncAnnotationBeanPostProcessor} advised. Not {@code Ordered}, so
 * it runs after that post-processor; the pointcut is Spring's own. A frozen proxy is left alone.
 *
 * <p>Thread-safety: safe for use by many threads (beans may be created concurrently).
 */
final class ManagedExecutorAsyncPostProcessor implements BeanPostProcessor, BeanFactoryAware {
  /** Spring shares one advisor between the beans it advises; so do we. */
  private final Map<Advisor, Advisor> replacements = new ConcurrentHashMap<>();

  private @Nullable BeanFactory beanFactory;

  @Override
  public void setBeanFactory(BeanFactory beanFactory) {
    this.beanFactory = beanFactory;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    BeanFactory factory = beanFactory;
    if (factory == null || !(bean instanceof Advised advised) || advised.isFrozen()) {
      return bean;
    }
    for (Advisor advisor : advised.getAdvisors()) {
      Advice advice = advisor.getAdvice();
      if (advisor instanceof PointcutAdvisor pointcutAdvisor
          && advice instanceof AsyncExecutionInterceptor spring
          && !(advice instanceof ManagedExecutorAsyncInterceptor)) {
        advised.replaceAdvisor(
            advisor,
            replacements.computeIfAbsent(
                advisor,
                a ->
                    new DefaultPointcutAdvisor(
                        pointcutAdvisor.getPointcut(),
                        new ManagedExecutorAsyncInterceptor(spring, factory))));
      }
    }
    return bean;
  }
}
