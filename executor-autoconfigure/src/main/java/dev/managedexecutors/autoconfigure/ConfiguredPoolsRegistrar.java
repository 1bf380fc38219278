package dev.managedexecutors.autoconfigure;

import dev.managedexecutors.ManagedThreadPool;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers one {@link ManagedThreadPool} bean definition per pool that {@link PoolDeclarations}
 * decided on, named after the pool, while configuration classes are read, so that conditions
 * evaluated later (Spring Boot's {@code @ConditionalOnMissingBean(Executor.class)} on its {@code
 * applicationTaskExecutor}) see them and {@code @Async("name")} finds them.
 *
 * <p>Each definition is plain data that Spring AOT can write out as code: a target type, and the
 * factory method {@link ManagedThreadPoolRegistry#pool(String)} of the bean {@value
 * ManagedThreadPoolRegistry#BEAN_NAME} with the pool's name as its argument. No instance supplier,
 * no lambda: the registry builds the pool when the bean is first needed.
 */
final class ConfiguredPoolsRegistrar implements ImportBeanDefinitionRegistrar {
  private final Environment environment;

  ConfiguredPoolsRegistrar(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void registerBeanDefinitions(
      AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
    for (ConfiguredPool pool : PoolDeclarations.plan(environment, registry)) {
      registry.registerBeanDefinition(pool.name(), definition(pool.name(), pool.primary()));
    }
  }

  /**
   * The definition of the pool bean {@code name}: made by {@link ManagedThreadPoolRegistry#pool},
   * shut down without waiting when the context is destroyed.
   */
  static RootBeanDefinition definition(String name, boolean primary) {
    RootBeanDefinition definition = new RootBeanDefinition();
    definition.setTargetType(ManagedThreadPool.class);
    definition.setFactoryBeanName(ManagedThreadPoolRegistry.BEAN_NAME);
    definition.setFactoryMethodName("pool");
    definition.getConstructorArgumentValues().addIndexedArgumentValue(0, name);
    definition.setPrimary(primary);
    // A safety net that never blocks: GracefulShutdownLifecycle drains the pool before this.
    // Without it, Spring would call close() (the pool is AutoCloseable), which waits forever.
    definition.setDestroyMethodName("shutdown");
    return definition;
  }
}
