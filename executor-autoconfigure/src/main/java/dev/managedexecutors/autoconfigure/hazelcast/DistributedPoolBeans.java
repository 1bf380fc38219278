package dev.managedexecutors.autoconfigure.hazelcast;

import dev.managedexecutors.autoconfigure.DistributedPoolProperties;
import dev.managedexecutors.hazelcast.DistributedPool;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * The distributed pools of the application context, those declared in properties and those the
 * application defines itself, with their settings as declared (defaults for the application's own).
 * Only singletons that exist already are listed: looking one up never creates a pool.
 *
 * <p>Thread-safety: safe for use by many threads; never blocks (beyond the bean factory's own
 * registry lock).
 */
final class DistributedPoolBeans {
  private final ConfigurableListableBeanFactory beanFactory;
  private final Map<String, DistributedPoolProperties> declared;

  DistributedPoolBeans(
      ConfigurableListableBeanFactory beanFactory,
      Map<String, DistributedPoolProperties> declared) {
    this.beanFactory = beanFactory;
    this.declared = Map.copyOf(declared);
  }

  /** The pool beans created so far, by bean name, in registration order. */
  Map<String, DistributedPool> existing() {
    Map<String, DistributedPool> pools = new LinkedHashMap<>();
    for (String name : beanFactory.getBeanNamesForType(DistributedPool.class, false, false)) {
      if (beanFactory.containsSingleton(name)) {
        pools.put(name, beanFactory.getBean(name, DistributedPool.class));
      }
    }
    return Collections.unmodifiableMap(pools);
  }

  /** The settings of the pool of that bean name: as declared, or the defaults. */
  DistributedPoolProperties settings(String name) {
    DistributedPoolProperties s = declared.get(name);
    return s != null ? s : new DistributedPoolProperties();
  }

  static DistributedPoolBeans of(
      ListableBeanFactory beanFactory, Map<String, DistributedPoolProperties> declared) {
    return new DistributedPoolBeans((ConfigurableListableBeanFactory) beanFactory, declared);
  }
}
