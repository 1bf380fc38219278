package dev.managedexecutors.autoconfigure;

import dev.managedexecutors.ManagedThreadPool;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Customizes the builder of a pool declared under {@code managed-executors.pools} before the pool
 * is built: an initializer, a task listener, a task decorator, anything the properties do not say.
 * Define it as a bean; every customizer bean is applied to every configured pool, in their {@link
 * org.springframework.core.Ordered order} (lowest first), after the properties and the
 * application's task decorators. Use {@link #forPool(String, Consumer)} to customize one pool.
 *
 * <p>A customizer runs once per pool, when the pool is created (at start-up, or when a lazy pool is
 * first needed), in the thread that creates it. A setting it makes invalid fails the creation of
 * the pool with the same report as an invalid property.
 */
@FunctionalInterface
public interface ManagedThreadPoolCustomizer {

  /**
   * Customizes the builder of one pool.
   *
   * @param name the pool's name, which is also its bean name
   * @param builder the builder, with the pool's properties already applied
   */
  void customize(String name, ManagedThreadPool.Builder builder);

  /**
   * Returns a customizer that customizes only the pool named {@code name}.
   *
   * @param name the pool's name
   * @param customizer what to do with that pool's builder
   * @return a customizer that leaves every other pool alone
   * @throws NullPointerException if an argument is {@code null}
   */
  static ManagedThreadPoolCustomizer forPool(
      String name, Consumer<ManagedThreadPool.Builder> customizer) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(customizer, "customizer");
    return (poolName, builder) -> {
      if (poolName.equals(name)) {
        customizer.accept(builder);
      }
    };
  }
}
