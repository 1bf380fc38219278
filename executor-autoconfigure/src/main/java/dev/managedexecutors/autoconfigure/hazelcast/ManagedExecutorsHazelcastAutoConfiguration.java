package dev.managedexecutors.autoconfigure.hazelcast;

import dev.managedexecutors.autoconfigure.DistributedPoolProperties;
import dev.managedexecutors.autoconfigure.ManagedExecutorsAutoConfiguration;
import dev.managedexecutors.autoconfigure.lifecycle.GracefulShutdownLifecycle;
import dev.managedexecutors.hazelcast.DistributedPool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.context.LifecycleProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the distributed pools declared under {@code managed-executors.distributed}:
 * one {@link DistributedPool} bean per pool, named after it (see {@link
 * DistributedPoolsRegistrar}), drained when the context closes, in the phase of the local pools,
 * and listed by the {@code executors} endpoint. Active when {@code executor-hazelcast} is on the
 * class path and the application has one {@code HazelcastInstance} bean, such as the one Spring
 * Boot's Hazelcast auto-configuration creates from a {@code com.hazelcast.config.Config} bean or a
 * {@code hazelcast.yaml}; Hazelcast's types are referred to by name, so nothing of them is loaded
 * otherwise. The meters are configured by {@code
 * dev.managedexecutors.autoconfigure.metrics.ManagedExecutorsDistributedMetricsAutoConfiguration}.
 */
@AutoConfiguration(
    after = ManagedExecutorsAutoConfiguration.class,
    afterName = "org.springframework.boot.hazelcast.autoconfigure.HazelcastAutoConfiguration")
@ConditionalOnClass(
    name = {
      "com.hazelcast.core.HazelcastInstance",
      "dev.managedexecutors.hazelcast.DistributedPool"
    })
@ConditionalOnSingleCandidate(type = "com.hazelcast.core.HazelcastInstance")
@Import(DistributedPoolsRegistrar.class)
public final class ManagedExecutorsHazelcastAutoConfiguration {
  /** Spring Framework's default when Boot's lifecycle auto-configuration is not active. */
  private static final Duration FRAMEWORK_PHASE_TIMEOUT = Duration.ofSeconds(10);

  /** Creates the auto-configuration; called by Spring. */
  ManagedExecutorsHazelcastAutoConfiguration() {}

  @Bean
  static DistributedPoolBeans managedExecutorsDistributedPools(
      ListableBeanFactory beanFactory, Environment environment) {
    return DistributedPoolBeans.of(beanFactory, DistributedPoolsRegistrar.bind(environment));
  }

  @Bean
  static DistributedPoolsShutdownLifecycle managedExecutorsDistributedPoolsShutdown(
      DistributedPoolBeans pools, ObjectProvider<LifecycleProperties> lifecycleProperties) {
    LifecycleProperties lifecycle = lifecycleProperties.getIfAvailable();
    Duration phaseTimeout =
        lifecycle != null ? lifecycle.getTimeoutPerShutdownPhase() : FRAMEWORK_PHASE_TIMEOUT;
    return new DistributedPoolsShutdownLifecycle(
        () -> {
          List<GracefulShutdownLifecycle.PoolShutdown> shutdowns = new ArrayList<>();
          pools
              .existing()
              .forEach(
                  (name, pool) -> {
                    DistributedPoolProperties settings = pools.settings(name);
                    shutdowns.add(
                        new GracefulShutdownLifecycle.PoolShutdown(
                            pool,
                            settings.getShutdown().getAwaitTermination(),
                            settings.getShutdown().isCancelPending()));
                  });
          return shutdowns;
        },
        phaseTimeout);
  }

  // Nested, so that the endpoint's types are only looked at when Actuator is there.
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
  static final class EndpointConfiguration {
    @Bean
    static DistributedPoolsEndpointContributor managedExecutorsDistributedPoolsEndpoint(
        DistributedPoolBeans pools) {
      return new DistributedPoolsEndpointContributor(pools);
    }
  }
}
