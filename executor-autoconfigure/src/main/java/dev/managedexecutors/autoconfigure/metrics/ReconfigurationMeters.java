package dev.managedexecutors.autoconfigure.metrics;

import dev.managedexecutors.autoconfigure.refresh.PoolReconfigurationRefusedEvent;
import dev.managedexecutors.autoconfigure.refresh.PoolReconfiguredEvent;
import dev.managedexecutors.autoconfigure.refresh.Reconfiguration;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.SmartApplicationListener;

/**
 * Counts live reconfigurations (SPEC C1) as {@code executor.reconfigurations}, tagged {@code
 * name=<pool>} and {@code outcome=applied|refused}; a refused set counts once for each pool it
 * would have changed. Prometheus: {@code executor_reconfigurations_total}.
 *
 * <p>Thread-safety: safe for use by many threads.
 */
public final class ReconfigurationMeters implements MeterBinder, SmartApplicationListener {
  /** The counter's name. */
  public static final String NAME = "executor.reconfigurations";

  private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

  /** Creates the meters' listener; Spring Boot binds it to the meter registry. */
  public ReconfigurationMeters() {}

  @Override
  public void bindTo(MeterRegistry registry) {
    registries.add(registry);
  }

  @Override
  public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
    return PoolReconfiguredEvent.class.isAssignableFrom(eventType)
        || PoolReconfigurationRefusedEvent.class.isAssignableFrom(eventType);
  }

  @Override
  public void onApplicationEvent(ApplicationEvent event) {
    Reconfiguration r = reconfiguration(event);
    if (r == null) {
      return;
    }
    String outcome = r.outcome().name().toLowerCase(Locale.ROOT);
    for (String pool : r.pool().split(",", -1)) {
      for (MeterRegistry registry : registries) {
        Counter.builder(NAME)
            .description("Live reconfigurations of the pool, applied or refused")
            .tag("name", pool)
            .tag("outcome", outcome)
            .register(registry)
            .increment();
      }
    }
  }

  private static @Nullable Reconfiguration reconfiguration(ApplicationEvent event) {
    if (event instanceof PoolReconfiguredEvent e) {
      return e.getReconfiguration();
    }
    if (event instanceof PoolReconfigurationRefusedEvent e) {
      return e.getReconfiguration();
    }
    return null;
  }
}
