package dev.managedexecutors.autoconfigure.actuate;

import dev.managedexecutors.InvalidSettingException;
import dev.managedexecutors.SaturationRule;
import dev.managedexecutors.actuate.ExecutorsHealthContributor;
import dev.managedexecutors.actuate.PoolHealthIndicator;
import dev.managedexecutors.autoconfigure.HealthProperties;
import dev.managedexecutors.autoconfigure.InvalidExecutorsPropertyException;
import dev.managedexecutors.autoconfigure.ManagedExecutorsAutoConfiguration;
import dev.managedexecutors.autoconfigure.ManagedExecutorsProperties;
import dev.managedexecutors.autoconfigure.ManagedThreadPoolRegistry;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the {@code executors} health contributor: one child per pool of the {@link
 * ManagedThreadPoolRegistry}, by pool name, DOWN when broken, OUT_OF_SERVICE when shut down, and
 * the status set by {@code managed-executors.health.saturation.status} (UP by default) when
 * saturated. Disabled with {@code management.health.executors.enabled=false}.
 */
@AutoConfiguration(
    after = ManagedExecutorsAutoConfiguration.class,
    beforeName =
        "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthContributor")
public final class ManagedExecutorsHealthAutoConfiguration {
  private static final String SATURATION = ManagedExecutorsProperties.PREFIX + ".health.saturation";

  /** Creates the auto-configuration; called by Spring. */
  ManagedExecutorsHealthAutoConfiguration() {}

  // Nested, so that its health condition is only loaded once the class condition above matched.
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnEnabledHealthIndicator("executors")
  static final class HealthConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "executorsHealthContributor")
    @ConditionalOnBean(ManagedThreadPoolRegistry.class)
    static ExecutorsHealthContributor executorsHealthContributor(
        ManagedThreadPoolRegistry registry, ManagedExecutorsProperties properties) {
      HealthProperties.Saturation saturation = properties.getHealth().getSaturation();
      SaturationRule rule = rule(saturation);
      String code = saturation.getStatus().trim().toUpperCase(Locale.ROOT).replace('-', '_');
      if (code.isEmpty()) {
        throw new InvalidExecutorsPropertyException(
            SATURATION + ".status",
            saturation.getStatus(),
            "must not be blank",
            "Use a health status such as UP (the default), DOWN or OUT_OF_SERVICE.",
            null,
            null);
      }
      Status status = new Status(code);
      return new ExecutorsHealthContributor(
          registry::pools, pool -> new PoolHealthIndicator(pool, rule, status));
    }
  }

  /** The property of each setting of the core's rule, for the failure report. */
  private static final Map<String, String> PROPERTIES =
      Map.of(
          InvalidSettingException.QUEUE_THRESHOLD, SATURATION + ".queue-threshold",
          InvalidSettingException.DURATION, SATURATION + ".duration");

  private static final Map<String, String> ACTIONS =
      Map.of(
          InvalidSettingException.QUEUE_THRESHOLD,
          "Use a fill ratio above 0 and at most 1, such as 0.9.",
          InvalidSettingException.DURATION,
          "Use a duration of 0 or more, such as 30s.");

  private static SaturationRule rule(HealthProperties.Saturation saturation) {
    try {
      return new SaturationRule(saturation.getQueueThreshold(), saturation.getDuration());
    } catch (InvalidSettingException e) {
      throw new InvalidExecutorsPropertyException(
          PROPERTIES.getOrDefault(e.setting(), SATURATION),
          e.value(),
          String.valueOf(e.getMessage()),
          ACTIONS.getOrDefault(e.setting(), "Correct the value."),
          null,
          e);
    }
  }
}
