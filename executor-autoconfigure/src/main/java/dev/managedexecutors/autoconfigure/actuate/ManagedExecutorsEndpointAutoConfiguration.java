package dev.managedexecutors.autoconfigure.actuate;

import dev.managedexecutors.ManagedThreadPool;
import dev.managedexecutors.actuate.ExecutorsEndpoint;
import dev.managedexecutors.actuate.ExecutorsEndpointWebExtension;
import dev.managedexecutors.autoconfigure.InvalidPoolPropertyException;
import dev.managedexecutors.autoconfigure.ManagedExecutorsAutoConfiguration;
import dev.managedexecutors.autoconfigure.ManagedExecutorsProperties;
import dev.managedexecutors.autoconfigure.PoolBeans;
import dev.managedexecutors.autoconfigure.refresh.ReconfigurationHistory;
import java.util.List;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the {@code executors} Actuator endpoint, which shows every {@link
 * ManagedThreadPool} bean, and of its resize operation, registered only with {@code
 * managed-executors.endpoint.resize.enabled=true}. The endpoint is subject to Actuator's access and
 * exposure settings ({@code management.endpoints.web.exposure.include=executors}).
 */
@AutoConfiguration(after = ManagedExecutorsAutoConfiguration.class)
@ConditionalOnClass(
    name = {
      "org.springframework.boot.actuate.endpoint.annotation.Endpoint",
      "org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint"
    })
public final class ManagedExecutorsEndpointAutoConfiguration {

  /** Creates the auto-configuration; called by Spring. */
  ManagedExecutorsEndpointAutoConfiguration() {}

  // Nested, so that its Actuator condition is only loaded once the class condition above matched.
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnAvailableEndpoint(ExecutorsEndpoint.class)
  static final class EndpointConfiguration {
    @Bean
    @ConditionalOnMissingBean
    static ExecutorsEndpoint executorsEndpoint(
        ListableBeanFactory beanFactory, ObjectProvider<ReconfigurationHistory> history) {
      return new ExecutorsEndpoint(
          () -> PoolBeans.existing(beanFactory),
          () -> {
            ReconfigurationHistory h = history.getIfAvailable();
            return h != null ? h.recent() : List.of();
          });
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(ExecutorsEndpoint.class)
    @ConditionalOnBooleanProperty("managed-executors.endpoint.resize.enabled")
    static ExecutorsEndpointWebExtension executorsEndpointWebExtension(
        ExecutorsEndpoint endpoint, ManagedExecutorsProperties properties) {
      int limit = properties.getEndpoint().getResize().getWorkerLimit();
      if (limit < 1) {
        throw new InvalidPoolPropertyException(
            ManagedExecutorsProperties.PREFIX + ".endpoint.resize.worker-limit",
            String.valueOf(limit),
            "must be 1 or more",
            "Use the largest pool size a resize may set, such as 256 (the default).",
            null,
            null);
      }
      return new ExecutorsEndpointWebExtension(endpoint, limit);
    }

    @Bean
    @ConditionalOnBooleanProperty("managed-executors.endpoint.resize.enabled")
    static ResizeRequestAdvisor managedExecutorsResizeRequestAdvisor() {
      return new ResizeRequestAdvisor();
    }
  }
}
