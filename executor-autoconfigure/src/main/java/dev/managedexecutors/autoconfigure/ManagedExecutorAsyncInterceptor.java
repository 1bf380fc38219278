package dev.managedexecutors.autoconfigure;

import dev.managedexecutors.ManagedExecutor;
import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.core.BridgeMethodResolver;
import org.springframework.scheduling.annotation.AnnotationAsyncExecutionInterceptor;

/**
 * Stands in for Spring's {@code @Async} interceptor: a method that returns a {@code
 * CompletableFuture} and names a {@link ManagedExecutor} ({@code @Async("io")}) is submitted
 * through a {@link ManagedExecutorTaskExecutor}, so that its future is cancelled when the pool
 * drops the task; every other call goes to Spring's interceptor unchanged.
 *
 * <p>Spring wraps an executor bean that is not a Spring {@code AsyncTaskExecutor}, as our pools are
 * not, in an adapter whose {@code submitCompletable} uses {@code CompletableFuture.supplyAsync}:
 * when the pool cancels that task at shutdown, nothing ever completes the caller's future. Methods
 * returning {@code void} or {@code Future} already get the pool's own future and are left to
 * Spring, as are unqualified methods (the {@code applicationTaskExecutor} they use is a {@link
 * ManagedExecutorTaskExecutor}) and every method whose executor is not a pool.
 *
 * <p>Thread-safety: safe for use by many threads, as Spring's interceptor is.
 */
final class ManagedExecutorAsyncInterceptor extends AnnotationAsyncExecutionInterceptor {
  private final MethodInterceptor spring;

  ManagedExecutorAsyncInterceptor(MethodInterceptor spring, BeanFactory beanFactory) {
    super(null);
    this.spring = spring;
    setBeanFactory(beanFactory);
  }

  @Override
  public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
    if (CompletableFuture.class.isAssignableFrom(invocation.getMethod().getReturnType())) {
      Object target = invocation.getThis();
      Class<?> targetClass = target != null ? AopUtils.getTargetClass(target) : null;
      Method method =
          BridgeMethodResolver.getMostSpecificMethod(invocation.getMethod(), targetClass);
      if (determineAsyncExecutor(method) instanceof ManagedExecutorTaskExecutor) {
        return super.invoke(invocation);
      }
    }
    return spring.invoke(invocation);
  }

  /** No default executor here: unqualified methods stay with Spring's interceptor. */
  @Override
  protected @Nullable Executor getDefaultExecutor(@Nullable BeanFactory beanFactory) {
    return null;
  }

  /**
   * The pool of that name, adapted; {@code null} for any other executor, and when the name resolves
   * to nothing (Spring's interceptor then reports it, as it would without us).
   */
  @Override
  protected @Nullable Executor findQualifiedExecutor(
      @Nullable BeanFactory beanFactory, String qualifier) {
    try {
      return super.findQualifiedExecutor(beanFactory, qualifier) instanceof ManagedExecutor pool
          ? new ManagedExecutorTaskExecutor(pool)
          : null;
    } catch (BeansException e) {
      return null;
    }
  }
}
