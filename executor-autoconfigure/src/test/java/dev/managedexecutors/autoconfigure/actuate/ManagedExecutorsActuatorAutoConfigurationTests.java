package dev.managedexecutors.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.managedexecutors.ManagedThreadPool;
import dev.managedexecutors.actuate.ExecutorsEndpoint;
import dev.managedexecutors.actuate.ExecutorsEndpointWebExtension;
import dev.managedexecutors.actuate.ExecutorsHealthContributor;
import dev.managedexecutors.autoconfigure.InvalidExecutorsPropertyException;
import dev.managedexecutors.autoconfigure.InvalidPoolPropertyException;
import dev.managedexecutors.autoconfigure.ManagedExecutorsAutoConfiguration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Which Actuator beans exist, under which settings. */
class ManagedExecutorsActuatorAutoConfigurationTests {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  ManagedExecutorsAutoConfiguration.class,
                  ManagedExecutorsEndpointAutoConfiguration.class,
                  ManagedExecutorsHealthAutoConfiguration.class))
          .withPropertyValues(
              "management.endpoints.web.exposure.include=executors",
              "managed-executors.pools.io.max-size=1",
              "managed-executors.pools.io.queue-capacity=2");

  @Test
  void whenTheEndpointIsExposedThenItListsEveryPool() {
    runner.run(
        context -> {
          ExecutorsEndpoint endpoint = context.getBean(ExecutorsEndpoint.class);
          assertThat(endpoint.executors().pools()).containsOnlyKeys("default", "io");
          assertThat(endpoint.pool("io").settings().maxSize()).isEqualTo(1);
          assertThat(endpoint.pool("nope")).isNull();
        });
  }

  /** The endpoint's auto-configuration with no exposure or access property set. */
  private final ApplicationContextRunner unexposed =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  ManagedExecutorsAutoConfiguration.class,
                  ManagedExecutorsEndpointAutoConfiguration.class));

  @Test
  void whenTheEndpointIsNotExposedThenItIsNotCreated() {
    unexposed.run(context -> assertThat(context).doesNotHaveBean(ExecutorsEndpoint.class));
  }

  @Test
  void whenTheWebExposureIncludesExecutorsThenTheEndpointAndItsWebExtensionAreCreated() {
    unexposed
        .withPropertyValues("management.endpoints.web.exposure.include=executors")
        .run(
            context -> {
              assertThat(context).hasSingleBean(ExecutorsEndpoint.class);
              assertThat(context).hasSingleBean(ExecutorsEndpointWebExtension.class);
            });
  }

  @Test
  void whenTheWebExposureExcludesExecutorsThenTheEndpointIsNotCreatedEvenUnderAWildcard() {
    unexposed
        .withPropertyValues("management.endpoints.web.exposure.include=*")
        .run(context -> assertThat(context).hasSingleBean(ExecutorsEndpoint.class));
    unexposed
        .withPropertyValues(
            "management.endpoints.web.exposure.include=*",
            "management.endpoints.web.exposure.exclude=executors")
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(ExecutorsEndpoint.class);
              assertThat(context).doesNotHaveBean(ExecutorsEndpointWebExtension.class);
            });
  }

  @Test
  void whenTheEndpointsAccessIsNoneThenItIsNotCreatedThoughExposed() {
    unexposed
        // As in an application: the environment converts "none" to Access.NONE leniently.
        .withInitializer(
            context ->
                context.getEnvironment().setConversionService(new ApplicationConversionService()))
        .withPropertyValues(
            "management.endpoints.web.exposure.include=executors",
            "management.endpoint.executors.access=none")
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(ExecutorsEndpoint.class);
              assertThat(context).doesNotHaveBean(ExecutorsEndpointWebExtension.class);
            });
  }

  @Test
  void theEndpointIsReadOnlyByDefaultThroughActuatorsAccessModel() {
    assertThat(ExecutorsEndpoint.class.getAnnotation(Endpoint.class).defaultAccess())
        .isEqualTo(Access.READ_ONLY);
  }

  @Test
  void whenTheOldResizeSwitchIsSetThenStartUpFailsNamingTheProperty() {
    runner
        .withPropertyValues("managed-executors.endpoint.resize.enabled=true")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .hasStackTraceContaining("managed-executors.endpoint.resize.enabled")
                    .hasStackTraceContaining("no such property"));
  }

  @Test
  void invalidResizeValuesAreRefusedWith400AndThePoolIsUnchanged() {
    runner.run(
        context -> {
          ExecutorsEndpointWebExtension resize =
              context.getBean(ExecutorsEndpointWebExtension.class);
          ManagedThreadPool io = context.getBean("io", ManagedThreadPool.class);
          WebEndpointResponse<Object> refused = resize.resize("io", null, 0, null);
          assertThat(refused.getStatus()).isEqualTo(400);
          assertThat(refused.getBody().toString()).contains("maxWorkers must be >= 1, was 0");
          assertThat(io.maxWorkers()).isEqualTo(1);
          assertThat(resize.resize("io", null, null, null).getStatus()).isEqualTo(400);
          assertThat(resize.resize("nope", 1, 1, 1).getStatus()).isEqualTo(404);
          assertThat(resize.resize("io", 1, 4, 8).getStatus()).isEqualTo(200);
          assertThat(io.coreWorkers()).isEqualTo(1);
          assertThat(io.maxWorkers()).isEqualTo(4);
          assertThat(io.queueCapacity()).isEqualTo(8);
        });
  }

  @Test
  void whenActuatorIsAbsentThenNeitherEndpointNorHealthIsCreated() {
    runner
        .withClassLoader(
            new FilteredClassLoader(
                "org.springframework.boot.actuate.", "org.springframework.boot.health."))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean("executorsEndpoint");
              assertThat(context).doesNotHaveBean("executorsHealthContributor");
            });
  }

  @Test
  void theHealthContributorHasOneIndicatorPerPool() {
    runner.run(
        context -> {
          ExecutorsHealthContributor health = context.getBean(ExecutorsHealthContributor.class);
          assertThat(health.stream().map(e -> e.name())).containsExactlyInAnyOrder("default", "io");
          HealthIndicator io = (HealthIndicator) health.getContributor("io");
          assertThat(io.health().getStatus()).isEqualTo(Status.UP);
          assertThat(health.getContributor("nope")).isNull();
        });
  }

  @Test
  void whenTheHealthIndicatorIsDisabledThenThereIsNoContributor() {
    runner
        .withPropertyValues("management.health.executors.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(ExecutorsHealthContributor.class));
  }

  @Test
  void whenTheUserOptsInThenASaturatedPoolIsDown() {
    runner
        .withPropertyValues(
            "managed-executors.health.saturation.status=down",
            "managed-executors.health.saturation.duration=0s")
        .run(
            context -> {
              ManagedThreadPool io = context.getBean("io", ManagedThreadPool.class);
              HealthIndicator indicator =
                  (HealthIndicator)
                      context.getBean(ExecutorsHealthContributor.class).getContributor("io");
              CountDownLatch release = new CountDownLatch(1);
              try {
                io.submit(() -> release.await(30, TimeUnit.SECONDS));
                Awaitility.await().until(() -> io.stats().activeWorkers() == 1);
                io.submit(() -> release.await(30, TimeUnit.SECONDS));
                io.submit(() -> release.await(30, TimeUnit.SECONDS));
                Health health = indicator.health();
                assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                assertThat(health.getDetails()).containsEntry("saturated", true);
              } finally {
                release.countDown();
              }
              Awaitility.await().until(() -> io.stats().completed() == 3);
              assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
            });
  }

  @Test
  void whenTheSaturationThresholdIsOutOfRangeThenStartUpFailsNamingTheProperty() {
    runner
        .withPropertyValues("managed-executors.health.saturation.queue-threshold=1.5")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .rootCause()
                  .isInstanceOf(IllegalArgumentException.class);
              Throwable failure = context.getStartupFailure();
              while (failure != null && !(failure instanceof InvalidExecutorsPropertyException)) {
                failure = failure.getCause();
              }
              // Not a pool's key: the general type, not the pool one.
              assertThat(failure).isNotInstanceOf(InvalidPoolPropertyException.class);
              assertThat(failure)
                  .isInstanceOf(InvalidExecutorsPropertyException.class)
                  .hasMessageContaining("managed-executors.health.saturation.queue-threshold")
                  .hasMessageContaining("queueThreshold must be > 0 and <= 1, was 1.5");
            });
  }

  @Test
  void whenTheApplicationDefinesItsOwnEndpointInAConfigurationClassThenOursBacksOff() {
    runner
        .withUserConfiguration(OwnActuatorBeans.class)
        .run(
            context -> {
              assertThat(context).getBeans(ExecutorsEndpoint.class).containsOnlyKeys("ownEndpoint");
              assertThat(context.getBean(ExecutorsEndpoint.class).executors().pools()).isEmpty();
            });
  }

  @Test
  void whenTheApplicationDefinesItsOwnHealthContributorInAConfigurationClassThenOursBacksOff() {
    runner
        .withUserConfiguration(OwnActuatorBeans.class)
        .run(
            context ->
                assertThat(context.getBean("executorsHealthContributor"))
                    .isSameAs(OwnActuatorBeans.HEALTH));
  }

  @Test
  void whenThereIsNoRegistryThenNeitherEndpointNorHealthIsCreated() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                ManagedExecutorsEndpointAutoConfiguration.class,
                ManagedExecutorsHealthAutoConfiguration.class))
        .withPropertyValues("management.endpoints.web.exposure.include=executors")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(ExecutorsEndpoint.class);
              assertThat(context).doesNotHaveBean("executorsHealthContributor");
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnActuatorBeans {
    static final ExecutorsHealthContributor HEALTH =
        new ExecutorsHealthContributor(java.util.Map::of, pool -> null);

    @Bean
    ExecutorsEndpoint ownEndpoint() {
      return new ExecutorsEndpoint(java.util.Map::of);
    }

    @Bean
    ExecutorsHealthContributor executorsHealthContributor() {
      return HEALTH;
    }
  }
}
