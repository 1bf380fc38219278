package dev.managedexecutors.autoconfigure;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Warns at start-up of an AOT-processed application about each pool declared under {@code
 * managed-executors.pools} that has no bean: the set of pool beans is decided when the application
 * is processed (as for every conditional bean), so a pool added to the configuration afterwards
 * would otherwise be silently ignored. The warning names the pools and the fix: process the
 * application again with that configuration. Likewise for the primary pool, also decided at
 * processing: when the configuration of the run marks another pool {@code primary}, a warning names
 * both pools, rather than {@code @Async} silently going on to the processed one.
 *
 * <p>Without AOT it does nothing: the pools are registered from the configuration of the run.
 * Thread-safety: called once by Spring, after every singleton exists.
 */
final class PoolsAddedAfterAotWarning implements SmartInitializingSingleton {
  private static final Log logger = LogFactory.getLog(PoolsAddedAfterAotWarning.class);

  private final boolean aotProcessed;
  private final ManagedExecutorsProperties properties;
  private final Predicate<String> beanExists;
  private final Predicate<String> primaryBean;

  /**
   * @param aotProcessed whether the application runs with its AOT-generated artifacts
   * @param properties the pools declared in the configuration of this run
   * @param beanExists whether a bean of a given name exists
   * @param primaryBean whether the bean of a given name is defined primary
   */
  PoolsAddedAfterAotWarning(
      boolean aotProcessed,
      ManagedExecutorsProperties properties,
      Predicate<String> beanExists,
      Predicate<String> primaryBean) {
    this.aotProcessed = aotProcessed;
    this.properties = properties;
    this.beanExists = beanExists;
    this.primaryBean = primaryBean;
  }

  @Override
  public void afterSingletonsInstantiated() {
    if (!aotProcessed || !logger.isWarnEnabled()) {
      return;
    }
    List<String> missing = missing(properties.getPools().keySet(), beanExists);
    if (!missing.isEmpty()) {
      logger.warn(message(missing));
    }
    String primaryMoved = primaryMoved(properties, beanExists, primaryBean);
    if (primaryMoved != null) {
      logger.warn(primaryMoved);
    }
  }

  /**
   * The warning for a configuration of this run that makes another pool primary than the processed
   * application did (the pool marked {@code primary}, else {@code default}), or null when both
   * agree, or when the pool it makes primary or the processed primary pool has no bean.
   */
  static @Nullable String primaryMoved(
      ManagedExecutorsProperties properties,
      Predicate<String> beanExists,
      Predicate<String> primaryBean) {
    String wanted = ManagedExecutorsProperties.DEFAULT_POOL;
    for (Map.Entry<String, ManagedExecutorsProperties.Pool> e : properties.getPools().entrySet()) {
      if (e.getValue().isPrimary()) {
        wanted = e.getKey();
        break;
      }
    }
    Set<String> pools = new LinkedHashSet<>(properties.getPools().keySet());
    pools.add(ManagedExecutorsProperties.DEFAULT_POOL);
    String processed = null;
    for (String name : pools) {
      if (beanExists.test(name) && primaryBean.test(name)) {
        processed = name;
        break;
      }
    }
    if (processed == null || processed.equals(wanted) || !beanExists.test(wanted)) {
      return null;
    }
    return "Pool '"
        + wanted
        + "' would be the primary pool with the configuration of this run, but the application"
        + " was AOT-processed with pool '"
        + processed
        + "' as primary, which stays primary: @Async without a qualifier and injection by type"
        + " use '"
        + processed
        + "'. Which pool is primary is fixed when the application is processed. Run the AOT"
        + " processing again with this configuration (mvn spring-boot:process-aot, or Gradle's"
        + " processAot task) and rebuild the application.";
  }

  /** The declared pools without a bean of their name, in declaration order. */
  static List<String> missing(Collection<String> declared, Predicate<String> beanExists) {
    List<String> missing = new ArrayList<>();
    for (String name : declared) {
      if (!beanExists.test(name)) {
        missing.add(name);
      }
    }
    return missing;
  }

  static String message(List<String> missing) {
    StringBuilder names = new StringBuilder();
    for (String name : missing) {
      names.append(names.length() == 0 ? "" : ", ").append('\'').append(name).append('\'');
    }
    boolean one = missing.size() == 1;
    return (one ? "Pool " : "Pools ")
        + names
        + (one ? " is" : " are")
        + " declared under "
        + ManagedExecutorsProperties.PREFIX
        + ".pools but the application was AOT-processed without "
        + (one ? "it" : "them")
        + ", so no bean exists for "
        + (one ? "it" : "them")
        + " and nothing uses "
        + (one ? "it" : "them")
        + ". The set of pools is fixed when the application is processed; their settings are"
        + " not. Run the AOT processing again with this configuration (mvn spring-boot:process-aot,"
        + " or Gradle's processAot task) and rebuild the application.";
  }
}
