package dev.managedexecutors.autoconfigure;

import dev.managedexecutors.ManagedThreadPool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.thread.Threading;
import org.springframework.core.env.Environment;

/**
 * The settings of the pools declared under {@code managed-executors.pools}, read again from the
 * application's {@link Environment} and checked with the rules, and in the words, of the start-up
 * failure report. Used by the live reconfiguration ({@code autoconfigure.refresh}); not an API of
 * its own.
 *
 * <p>Thread-safety: stateless; safe for use by many threads. Binding reads the environment and
 * never blocks beyond it.
 */
public final class LivePoolSettings {
  private LivePoolSettings() {}

  /**
   * The result of binding {@code managed-executors.*} again.
   *
   * @param properties the bound properties (a key that failed keeps its default)
   * @param problems every key that is unknown, empty or cannot be converted, with the fix
   */
  public record Binding(
      ManagedExecutorsProperties properties, List<InvalidPoolPropertyException> problems) {
    /**
     * Copies the problems.
     *
     * @param properties the bound properties
     * @param problems the problems found
     */
    public Binding {
      problems = List.copyOf(problems);
    }
  }

  /**
   * Returns the settings with which the pools were declared at start-up, by pool name, in
   * declaration order. Pools that backed off for a bean of the application are not there.
   *
   * @param registry the pool registry
   * @return a new map
   */
  public static Map<String, ManagedExecutorsProperties.Pool> atStartUp(
      ManagedThreadPoolRegistry registry) {
    return registry.configuredSettings();
  }

  /**
   * Binds {@code managed-executors.*} from the environment as it is now.
   *
   * @param environment the application's environment
   * @return the properties and the problems found
   */
  public static Binding bind(Environment environment) {
    List<InvalidPoolPropertyException> problems = new ArrayList<>();
    ManagedExecutorsProperties properties = PoolPropertiesBinding.bind(environment, problems);
    return new Binding(properties, problems);
  }

  /**
   * Checks new settings for a pool declared at start-up, as the start-up report would: the first
   * invalid property, if any, named with its value as written, the reason and the fix.
   *
   * @param environment the application's environment, to quote values as written
   * @param name the pool's name
   * @param settings its new settings
   * @return the problems, empty if the settings are valid
   */
  public static List<InvalidPoolPropertyException> check(
      Environment environment, String name, ManagedExecutorsProperties.Pool settings) {
    ConfiguredPool candidate =
        new ConfiguredPool(
            name,
            settings,
            settings.isPrimary(),
            settings.isVirtual()
                || (name.equals(ManagedExecutorsProperties.DEFAULT_POOL)
                    && Threading.VIRTUAL.isActive(environment)));
    PropertyLookup lookup = PropertyLookup.of(environment);
    try {
      candidate.builder(lookup);
    } catch (InvalidPoolPropertyException e) {
      return List.of(e);
    }
    Integer max = settings.getMaxSize();
    int effectiveMax = max != null ? max : ManagedThreadPool.defaultMaxWorkers();
    if (settings.getCoreSize() > effectiveMax) {
      return List.of(candidate.coreAboveMax(lookup, null));
    }
    return List.of();
  }
}
