package dev.managedexecutors.autoconfigure.hazelcast;

import com.hazelcast.config.DurableExecutorConfig;
import com.hazelcast.config.ExecutorConfig;
import com.hazelcast.config.InvalidConfigurationException;
import com.hazelcast.core.HazelcastInstance;
import dev.managedexecutors.autoconfigure.DistributedPoolProperties;
import dev.managedexecutors.autoconfigure.InvalidPoolPropertyException;
import dev.managedexecutors.autoconfigure.ManagedExecutorsProperties;
import dev.managedexecutors.hazelcast.DistributedPool;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers one {@link DistributedPool} bean per entry of {@code managed-executors.distributed},
 * named after the pool, over the application's single {@code HazelcastInstance} bean. The beans are
 * not default candidates: injecting a {@code ManagedExecutor} or an {@code Executor} by type never
 * picks a distributed pool (whose tasks must be serializable); {@code @Qualifier("<name>")} does.
 * Invalid settings fail start-up, naming the property.
 *
 * <p>When the pool bean is created, {@code pool-size} and {@code capacity}, if set, are added to
 * the cluster's configuration as the executor service's ({@code ExecutorConfig} or {@code
 * DurableExecutorConfig}); Hazelcast refuses them if its configuration already has a different one
 * of that name, and start-up fails naming the property.
 */
final class DistributedPoolsRegistrar
    implements ImportBeanDefinitionRegistrar, EnvironmentAware, BeanFactoryAware {
  static final String PREFIX = ManagedExecutorsProperties.PREFIX + ".distributed";

  private @Nullable Environment environment;
  private @Nullable BeanFactory beanFactory;

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void setBeanFactory(BeanFactory beanFactory) {
    this.beanFactory = beanFactory;
  }

  @Override
  public void registerBeanDefinitions(
      AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
    Environment env = Objects.requireNonNull(environment, "environment");
    BeanFactory factory = Objects.requireNonNull(beanFactory, "beanFactory");
    Map<String, DistributedPoolProperties> pools = bind(env);
    if (pools.isEmpty()) {
      return;
    }
    String hazelcastBean = hazelcastBeanName(factory);
    for (Map.Entry<String, DistributedPoolProperties> e : pools.entrySet()) {
      String name = e.getKey();
      DistributedPoolProperties settings = e.getValue();
      validate(name, settings);
      if (registry.containsBeanDefinition(name) || registry.isAlias(name)) {
        throw new InvalidPoolPropertyException(
            PREFIX + "." + name,
            null,
            "a bean named '" + name + "' exists already (a pool or a bean of the application)",
            "Give the distributed pool a name that no other bean or pool has.",
            null,
            null);
      }
      RootBeanDefinition definition = new RootBeanDefinition(DistributedPool.class);
      definition.setInstanceSupplier(
          () ->
              create(
                  name,
                  settings,
                  hazelcastBean != null
                      ? factory.getBean(hazelcastBean, HazelcastInstance.class)
                      : factory.getBean(HazelcastInstance.class)));
      definition.setDefaultCandidate(false);
      if (hazelcastBean != null) {
        definition.setDependsOn(hazelcastBean); // destroyed before the member it submits through
      }
      // A safety net that never blocks: DistributedPoolsShutdownLifecycle drains the pool before
      // this. Without it, Spring would call close() (the pool is AutoCloseable), which waits.
      definition.setDestroyMethodName("shutdownNow");
      registry.registerBeanDefinition(name, definition);
    }
  }

  /** Binds {@code managed-executors.distributed}; the main registrar reports conversion errors. */
  static Map<String, DistributedPoolProperties> bind(Environment environment) {
    return new LinkedHashMap<>(
        Binder.get(environment)
            .bind(PREFIX, Bindable.mapOf(String.class, DistributedPoolProperties.class))
            .orElse(Map.of()));
  }

  private static @Nullable String hazelcastBeanName(BeanFactory factory) {
    if (factory instanceof ListableBeanFactory listable) {
      String[] names = listable.getBeanNamesForType(HazelcastInstance.class, true, false);
      if (names.length == 1) {
        return names[0];
      }
    }
    return null;
  }

  static void validate(String name, DistributedPoolProperties settings) {
    String property = PREFIX + "." + name + ".";
    String executorName = settings.getExecutorName();
    if (executorName != null && executorName.isBlank()) {
      throw new InvalidPoolPropertyException(
          property + "executor-name",
          executorName,
          "must not be blank",
          "Name the Hazelcast executor service, or remove the property to use '" + name + "'.",
          null,
          null);
    }
    positive(property + "pool-size", settings.getPoolSize(), "such as 16 (Hazelcast's default)");
    positive(property + "capacity", settings.getCapacity(), "such as 1000");
    if (settings.getShutdown().getAwaitTermination().isNegative()) {
      throw new InvalidPoolPropertyException(
          property + "shutdown.await-termination",
          settings.getShutdown().getAwaitTermination().toString(),
          "must be zero or positive",
          "Use a duration such as 20s.",
          null,
          null);
    }
  }

  private static void positive(String property, @Nullable Integer value, String example) {
    if (value != null && value < 1) {
      throw new InvalidPoolPropertyException(
          property,
          String.valueOf(value),
          "must be 1 or more",
          "Use a whole number of 1 or more, " + example + ", or remove it for Hazelcast's own.",
          null,
          null);
    }
  }

  /** Builds the pool, first adding the executor service's configuration if the pool sets any. */
  static DistributedPool create(
      String name, DistributedPoolProperties settings, HazelcastInstance hazelcast) {
    String configured = settings.getExecutorName();
    String executorName = configured != null ? configured : name;
    Integer poolSize = settings.getPoolSize();
    Integer capacity = settings.getCapacity();
    if (poolSize != null || capacity != null) {
      try {
        if (settings.isDurable()) {
          DurableExecutorConfig config = new DurableExecutorConfig(executorName);
          if (poolSize != null) {
            config.setPoolSize(poolSize);
          }
          if (capacity != null) {
            config.setCapacity(capacity);
          }
          hazelcast.getConfig().addDurableExecutorConfig(config);
        } else {
          ExecutorConfig config = new ExecutorConfig(executorName);
          if (poolSize != null) {
            config.setPoolSize(poolSize);
          }
          if (capacity != null) {
            config.setQueueCapacity(capacity);
          }
          hazelcast.getConfig().addExecutorConfig(config);
        }
      } catch (InvalidConfigurationException e) {
        String property = PREFIX + "." + name + "." + (poolSize != null ? "pool-size" : "capacity");
        throw new InvalidPoolPropertyException(
            property,
            String.valueOf(poolSize != null ? poolSize : capacity),
            "Hazelcast refused it: its configuration has a different executor service named '"
                + executorName
                + "' ("
                + e.getMessage()
                + ")",
            "Remove pool-size and capacity here and set them in Hazelcast's configuration, or give"
                + " the pool another executor-name.",
            null,
            e);
      }
    }
    return DistributedPool.builder(hazelcast, name)
        .executorName(executorName)
        .durable(settings.isDurable())
        .build();
  }
}
