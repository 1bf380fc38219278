package dev.managedexecutors.autoconfigure;

import dev.managedexecutors.ManagedThreadPool;
import dev.managedexecutors.autoconfigure.propagation.ContextPropagation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.thread.Threading;
import org.springframework.core.env.Environment;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.CompositeTaskDecorator;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;
import org.springframework.util.ClassUtils;

/**
 * The pools of the application, by name: one place that meters, the {@code executors} endpoint, the
 * health contributor, the graceful shutdown and the live reconfiguration ask.
 *
 * <ul>
 *   <li>It <b>builds</b> each pool declared under {@code managed-executors.pools} (and the {@code
 *       default} pool) when its bean is first needed: {@link #pool(String)} is the factory method
 *       of those beans. Building maps the properties onto the core's builder, applies the
 *       application's {@link TaskDecorator} beans (with a context-propagating decorator, see
 *       below), then every {@link ManagedThreadPoolCustomizer} bean, in order.
 *   <li>It <b>knows</b> every singleton {@link ManagedThreadPool} bean of the application too, as
 *       each is created ({@link #register(ManagedThreadPool, String)}); prototype pools are never
 *       registered. A pool is known by its {@link ManagedThreadPool#name() name}, the one name used
 *       by meters, endpoint, health and logs; two different pools with one name fail with a {@link
 *       PoolNameClashException}.
 *   <li>It <b>tells</b> {@link Listener}s when a pool is added and removed, as Resilience4j's
 *       registries do; meters follow these events, so a lazy pool is metered when it is created and
 *       never created to be metered.
 * </ul>
 *
 * <p>Context propagation: with Micrometer's context-propagation on the class path, a
 * context-propagating decorator (MDC included) is composed after the application's decorators,
 * unless {@code managed-executors.context-propagation.enabled=false} or the application has a
 * {@link ContextPropagatingTaskDecorator} bean of its own (such as Spring Boot's, with {@code
 * spring.task.execution.propagate-context=true}), which would propagate twice.
 *
 * <p>To replace the registry, define a bean of this type named {@value #BEAN_NAME}: the configured
 * pools' bean definitions call {@link #pool(String)} on the bean of that name.
 *
 * <p>Thread-safety: safe for use by many threads. Listeners are called in the thread that adds or
 * removes the pool, while the registry's lock is held, so that each sees every pool exactly once; a
 * listener must be quick and must not wait for another thread that uses the registry. Building a
 * pool (and so running the customizers) happens outside the lock.
 */
public final class ManagedThreadPoolRegistry implements DisposableBean, BeanClassLoaderAware {
  /*
   * Implementation notes: pools, settings and listeners are guarded by "this". A pool is built
   * outside the lock; if another thread registered one of that name meanwhile, the loser is shut
   * down and the winner returned (Spring itself creates each singleton once, so this is only for
   * direct callers).
   */

  /** The bean name the configured pools' definitions refer to. */
  public static final String BEAN_NAME = "managedThreadPoolRegistry";

  private static final Log logger = LogFactory.getLog(ManagedThreadPoolRegistry.class);

  static final String CONTEXT_SNAPSHOT_FACTORY = "io.micrometer.context.ContextSnapshotFactory";

  /** Is told when a pool joins or leaves the registry. */
  public interface Listener {
    /**
     * Called once for each pool, when it joins the registry (or, for the pools already there, when
     * the listener is added).
     *
     * @param name the pool's name
     * @param pool the pool
     */
    void poolAdded(String name, ManagedThreadPool pool);

    /**
     * Called when a pool leaves the registry: {@link #remove(String)}, or the context closing. Does
     * nothing by default.
     *
     * @param name the pool's name
     * @param pool the pool
     */
    default void poolRemoved(String name, ManagedThreadPool pool) {}
  }

  private final ManagedExecutorsProperties properties;
  private final Environment environment;
  private final ObjectProvider<TaskDecorator> decorators;
  private final ObjectProvider<ManagedThreadPoolCustomizer> customizers;
  private final Map<String, ManagedThreadPool> pools = new LinkedHashMap<>();
  private final Map<String, String> sources = new HashMap<>();
  private final Map<String, ManagedExecutorsProperties.Pool> settings = new HashMap<>();
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private volatile @Nullable ClassLoader classLoader;

