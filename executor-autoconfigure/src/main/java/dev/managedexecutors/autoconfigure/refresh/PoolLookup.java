package dev.managedexecutors.autoconfigure.refresh;

import dev.managedexecutors.ManagedThreadPool;
import dev.managedexecutors.autoconfigure.ManagedThreadPoolRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Finds a running pool by name for the live reconfiguration, without creating one: a lazy pool that
 * nobody has asked for yet is not found, nor is an application's own pool bean (the registry did
 * not build it from {@code managed-executors.pools}, so those settings are not its settings).
 *
 * <p>Thread-safety: safe for use by many threads.
 */
final class PoolLookup {
  private final ManagedThreadPoolRegistry registry;

  PoolLookup(ManagedThreadPoolRegistry registry) {
    this.registry = registry;
  }

  /** The configured pool of that name if the registry built it, else {@code null}. */
  @Nullable ManagedThreadPool find(String name) {
    if (registry.settings(name).isEmpty()) {
      return null;
    }
    return registry.find(name).orElse(null);
  }
}
