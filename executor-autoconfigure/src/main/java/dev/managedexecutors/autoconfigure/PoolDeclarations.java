package dev.managedexecutors.autoconfigure;

import dev.managedexecutors.ManagedExecutor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Pattern;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.boot.thread.Threading;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.scheduling.TaskScheduler;

/**
 * Decides, from {@code managed-executors.*} and the application's own beans, which pools become
 * beans and which one is primary, and checks every declaration, so that {@link
 * ConfiguredPoolsRegistrar} only registers the result.
 *
 * <ul>
 *   <li>The primary pool is the one marked {@code primary}; when none is, the pool named {@code
 *       default}. That pool is created with every default when it is not declared, unless the
 *       application defines an executor bean of its own (a {@link ManagedExecutor}, or any other
 *       {@link Executor} that is not a scheduler), other than one replacing a declared pool: that
 *       executor then keeps serving {@code @Async}, and the declared pools serve by qualifier.
 *   <li>A pool whose name is already the name of an executor bean backs off: the application's bean
 *       wins. A bean of that name that is not an {@code Executor} fails start-up.
 *   <li>With {@code spring.threads.virtual.enabled=true} on Java 21 or later, the {@code default}
 *       pool runs its tasks on virtual threads, as Spring Boot's own executor would.
 *   <li>A pool with {@code virtual: true} runs on virtual threads; before Java 21 that fails
 *       start-up, naming the property.
 * </ul>
 *
 * <p>Binding and validation failures are thrown as {@link InvalidPoolPropertyException}, with where
 * the value was written: names Spring Boot would change or merge ({@code my pool}, {@code my-pool}
 * with {@code myPool}), a pool named like one of this starter's beans, unknown keys (with a hint
 * for a dotted name written without brackets), empty values and values that cannot be converted. A
 * pool declared with no settings ({@code io: {}}) has every default.
 */
final class PoolDeclarations {
  private static final Log logger = LogFactory.getLog(PoolDeclarations.class);

  /** Every key a pool accepts, as listed in the failure report for an unknown key. */
  static final List<String> POOL_KEYS =
      List.of(
          "core-size",
          "max-size",
          "queue-capacity",
          "keep-alive",
          "thread-name-prefix",
          "rejection",
          "block-timeout",
          "queue-timeout",
          "run-timeout",
          "prestart",
          "daemon",
          "virtual",
          "primary",
          "shutdown.await-termination",
          "shutdown.cancel-pending");

  /** The names of the beans this starter defines, which a pool must not take. */
  static final Set<String> STARTER_BEANS =
      Set.of(
          "managedExecutorsGracefulShutdown",
          ManagedThreadPoolRegistry.BEAN_NAME,
          "managedExecutorsPoolRegistration",
          "managedExecutorsPrimaryPoolNameTag",
          "managedExecutorsAsyncPostProcessor",
          "managedExecutorsAsyncConfigurer",
          "applicationTaskExecutor",
          "executorsEndpoint",
          "executorsEndpointWebExtension",
          "managedExecutorsResizeRequestAdvisor",
          "executorsHealthContributor",
          "managedThreadPoolsMeterBinder",
          "managedExecutorsEmptyPoolBindHandlerAdvisor",
          "managedExecutorsAsyncNotEnabledWarning",
          "managedExecutorsPoolsAddedAfterAotWarning");

