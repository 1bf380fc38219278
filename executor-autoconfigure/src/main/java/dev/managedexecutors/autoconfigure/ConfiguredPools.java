package dev.managedexecutors.autoconfigure;

import java.util.List;

/**
 * The pools this auto-configuration registered as beans, with their settings, in declaration order.
 * Pools that backed off (because the application defines a bean of the same name) are not here.
 * Immutable.
 */
final class ConfiguredPools {
  static final String BEAN_NAME = "managedExecutorsConfiguredPools";

  private final List<ConfiguredPool> pools;

  ConfiguredPools(List<ConfiguredPool> pools) {
    this.pools = List.copyOf(pools);
  }

  List<ConfiguredPool> all() {
    return pools;
  }
}
