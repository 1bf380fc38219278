package dev.managedexecutors.autoconfigure;

import dev.managedexecutors.ManagedThreadPool;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Finds the {@link ManagedThreadPool} beans that exist, without creating any: the endpoint, the
 * health contributor and the meters show only these. A prototype-scoped pool bean (a new pool each
 * time it is looked up) is never listed, since looking it up would create a pool, and a thread,
 * that nobody shuts down; a lazy singleton is listed once something has created it.
 *
 * <p>Thread-safety: safe for use by many threads. Never blocks (beyond the bean factory's own
 * registry lock).
 */
public final class PoolBeans {
  private PoolBeans() {}

  /**
   * Returns the singleton pool beans created so far, by bean name, in registration order.
   *
   * @param beanFactory where to look
   * @return an unmodifiable map, possibly empty
   */
  public static Map<String, ManagedThreadPool> existing(ListableBeanFactory beanFactory) {
    ConfigurableListableBeanFactory configurable = configurable(beanFactory);
    Map<String, ManagedThreadPool> pools = new LinkedHashMap<>();
    // Neither prototypes nor factory beans are initialised just to learn their type.
    for (String name : beanFactory.getBeanNamesForType(ManagedThreadPool.class, false, false)) {
      if (configurable != null && !configurable.containsSingleton(name)) {
        continue; // a lazy singleton that nobody has asked for yet
      }
      pools.put(name, beanFactory.getBean(name, ManagedThreadPool.class));
    }
    return Collections.unmodifiableMap(pools);
  }

  private static @org.jspecify.annotations.Nullable ConfigurableListableBeanFactory configurable(
      ListableBeanFactory beanFactory) {
    if (beanFactory instanceof ConfigurableListableBeanFactory c) {
      return c;
    }
    if (beanFactory instanceof ConfigurableApplicationContext context && context.isActive()) {
      return context.getBeanFactory();
    }
    return null;
  }
}
