package dev.managedexecutors.autoconfigure;

import dev.managedexecutors.ManagedThreadPool;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * Adds each singleton {@link ManagedThreadPool} bean to the {@link ManagedThreadPoolRegistry} as it
 * is created, the application's own included, so that the registry (and so meters, endpoint and
 * health) knows every pool, and a lazy pool as soon as something creates it. Prototype-scoped pools
 * are left alone: nothing would ever shut them down or unregister them.
 *
 * <p>Thread-safety: safe for use by many threads.
 */
final class PoolRegistration implements BeanPostProcessor {
  private final ObjectProvider<ManagedThreadPoolRegistry> registry;
  private final ConfigurableListableBeanFactory beanFactory;

  PoolRegistration(
      ObjectProvider<ManagedThreadPoolRegistry> registry,
      ConfigurableListableBeanFactory beanFactory) {
    this.registry = registry;
    this.beanFactory = beanFactory;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (bean instanceof ManagedThreadPool pool
        && beanFactory.containsBeanDefinition(beanName)
        && beanFactory.getBeanDefinition(beanName).isSingleton()) {
      ManagedThreadPoolRegistry pools = registry.getIfAvailable();
      if (pools != null) {
        pools.register(pool, "bean '" + beanName + "'");
      }
    }
    return bean;
  }
}
