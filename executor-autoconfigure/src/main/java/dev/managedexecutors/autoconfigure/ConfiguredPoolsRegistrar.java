package dev.managedexecutors.autoconfigure;

import dev.managedexecutors.ManagedExecutor;
import dev.managedexecutors.ManagedThreadPool;
import dev.managedexecutors.autoconfigure.propagation.ContextPropagation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.CompositeTaskDecorator;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.ClassUtils;

/**
 * Registers one {@link ManagedThreadPool} bean per pool of {@code managed-executors.pools}, named
 * after the pool, while configuration classes are read, so that conditions evaluated later (Spring
 * Boot's {@code @ConditionalOnMissingBean(Executor.class)} on its {@code applicationTaskExecutor})
 * see them.
 *
 * <ul>
 *   <li>The primary pool is the one marked {@code primary}; when none is, the pool named {@code
 *       default}. That pool is created with every default when it is not declared, unless the
 *       application defines a {@link ManagedExecutor} bean of its own (other than one replacing a
 *       declared pool).
 *   <li>A pool whose name is already the name of an executor bean backs off: the application's bean
 *       wins. A bean of that name that is not an {@code Executor} fails start-up.
 *   <li>With {@code spring.threads.virtual.enabled=true} on Java 21 or later, the {@code default}
 *       pool runs its tasks on virtual threads, as Spring Boot's own executor would.
 *   <li>The application's {@link TaskDecorator} beans decorate every task, as Spring Boot does for
 *       its own executor; with Micrometer's context-propagation on the class path, a
 *       context-propagating decorator (MDC included) is composed after them, unless the application
 *       has one of its own or sets {@code managed-executors.context-propagation.enabled=false}.
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
final class ConfiguredPoolsRegistrar implements ImportBeanDefinitionRegistrar {
  private static final Log logger = LogFactory.getLog(ConfiguredPoolsRegistrar.class);

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
          ConfiguredPools.BEAN_NAME,
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
          "managedExecutorsLatePoolMetering");

  /** A pool name Spring Boot keeps as written, outside brackets. */
  private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9_-]+");

  private static final String CONTEXT_SNAPSHOT_FACTORY =
      "io.micrometer.context.ContextSnapshotFactory";

  private final Environment environment;
  private final BeanFactory beanFactory;

  ConfiguredPoolsRegistrar(Environment environment, BeanFactory beanFactory) {
    this.environment = environment;
    this.beanFactory = beanFactory;
  }

  @Override
  public void registerBeanDefinitions(
      AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
    PropertyLookup lookup = PropertyLookup.of(environment);
    List<InvalidPoolPropertyException> problems = new ArrayList<>();
    checkPoolNames(environment, problems);
    ManagedExecutorsProperties properties = PoolPropertiesBinding.bind(environment, problems);
    // An application bean that replaces a declared pool (same name) is not a replacement for the
    // default pool; any other ManagedExecutor bean of the application is.
    boolean applicationDefinesExecutor =
        registry instanceof ListableBeanFactory beans
            && Arrays.stream(beans.getBeanNamesForType(ManagedExecutor.class, true, false))
                .anyMatch(name -> !properties.getPools().containsKey(name));
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
    }
    if (!problems.isEmpty()) {
      throw InvalidPoolPropertyException.combine(problems);
    }
    for (ConfiguredPool pool : toRegister) {
      RootBeanDefinition definition = new RootBeanDefinition(ManagedThreadPool.class);
      definition.setInstanceSupplier(() -> pool.build(lookup, taskDecorator()));
      definition.setPrimary(pool.primary());
      // A safety net that never blocks: GracefulShutdownLifecycle drains the pool before this.
      // Without it, Spring would call close() (the pool is AutoCloseable), which waits forever.
      definition.setDestroyMethodName("shutdown");
      registry.registerBeanDefinition(pool.name(), definition);
      if (pool.name().equals(ManagedExecutorsProperties.DEFAULT_POOL) && !virtualThreads) {
        warnIfVirtualThreadsRequested();
      }
    }
    RootBeanDefinition configured =
        new RootBeanDefinition(ConfiguredPools.class, () -> new ConfiguredPools(toRegister));
    configured.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
    registry.registerBeanDefinition(ConfiguredPools.BEAN_NAME, configured);
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
  private static void checkPoolNames(
      Environment environment, List<InvalidPoolPropertyException> problems) {
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

  /**
   * Whether to add our context-propagating decorator: context-propagation is on the class path, it
   * is not disabled, and the application has no context-propagating decorator of its own (such as
   * Spring Boot's, with spring.task.execution.propagate-context=true), which would propagate twice.
   */
  private boolean propagateContext(List<TaskDecorator> decorators) {
    ClassLoader loader =
        beanFactory instanceof ConfigurableBeanFactory configurable
                && configurable.getBeanClassLoader() != null
            ? configurable.getBeanClassLoader()
            : getClass().getClassLoader();
    return ClassUtils.isPresent(CONTEXT_SNAPSHOT_FACTORY, loader)
        && environment.getProperty(
            ManagedExecutorsProperties.PREFIX + ".context-propagation.enabled", boolean.class, true)
        && decorators.stream().noneMatch(ContextPropagatingTaskDecorator.class::isInstance);
  }

  private void warnIfVirtualThreadsRequested() {
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

  private @Nullable UnaryOperator<Runnable> taskDecorator() {
    List<TaskDecorator> decorators =
        new ArrayList<>(beanFactory.getBeanProvider(TaskDecorator.class).orderedStream().toList());
    if (propagateContext(decorators)) {
      // Last, so outermost: the user's decorators already run inside the submitter's context.
      decorators.add(ContextPropagation.taskDecorator());
    }
    if (decorators.isEmpty()) {
      return null;
    }
    TaskDecorator decorator =
        decorators.size() == 1 ? decorators.get(0) : new CompositeTaskDecorator(decorators);
    return decorator::decorate;
  }
}