  /** A pool name Spring Boot keeps as written, outside brackets. */
  private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9_-]+");

  private PoolDeclarations() {}

  /**
   * Returns the pools to register as beans, in declaration order, with the primary one marked.
   *
   * @throws InvalidPoolPropertyException listing every invalid declaration
   */
  static List<ConfiguredPool> plan(Environment environment, BeanDefinitionRegistry registry) {
    PropertyLookup lookup = PropertyLookup.of(environment);
    List<InvalidPoolPropertyException> problems = new ArrayList<>();
    checkPoolNames(environment, problems);
    ManagedExecutorsProperties properties = PoolPropertiesBinding.bind(environment, problems);
    // An application bean that replaces a declared pool (same name) is not a replacement for the
    // default pool; any other executor bean of the application is.
    boolean applicationDefinesExecutor =
        registry instanceof ListableBeanFactory beans
            && !applicationExecutors(beans, properties.getPools().keySet()).isEmpty();
    boolean virtualThreads = Threading.VIRTUAL.isActive(environment);
    List<ConfiguredPool> toRegister = new ArrayList<>();
    for (ConfiguredPool pool :
        resolve(properties, applicationDefinesExecutor, virtualThreads, lookup, problems)) {
      if (STARTER_BEANS.contains(pool.name())) {
        problems.add(reservedName(pool, lookup));
        continue;
      }
      if (registry.containsBeanDefinition(pool.name()) || registry.isAlias(pool.name())) {
        Class<?> type = beanType(registry, pool.name());
        if (type != null && !Executor.class.isAssignableFrom(type)) {
          problems.add(notAnExecutor(pool, type, lookup));
          continue;
        }
        logger.info(
            "Pool '"
                + pool.name()
                + "' of managed-executors backs off: the application defines a bean named '"
                + pool.name()
                + "'");
        continue;
      }
      try {
        pool.builder(lookup); // fails start-up, naming the property, if a setting is invalid
      } catch (InvalidPoolPropertyException e) {
        problems.add(e);
        continue;
      }
      toRegister.add(pool);
      if (pool.name().equals(ManagedExecutorsProperties.DEFAULT_POOL) && !virtualThreads) {
        warnIfVirtualThreadsRequested(environment);
      }
    }
    if (!problems.isEmpty()) {
      throw InvalidExecutorsPropertyException.combine(problems);
    }
    return toRegister;
  }

  /**
   * The application's executor beans that stand in for the default pool: every {@link Executor}
   * bean that is not a scheduler ({@link TaskScheduler}, {@link ScheduledExecutorService}) and not
   * named like one of {@code declaredPools}. Creates no bean.
   */
  static List<String> applicationExecutors(ListableBeanFactory beans, Set<String> declaredPools) {
    return Arrays.stream(beans.getBeanNamesForType(Executor.class, true, false))
        .filter(name -> !declaredPools.contains(name))
        .filter(
            name -> {
              Class<?> type = beans.getType(name, false);
              return type == null
                  || (!TaskScheduler.class.isAssignableFrom(type)
                      && !ScheduledExecutorService.class.isAssignableFrom(type));
            })
        .toList();
  }

  /**
   * Decides which pools to create and which one is primary. A second pool marked primary is added
   * to {@code problems}.
   */
  static List<ConfiguredPool> resolve(
      ManagedExecutorsProperties properties,
      boolean applicationDefinesExecutor,
      boolean virtualThreads,
      PropertyLookup lookup,
      List<InvalidPoolPropertyException> problems) {
    Map<String, ManagedExecutorsProperties.Pool> pools = new LinkedHashMap<>(properties.getPools());
    String primary = null;
    for (Map.Entry<String, ManagedExecutorsProperties.Pool> e : pools.entrySet()) {
      if (!e.getValue().isPrimary()) {
        continue;
      }
      if (primary != null) {
        ConfiguredPool second = new ConfiguredPool(e.getKey(), e.getValue(), true, false);
        ConfigurationProperty written = lookup.find(second.property("primary"));
        problems.add(
            new InvalidPoolPropertyException(
                second.property("primary"),
                "true",
                "pools '" + primary + "' and '" + e.getKey() + "' are both marked primary",
                "Set primary to true on one pool only. When no pool is primary, the pool named '"
                    + ManagedExecutorsProperties.DEFAULT_POOL
                    + "' is.",
                written != null ? written.getOrigin() : null,
                null));
        continue;
      }
      primary = e.getKey();
    }
    String defaultPool = ManagedExecutorsProperties.DEFAULT_POOL;
    if (primary == null) {
      if (!pools.containsKey(defaultPool) && !applicationDefinesExecutor) {
        pools.put(defaultPool, new ManagedExecutorsProperties.Pool());
      }
      if (pools.containsKey(defaultPool)) {
        primary = defaultPool;
      }
    }
    List<ConfiguredPool> resolved = new ArrayList<>();
    for (Map.Entry<String, ManagedExecutorsProperties.Pool> e : pools.entrySet()) {
      String name = e.getKey();
      resolved.add(
          new ConfiguredPool(
              name,
              e.getValue(),
              name.equals(primary),
              e.getValue().isVirtual() || (virtualThreads && name.equals(defaultPool))));
    }
    return resolved;
  }

  /**
   * Checks the pool names as written: Spring Boot strips from a name the characters a property name
   * cannot hold ({@code my pool} becomes {@code mypool}) and merges names that differ only in case,
   * dashes and underscores ({@code my-pool}, {@code myPool}); a name in brackets is kept as it is.
   */
  static void checkPoolNames(Environment environment, List<InvalidPoolPropertyException> problems) {
    if (!(environment instanceof ConfigurableEnvironment configurable)) {
      return;
    }
    String prefix = ManagedExecutorsProperties.PREFIX + ".pools.";
    Map<String, String> uniformToWritten = new LinkedHashMap<>();
    Set<String> reported = new HashSet<>();
    for (PropertySource<?> source : configurable.getPropertySources()) {
      if (!(source instanceof EnumerablePropertySource<?> enumerable)
          || ConfigurationPropertySources.isAttachedConfigurationPropertySource(source)) {
        continue;
      }
      for (String property : enumerable.getPropertyNames()) {
        if (!property.startsWith(prefix)) {
          continue; // bracketed names (pools[my pool]) are kept as written
        }
        String rest = property.substring(prefix.length());
        int end = indexOfAny(rest, ".[");
        String written = end < 0 ? rest : rest.substring(0, end);
        Origin origin = OriginLookup.getOrigin(source, property);
        if (!VALID_NAME.matcher(written).matches()) {
          if (reported.add(written)) {
            problems.add(
                new InvalidPoolPropertyException(
                    prefix + written,
                    null,
                    "the pool name '"
                        + written
                        + "' holds characters that a property name cannot: Spring Boot would"
                        + " name the pool '"
                        + written.replaceAll("[^A-Za-z0-9_-]", "")
                        + "'",
                    "Write the name in brackets to keep it exactly: \"["
                        + written
                        + "]\": in YAML, or "
                        + ManagedExecutorsProperties.PREFIX
                        + ".pools["
                        + written
                        + "].<key> in a .properties file; or use only letters, digits and"
                        + " dashes.",
                    origin,
                    null));
          }
          continue;
        }
        String uniform = written.toLowerCase(Locale.ROOT).replaceAll("[_-]", "");
        String other = uniformToWritten.putIfAbsent(uniform, written);
        if (other != null && !other.equals(written) && reported.add(written)) {
          problems.add(
              new InvalidPoolPropertyException(
                  prefix + written,
                  null,
                  "pools '"
                      + other
                      + "' and '"
                      + written
                      + "' are one property name to Spring Boot, which ignores case, dashes and"
                      + " underscores: their settings would be merged",
                  "Rename one of the pools, or write each name in brackets (\"["
                      + written
                      + "]\": in YAML) to keep both apart.",
                  origin,
                  null));
        }
      }
    }
  }

  private static int indexOfAny(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  /** The type of an application bean, without creating it; null if unknown. */
  private static @Nullable Class<?> beanType(BeanDefinitionRegistry registry, String name) {
    if (!(registry instanceof ConfigurableListableBeanFactory beans)) {
      return null;
    }
    try {
      return beans.getType(name, false);
    } catch (RuntimeException | LinkageError e) {
      return null; // not knowable before the bean exists: the bean wins, as documented
    }
  }

  private static InvalidPoolPropertyException notAnExecutor(
      ConfiguredPool pool, Class<?> type, PropertyLookup lookup) {
    String name = pool.name();
    return new InvalidPoolPropertyException(
        ManagedExecutorsProperties.PREFIX + ".pools." + name,
        null,
        "the application defines a bean named '"
            + name
            + "' of type "
            + type.getName()
            + ", which is not an Executor: pool '"
            + name
            + "' would give way to it and vanish (no pool bean, no endpoint entry, no meters)",
        "Rename the pool or the bean (for example @Service(\""
            + name
            + "Service\")). To replace the pool with an executor of your own, define a"
            + " ManagedExecutor bean named '"
            + name
            + "'.",
        firstOrigin(pool, lookup),
        null);
  }

  private static @Nullable Origin firstOrigin(ConfiguredPool pool, PropertyLookup lookup) {
    for (String key : POOL_KEYS) {
      ConfigurationProperty written = lookup.find(pool.property(key));
      if (written != null) {
        return written.getOrigin();
      }
    }
    return null;
  }

  private static InvalidPoolPropertyException reservedName(
      ConfiguredPool pool, PropertyLookup lookup) {
    String property = ManagedExecutorsProperties.PREFIX + ".pools." + pool.name();
    Origin origin = firstOrigin(pool, lookup);
    String action = "Rename the pool.";
    if (pool.name().equals("applicationTaskExecutor")) {
      action +=
          " To make a pool the executor of @Async and Spring MVC, mark it primary: true; the"
              + " applicationTaskExecutor bean then adapts it.";
    }
    return new InvalidPoolPropertyException(
        property,
        null,
        "'"
            + pool.name()
            + "' is the name of a bean of managed-executors itself, which the pool would replace"
            + " or lose to",
        action,
        origin,
        null);
  }

  private static void warnIfVirtualThreadsRequested(Environment environment) {
    if (environment.getProperty("spring.threads.virtual.enabled", boolean.class, false)) {
      logger.warn(
          "spring.threads.virtual.enabled=true has no effect on Java "
              + Runtime.version().feature()
              + ": pool '"
              + ManagedExecutorsProperties.DEFAULT_POOL
              + "' of managed-executors runs on platform threads, as Spring Boot's own task"
              + " executor would. Virtual threads need Java 21 or later.");
    }
  }
}
