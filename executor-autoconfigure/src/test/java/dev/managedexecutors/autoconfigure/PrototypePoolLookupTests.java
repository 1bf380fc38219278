package dev.managedexecutors.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.managedexecutors.ManagedThreadPool;
import dev.managedexecutors.actuate.ExecutorsEndpoint;
import dev.managedexecutors.actuate.ExecutorsHealthContributor;
import dev.managedexecutors.autoconfigure.actuate.ManagedExecutorsEndpointAutoConfiguration;
import dev.managedexecutors.autoconfigure.actuate.ManagedExecutorsHealthAutoConfiguration;
import dev.managedexecutors.autoconfigure.metrics.ManagedExecutorsMetricsAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The endpoint, the health contributor and the meters look pools up without creating any: a
 * prototype-scoped (or not yet created lazy) {@link ManagedThreadPool} bean is not instantiated by
 * a request, which would leak a pool and its thread per request.
 */
class PrototypePoolLookupTests {
  private static final int REQUESTS = 40;

  private final AtomicInteger created = new AtomicInteger();

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  ManagedExecutorsAutoConfiguration.class,
                  ManagedExecutorsEndpointAutoConfiguration.class,
                  ManagedExecutorsHealthAutoConfiguration.class,
                  MetricsAutoConfiguration.class,
                  SimpleMetricsExportAutoConfiguration.class,
                  CompositeMeterRegistryAutoConfiguration.class,
                  ManagedExecutorsMetricsAutoConfiguration.class))
          .withPropertyValues(
              "management.endpoints.web.exposure.include=executors",
              "managed-executors.pools.io.max-size=1")
          .withBean(
              "perUse",
              ManagedThreadPool.class,
              () -> {
                created.incrementAndGet();
                return ManagedThreadPool.builder("perUse").prestart(true).daemon(true).build();
              },
              definition -> definition.setScope(BeanDefinition.SCOPE_PROTOTYPE))
          .withBean(
              "lazy",
              ManagedThreadPool.class,
              () -> {
                created.incrementAndGet();
                return ManagedThreadPool.builder("lazy").prestart(true).daemon(true).build();
              },
              definition -> definition.setLazyInit(true));

  @Test
  void whenTheEndpointAndHealthAreQueriedThenNoPrototypeOrLazyPoolIsCreated() {
    runner.run(
        context -> {
          ExecutorsEndpoint endpoint = context.getBean(ExecutorsEndpoint.class);
          ExecutorsHealthContributor health = context.getBean(ExecutorsHealthContributor.class);
          for (int i = 0; i < REQUESTS; i++) {
            assertThat(endpoint.executors().pools()).containsOnlyKeys("io");
            assertThat(endpoint.pool("perUse")).isNull();
            assertThat(health.stream()).extracting(e -> e.name()).containsExactly("io");
            assertThat(health.getContributor("perUse")).isNull();
          }
          assertThat(created).hasValue(0);
        });
  }

  @Test
  void whenMetersAreBoundThenNoPrototypeOrLazyPoolIsCreatedOrMetered() {
    runner.run(
        context -> {
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          assertThat(registry.find("executor.queued").gauges())
              .extracting(g -> g.getId().getTag("name"))
              .containsExactly("io");
          assertThat(created).hasValue(0);
        });
  }

  @Test
  void whenALazyPoolIsCreatedLaterThenItIsMeteredAndAPrototypePoolIsNot() {
    runner.run(
        context -> {
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          context.getBean("lazy", ManagedThreadPool.class);
          ManagedThreadPool perUse = context.getBean("perUse", ManagedThreadPool.class);
          try {
            assertThat(registry.find("executor.queued").gauges())
                .extracting(g -> g.getId().getTag("name"))
                .containsExactlyInAnyOrder("io", "lazy");
          } finally {
            perUse.shutdownNow();
          }
        });
  }

  @Test
  void whenALazyPoolIsCreatedThenTheEndpointAndHealthShowIt() {
    runner.run(
        context -> {
          ExecutorsEndpoint endpoint = context.getBean(ExecutorsEndpoint.class);
          ExecutorsHealthContributor health = context.getBean(ExecutorsHealthContributor.class);
          context.getBean("lazy", ManagedThreadPool.class);
          assertThat(endpoint.executors().pools()).containsOnlyKeys("io", "lazy");
          assertThat(health.getContributor("lazy")).isNotNull();
          assertThat(created).hasValue(1);
        });
  }
}
