package dev.managedexecutors.autoconfigure.refresh;

import dev.managedexecutors.autoconfigure.events.PoolSaturatedEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;

/**
 * The application of the refresh tests: every auto-configuration on the class path, Spring Cloud
 * Context's included, and a collector of the events they check. {@link #change} changes its
 * environment and announces it as Spring Cloud would.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
class RefreshedApplication {

  @Bean
  Events events() {
    return new Events();
  }

  /**
   * Puts {@code values} first in the environment and publishes the {@link EnvironmentChangeEvent}.
   *
   * @return the outcomes it added to the reconfiguration history, newest first
   */
  static List<Reconfiguration> change(
      ConfigurableApplicationContext context, Map<String, Object> values) {
    Map<String, Object> copy = new HashMap<>(values);
    context
        .getEnvironment()
        .getPropertySources()
        .addFirst(new MapPropertySource("refresh-" + System.nanoTime(), copy));
    int before = context.getBean(ReconfigurationHistory.class).recent().size();
    context.publishEvent(new EnvironmentChangeEvent(context, Set.copyOf(values.keySet())));
    List<Reconfiguration> recent = context.getBean(ReconfigurationHistory.class).recent();
    return recent.subList(0, recent.size() - before);
  }

  /** Collects the reconfiguration events, and the pool watcher's saturation events. */
  static class Events implements ApplicationListener<ApplicationEvent> {
    final List<ApplicationEvent> received = new CopyOnWriteArrayList<>();

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
      if (event instanceof PoolReconfiguredEvent
          || event instanceof HealthRulesReconfiguredEvent
          || event instanceof PoolReconfigurationRefusedEvent
          || event instanceof PoolSaturatedEvent) {
        received.add(event);
      }
    }
  }
}
