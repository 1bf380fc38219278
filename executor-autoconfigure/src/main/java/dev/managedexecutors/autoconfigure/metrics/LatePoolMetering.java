package dev.managedexecutors.autoconfigure.metrics;

import dev.managedexecutors.ManagedThreadPool;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * Hands each singleton pool bean to the {@link ManagedThreadPoolsMeterBinder} as it is created, so
 * that a pool created after the meters were bound (a lazy bean) is metered too. Prototype-scoped
 * pools are left alone: nothing would ever unregister them.
 *
 * <p>Thread-safety: safe for use by many threads.
 */
final class LatePoolMetering implements BeanPostProcessor {
  private final ObjectProvider<ManagedThreadPoolsMeterBinder> binder;
  private final ConfigurableListableBeanFactory beanFactory;

  LatePoolMetering(
      ObjectProvider<ManagedThreadPoolsMeterBinder> binder,
      ConfigurableListableBeanFactory beanFactory) {
    this.binder = binder;
    this.beanFactory = beanFactory;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (bean instanceof ManagedThreadPool pool
        && beanFactory.containsBeanDefinition(beanName)
        && beanFactory.getBeanDefinition(beanName).isSingleton()) {
      ManagedThreadPoolsMeterBinder meters = binder.getIfAvailable();
      if (meters != null) {
        meters.bindCreatedLater(pool);
      }
    }
    return bean;
  }
}
