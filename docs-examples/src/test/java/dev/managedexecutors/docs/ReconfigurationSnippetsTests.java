package dev.managedexecutors.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * The live-reconfiguration snippets of docs/operations.md: the exposure binds, and the listener
 * hears applied and refused changes.
 */
class ReconfigurationSnippetsTests {
  @Test
  void theRefreshSnippetExposesTheRefreshEndpoint() throws IOException {
    new YamlPropertySourceLoader()
        .load("refresh", new ClassPathResource("docs/refresh.yml"))
        .forEach(
            source ->
                assertThat(source.getProperty("management.endpoints.web.exposure.include"))
                    .hasToString("health, executors, refresh"));
  }

  @Test
  void theListenerHearsAppliedAndRefusedChanges() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                dev.managedexecutors.autoconfigure.ManagedExecutorsAutoConfiguration.class,
                dev.managedexecutors.autoconfigure.refresh.ManagedExecutorsRefreshAutoConfiguration
                    .class))
        .withPropertyValues("managed-executors.pools.io.max-size=2")
        .withBean(ReconfigurationNotifier.class)
        .run(
            context -> {
              for (String max : new String[] {"4", "0"}) {
                context
                    .getEnvironment()
                    .getPropertySources()
                    .addFirst(
                        new MapPropertySource(
                            "change-" + max,
                            Map.of("managed-executors.pools.io.max-size", (Object) max)));
                context.publishEvent(
                    new EnvironmentChangeEvent(
                        context, Set.of("managed-executors.pools.io.max-size")));
              }
              assertThat(context.getBean(ReconfigurationNotifier.class).sent)
                  .containsExactly(
                      "Pool io reconfigured: max-size 2 -> 4",
                      "Change refused, no pool changed: [managed-executors.pools.io.max-size=0:"
                          + " maxWorkers must be >= 1, was 0]");
            });
  }
}