  /**
   * Creates the registry.
   *
   * @param properties the bound {@code managed-executors.*} properties
   * @param environment where the properties were written, to quote them in failure reports
   * @param decorators the application's task decorators, asked when a pool is built
   * @param customizers the customizers, asked when a pool is built
   */
  public ManagedThreadPoolRegistry(
      ManagedExecutorsProperties properties,
      Environment environment,
      ObjectProvider<TaskDecorator> decorators,
      ObjectProvider<ManagedThreadPoolCustomizer> customizers) {
    this.properties = properties;
    this.environment = environment;
    this.decorators = decorators;
    this.customizers = customizers;
  }

  /**
   * Returns the pool named {@code name}, building it from {@code managed-executors.pools.<name>} if
   * it does not exist yet. The factory method of the configured pools' beans; blocks while the pool
   * is built (prestarted workers start then).
   *
   * @param name the name of a configured pool, or {@code default}
   * @return the pool
   * @throws IllegalArgumentException if no pool of that name is configured
   * @throws InvalidPoolPropertyException if a setting is invalid (a customizer's included)
   * @throws PoolNameClashException if another pool of that name was registered first
   */
  public ManagedThreadPool pool(String name) {
    synchronized (this) {
      ManagedThreadPool existing = pools.get(name);
      if (existing != null && settings.containsKey(name)) {
        return existing;
      }
    }
    ManagedExecutorsProperties.Pool poolSettings = declared(name);
    ConfiguredPool configured =
        new ConfiguredPool(
            name,
            poolSettings,
            false,
            poolSettings.isVirtual()
                || (name.equals(ManagedExecutorsProperties.DEFAULT_POOL)
                    && Threading.VIRTUAL.isActive(environment)));
    ManagedThreadPool built =
        configured.build(
            PropertyLookup.of(environment),
            taskDecorator(),
            builder -> customizers.orderedStream().forEach(c -> c.customize(name, builder)));
    synchronized (this) {
      ManagedThreadPool raced = pools.get(name);
      if (raced == null) {
        settings.put(name, poolSettings);
        add(name, built, "pool '" + name + "' of " + ManagedExecutorsProperties.PREFIX + ".pools");
        return built;
      }
      if (!settings.containsKey(name)) {
        built.shutdownNow();
        throw new PoolNameClashException(
            name,
            String.valueOf(sources.get(name)),
            "pool '" + name + "' of managed-executors.pools");
      }
    }
    built.shutdownNow(); // another thread built it first
    return find(name).orElseThrow();
  }

  /**
   * Adds a pool that the registry did not build (an application's pool bean, say). Adding the same
   * pool again does nothing.
   *
   * @param pool the pool
   * @param source where it comes from, for a name clash report, e.g. {@code bean 'reports'}
   * @throws PoolNameClashException if a different pool of the same name is registered
   */
  public synchronized void register(ManagedThreadPool pool, String source) {
    if (pools.get(pool.name()) == pool) {
      return;
    }
    add(pool.name(), pool, source);
  }

  /**
   * Removes a pool from the registry and tells the listeners (its meters go); does not shut it
   * down.
   *
   * @param name the pool's name
   * @return the pool removed, if there was one
   */
  public synchronized Optional<ManagedThreadPool> remove(String name) {
    ManagedThreadPool pool = pools.remove(name);
    if (pool == null) {
      return Optional.empty();
    }
    sources.remove(name);
    settings.remove(name);
    listeners.forEach(l -> tell(() -> l.poolRemoved(name, pool), name));
    return Optional.of(pool);
  }

  /**
   * Returns the pool named {@code name} if it exists; never creates one.
   *
   * @param name the pool's name
   * @return the pool, or empty
   */
  public synchronized Optional<ManagedThreadPool> find(String name) {
    return Optional.ofNullable(pools.get(name));
  }

