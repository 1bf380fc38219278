package dev.managedexecutors.autoconfigure.refresh;

import dev.managedexecutors.autoconfigure.ManagedExecutorsProperties;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Hands each {@link EnvironmentChangeEvent} to the {@link PoolReconfigurer}, in the thread that
 * publishes it (for {@code /actuator/refresh}: the request's thread, which then sees the outcome in
 * the log before the response). The only class here that names Spring Cloud.
 */
final class EnvironmentChangeListener
    implements ApplicationListener<EnvironmentChangeEvent>, Ordered {
  /** Spring Cloud's list of bean classes it never rebinds (default: Hikari's data source). */
  static final String NEVER_REFRESHABLE = "spring.cloud.refresh.never-refreshable";

  private final ObjectProvider<PoolReconfigurer> reconfigurer;

  EnvironmentChangeListener(
      ObjectProvider<PoolReconfigurer> reconfigurer, ConfigurableEnvironment environment) {
    this.reconfigurer = reconfigurer;
    environment
        .getPropertySources()
        .addLast(
            new MapPropertySource(
                "managedExecutorsNeverRefreshable",
                Map.of(
                    NEVER_REFRESHABLE,
                    "com.zaxxer.hikari.HikariDataSource,"
                        + ManagedExecutorsProperties.class.getName())));
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }

  @Override
  public void onApplicationEvent(EnvironmentChangeEvent event) {
    reconfigurer.getObject().refresh();
  }
}
