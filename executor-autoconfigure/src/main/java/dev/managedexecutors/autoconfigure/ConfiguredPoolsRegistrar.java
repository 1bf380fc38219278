package dev.managedexecutors.autoconfigure;

import dev.managedexecutors.ManagedExecutor;
import dev.managedexecutors.ManagedThreadPool;
import dev.managedexecutors.RejectionPolicy;
import dev.managedexecutors.autoconfigure.propagation.ContextPropagation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.handler.IgnoreTopLevelConverterNotFoundBindHandler;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
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
 *   <li>A pool whose name is already a bean name backs off: the application's bean wins.
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
 * <p>Binding and validation failures are thrown as {@link InvalidPoolPropertyException}.
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
          "prestart",
          "daemon",
          "virtual",
          "primary",
          "shutdown.await-termination",
          "shutdown.cancel-pending");

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
    ManagedExecutorsProperties properties = bind(environment);
    // An application bean that replaces a declared pool (same name) is not a replacement for the
    // default pool; any other ManagedExecutor bean of the application is.
    boolean applicationDefinesExecutor =
        registry instanceof ListableBeanFactory beans
            && Arrays.stream(beans.getBeanNamesForType(ManagedExecutor.class, true, false))
                .anyMatch(name -> !properties.getPools().containsKey(name));
    boolean virtualThreads = Threading.VIRTUAL.isActive(environment);
    List<ConfiguredPool> registered = new ArrayList<>();
    for (ConfiguredPool pool : resolve(properties, applicationDefinesExecutor, virtualThreads)) {
      if (registry.containsBeanDefinition(pool.name()) || registry.isAlias(pool.name())) {
        logger.info(
            "Pool '"
                + pool.name()
                + "' of managed-executors backs off: the application defines a bean named '"
                + pool.name()
                + "'");
        continue;
      }
      pool.builder(lookup); // fails start-up now, naming the property, if a setting is invalid
      RootBeanDefinition definition = new RootBeanDefinition(ManagedThreadPool.class);
      definition.setInstanceSupplier(() -> pool.build(lookup, taskDecorator()));
      definition.setPrimary(pool.primary());
      // A safety net that never blocks: GracefulShutdownLifecycle drains the pool before this.
      // Without it, Spring would call close() (the pool is AutoCloseable), which waits forever.
      definition.setDestroyMethodName("shutdown");
      registry.registerBeanDefinition(pool.name(), definition);
      registered.add(pool);
      if (pool.name().equals(ManagedExecutorsProperties.DEFAULT_POOL) && !virtualThreads) {
        warnIfVirtualThreadsRequested();
      }
    }
    RootBeanDefinition configured =
        new RootBeanDefinition(ConfiguredPools.class, () -> new ConfiguredPools(registered));
    configured.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
    registry.registerBeanDefinition(ConfiguredPools.BEAN_NAME, configured);
  }

  /**
   * Decides which pools to create and which one is primary.
   *
   * @throws InvalidPoolPropertyException if more than one pool is marked primary
   */
  static List<ConfiguredPool> resolve(
      ManagedExecutorsProperties properties,
      boolean applicationDefinesExecutor,
      boolean virtualThreads) {
    Map<String, ManagedExecutorsProperties.Pool> pools = new LinkedHashMap<>(properties.getPools());
    String primary = null;
    for (Map.Entry<String, ManagedExecutorsProperties.Pool> e : pools.entrySet()) {
      if (!e.getValue().isPrimary()) {
        continue;
      }
      if (primary != null) {
        ConfiguredPool second = new ConfiguredPool(e.getKey(), e.getValue(), true, false);
        throw new InvalidPoolPropertyException(
            second.property("primary"),
            "true",
            "pools '" + primary + "' and '" + e.getKey() + "' are both marked primary",
            "Set primary to true on one pool only. When no pool is primary, the pool named '"
                + ManagedExecutorsProperties.DEFAULT_POOL
                + "' is.",
            null,
            null);
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
   * Binds {@code managed-executors.*}, refusing unknown keys.
   *
   * @throws InvalidPoolPropertyException if a key is unknown or a value cannot be converted
   */
  static ManagedExecutorsProperties bind(Environment environment) {
    ManagedExecutorsProperties properties = new ManagedExecutorsProperties();
    try {
      Binder.get(environment)
          .bind(
              ManagedExecutorsProperties.PREFIX,
              Bindable.ofInstance(properties),
              new NoUnboundElementsBindHandler(new IgnoreTopLevelConverterNotFoundBindHandler()));
    } catch (BindException e) {
      throw translate(e);
    }
    return properties;
  }

  private static InvalidPoolPropertyException translate(BindException e) {
    UnboundConfigurationPropertiesException unbound =
        findCause(e, UnboundConfigurationPropertiesException.class);
    if (unbound != null && !unbound.getUnboundProperties().isEmpty()) {
      ConfigurationProperty p = unbound.getUnboundProperties().iterator().next();
      return new InvalidPoolPropertyException(
          p.getName().toString(),
          String.valueOf(p.getValue()),
          "no such property",
          "Remove it or correct its name. Pools are declared as "
              + ManagedExecutorsProperties.PREFIX
              + ".pools.<name>.<key>, where <key> is one of: "
              + String.join(", ", POOL_KEYS)
              + ".",
          p.getOrigin(),
          e);
    }
    ConfigurationProperty p = e.getProperty();
    Class<?> type = e.getTarget().getType().resolve(Object.class);
    return new InvalidPoolPropertyException(
        p != null ? p.getName().toString() : e.getName().toString(),
        p != null ? String.valueOf(p.getValue()) : null,
        "cannot be converted to " + describe(type),
        fix(type),
        e.getOrigin(),
        e);
  }

  private static String describe(Class<?> type) {
    if (type == Duration.class) {
      return "a duration";
    }
    if (type == RejectionPolicy.class) {
      return "a rejection policy";
    }
    if (type == int.class || type == Integer.class) {
      return "a whole number";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    }
    return type.getSimpleName();
  }

  private static String fix(Class<?> type) {
    if (type == Duration.class) {
      return "Use a duration such as 500ms, 30s or 5m (a number alone means milliseconds), "
          + "or an ISO-8601 duration such as PT30S.";
    }
    if (type == RejectionPolicy.class) {
      return "Use one of: " + ConfiguredPool.REJECTION_VALUES + ".";
    }
    if (type == int.class || type == Integer.class) {
      return "Use a whole number.";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "Use true or false.";
    }
    return "Correct the value.";
  }

  private static <E extends Throwable> @Nullable E findCause(Throwable t, Class<E> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
    }
    return null;
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