  /**
   * Returns the pools that exist, by name, in the order they were added.
   *
   * @return an unmodifiable snapshot
   */
  public synchronized Map<String, ManagedThreadPool> pools() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(pools));
  }

  /**
   * Returns the names of the pools that exist.
   *
   * @return an unmodifiable snapshot, in the order the pools were added
   */
  public synchronized Set<String> names() {
    return Collections.unmodifiableSet(new LinkedHashSet<>(pools.keySet()));
  }

  /**
   * Returns the settings a configured pool was built with.
   *
   * @param name the pool's name
   * @return its settings, or empty for a pool the registry did not build
   */
  public synchronized Optional<ManagedExecutorsProperties.Pool> settings(String name) {
    return Optional.ofNullable(settings.get(name));
  }

  /**
   * Returns the settings of every configured pool, whether built yet or not (a lazy pool): those a
   * built pool runs with now (see {@link #updateSettings}), else those declared at start-up. Pools
   * of {@code managed-executors.pools} whose name an application's own pool bean took are left out.
   *
   * @return a new map, by pool name, in declaration order
   */
  public synchronized Map<String, ManagedExecutorsProperties.Pool> configuredSettings() {
    Map<String, ManagedExecutorsProperties.Pool> all = new LinkedHashMap<>();
    properties
        .getPools()
        .forEach(
            (name, declared) -> {
              if (!pools.containsKey(name) || settings.containsKey(name)) {
                all.put(name, declared);
              }
            });
    all.putAll(settings);
    return all;
  }

  /**
   * Records new settings for a pool the registry built, for live reconfiguration: the caller
   * applies what can change at run time to the pool itself (for example {@link
   * ManagedThreadPool#resize}); the registry keeps the settings so that {@link #settings(String)},
   * and the graceful shutdown ({@code shutdown.*}), use them from now on.
   *
   * @param name the pool's name
   * @param settings its new settings
   * @return the settings they replace
   * @throws IllegalArgumentException if the registry did not build a pool of that name
   */
  public synchronized ManagedExecutorsProperties.Pool updateSettings(
      String name, ManagedExecutorsProperties.Pool settings) {
    ManagedExecutorsProperties.Pool previous = this.settings.get(name);
    if (previous == null) {
      throw new IllegalArgumentException(
          "The registry built no pool named '" + name + "'; built: " + this.settings.keySet());
    }
    this.settings.put(name, settings);
    return previous;
  }

  /**
   * Adds a listener and tells it, at once, about every pool already there.
   *
   * @param listener the listener
   */
  public synchronized void addListener(Listener listener) {
    listeners.add(listener);
    pools.forEach((name, pool) -> tell(() -> listener.poolAdded(name, pool), name));
  }

  /**
   * Removes a listener.
   *
   * @param listener the listener
   */
  public void removeListener(Listener listener) {
    listeners.remove(listener);
  }

  /**
   * Sets the class loader in which to look for context-propagation; called by Spring.
   *
   * @param classLoader the bean class loader
   */
  @Override
  public void setBeanClassLoader(ClassLoader classLoader) {
    this.classLoader = classLoader;
  }

  /** Removes every pool (telling the listeners); the pools' own beans shut them down. */
  @Override
  public void destroy() {
    for (String name : names()) {
      remove(name);
    }
  }

  private void add(String name, ManagedThreadPool pool, String source) {
    String other = sources.get(name);
    if (pools.containsKey(name)) {
      throw new PoolNameClashException(name, String.valueOf(other), source);
    }
    pools.put(name, pool);
    sources.put(name, source);
    listeners.forEach(l -> tell(() -> l.poolAdded(name, pool), name));
  }

  /** One listener that throws cannot keep the others from hearing about the pool. */
  private static void tell(Runnable call, String name) {
    try {
      call.run();
    } catch (RuntimeException e) {
      logger.warn("A listener of the pool registry failed for pool '" + name + "'", e);
    }
  }

  private ManagedExecutorsProperties.Pool declared(String name) {
    ManagedExecutorsProperties.Pool declared = properties.getPools().get(name);
    if (declared != null) {
      return declared;
    }
    if (name.equals(ManagedExecutorsProperties.DEFAULT_POOL)) {
      return new ManagedExecutorsProperties.Pool();
    }
    throw new IllegalArgumentException(
        "No pool named '"
            + name
            + "' is declared under "
            + ManagedExecutorsProperties.PREFIX
            + ".pools; declared: "
            + properties.getPools().keySet());
  }

  private ClassLoader loader() {
    ClassLoader loader = classLoader;
    return loader != null ? loader : ManagedThreadPoolRegistry.class.getClassLoader();
  }

  /** The application's decorators, then ours for context propagation (outermost). */
  private @Nullable UnaryOperator<Runnable> taskDecorator() {
    List<TaskDecorator> all = new ArrayList<>(decorators.orderedStream().toList());
    if (properties.getContextPropagation().isEnabled()
        && ClassUtils.isPresent(CONTEXT_SNAPSHOT_FACTORY, loader())
        && all.stream().noneMatch(ContextPropagatingTaskDecorator.class::isInstance)) {
      all.add(ContextPropagation.taskDecorator());
    }
    if (all.isEmpty()) {
      return null;
    }
    TaskDecorator decorator = all.size() == 1 ? all.get(0) : new CompositeTaskDecorator(all);
    return decorator::decorate;
  }
}
