package dev.managedexecutors.autoconfigure.refresh;

import dev.managedexecutors.ManagedThreadPool;
import dev.managedexecutors.autoconfigure.PoolBeans;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ListableBeanFactory;

/**
 * Finds a running pool by name for the live reconfiguration, without creating one: a lazy pool that
 * nobody has asked for yet, or a prototype, is not found. The one place where the reconfiguration
 * meets the application's pools.
 *
 * <p>Thread-safety: safe for use by many threads.
 */
final class PoolLookup {
  private final ListableBeanFactory beanFactory;

  PoolLookup(ListableBeanFactory beanFactory) {
    this.beanFactory = beanFactory;
  }

  /** The pool bean of that name if it exists now, else {@code null}. */
  @Nullable ManagedThreadPool find(String name) {
    return PoolBeans.existing(beanFactory).get(name);
  }
}
