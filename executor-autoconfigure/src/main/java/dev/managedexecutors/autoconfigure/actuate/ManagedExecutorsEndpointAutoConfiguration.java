package dev.managedexecutors.autoconfigure.actuate;

import dev.managedexecutors.actuate.ExecutorsEndpoint;
import dev.managedexecutors.actuate.ExecutorsEndpointContributor;
import dev.managedexecutors.actuate.ExecutorsEndpointWebExtension;
import dev.managedexecutors.autoconfigure.InvalidExecutorsPropertyException;
import dev.managedexecutors.autoconfigure.ManagedExecutorsAutoConfiguration;
import dev.managedexecutors.autoconfigure.ManagedExecutorsProperties;
import dev.managedexecutors.autoconfigure.ManagedThreadPoolRegistry;
import dev.managedexecutors.autoconfigure.refresh.ReconfigurationHistory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the {@code executors} Actuator endpoint, which shows every pool of the
 * {@link ManagedThreadPoolRegistry}, and of its resize operation. The endpoint is subject to
 * Actuator's access and exposure settings ({@code
 * management.endpoints.web.exposure.include=executors}); its access is read-only by default, so the
 * resize operation is offered only with {@code management.endpoint.executors.access= unrestricted}.
 * Backs off without a registry (the application replaced the pools' configuration) and for an
 * application's own {@link ExecutorsEndpoint} bean.
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
    @ConditionalOnBean(ManagedThreadPoolRegistry.class)
    static ExecutorsEndpoint executorsEndpoint(
        ManagedThreadPoolRegistry registry,
        ObjectProvider<ExecutorsEndpointContributor> others,
        ObjectProvider<ReconfigurationHistory> history) {
      return new ExecutorsEndpoint(
          registry::pools,
          () -> {
            Map<String, Object> described = new LinkedHashMap<>();
            others.orderedStream().forEach(c -> described.putAll(c.describe()));
            return described;
          },
          () -> {
            ReconfigurationHistory h = history.getIfAvailable();
            return h != null ? h.recent() : List.of();
          });
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(ExecutorsEndpoint.class)
    static ExecutorsEndpointWebExtension executorsEndpointWebExtension(
        ExecutorsEndpoint endpoint, ManagedExecutorsProperties properties) {
      int limit = properties.getEndpoint().getResize().getWorkerLimit();
      if (limit < 1) {
        throw new InvalidExecutorsPropertyException(
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
    static ResizeRequestAdvisor managedExecutorsResizeRequestAdvisor() {
      return new ResizeRequestAdvisor();
    }
  }
}
