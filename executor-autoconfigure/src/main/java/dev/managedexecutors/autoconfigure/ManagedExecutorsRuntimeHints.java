package dev.managedexecutors.autoconfigure;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.boot.context.properties.bind.BindableRuntimeHintsRegistrar;
import org.springframework.util.ClassUtils;

/**
 * The runtime hints of what this starter reads by reflection and Spring Boot does not cover by
 * itself, so that an AOT-processed application (and a GraalVM native image built from it) behaves
 * as it does on the JVM. Registered in {@code META-INF/spring/aot.factories}.
 *
 * <ul>
 *   <li>{@link ManagedExecutorsProperties} (with its nested pool, shutdown, endpoint, health,
 *       metrics and context-propagation classes) and {@link DistributedPoolProperties}: besides the
 *       {@code @ConfigurationProperties} bean, which Boot's own hints cover, they are bound with a
 *       {@code Binder} at run time by the live reconfiguration ({@link LivePoolSettings}) and by
 *       the distributed pools' registrar.
 *   <li>The {@code executors} endpoint's responses, which Jackson serialises: the descriptors of
 *       the endpoint, the pools' statistics, the reconfiguration history and, with
 *       executor-hazelcast, the distributed pools' descriptors. Only when Actuator is present.
 *   <li>The failure analyzers listed in {@code META-INF/spring.factories}, created by reflection.
 *   <li>The classes this starter asks for by name to find an optional library: SLF4J's {@code MDC}
 *       and Micrometer's {@code ContextSnapshotFactory}.
 * </ul>
 *
 * <p>Conditions such as {@code @ConditionalOnClass(name = ...)} need no hint: AOT evaluates them
 * when the application is processed.
 */
final class ManagedExecutorsRuntimeHints implements RuntimeHintsRegistrar {
  static final String ENDPOINT = "org.springframework.boot.actuate.endpoint.annotation.Endpoint";

  static final String DISTRIBUTED_DESCRIPTOR =
      "dev.managedexecutors.autoconfigure.hazelcast.DistributedPoolsEndpointContributor"
          + "$DistributedPoolDescriptor";

  static final String DISTRIBUTED_STATS = "dev.managedexecutors.hazelcast.DistributedPoolStats";

  /** The endpoint's response records; the others are reached from their components. */
  static final List<String> ENDPOINT_RESPONSES =
      List.of(
          "dev.managedexecutors.actuate.ExecutorsEndpoint$ExecutorsDescriptor",
          "dev.managedexecutors.autoconfigure.refresh.Reconfiguration");

  static final String MDC = "org.slf4j.MDC";

  @Override
  public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
    BindableRuntimeHintsRegistrar.forTypes(
            ManagedExecutorsProperties.class, DistributedPoolProperties.class)
        .registerHints(hints, classLoader);
    if (ClassUtils.isPresent(ENDPOINT, classLoader)) {
      BindingReflectionHintsRegistrar binding = new BindingReflectionHintsRegistrar();
      // By name: this package must not depend on the endpoint's packages, which depend on it.
      for (String response : ENDPOINT_RESPONSES) {
        binding.registerReflectionHints(
            hints.reflection(), ClassUtils.resolveClassName(response, classLoader));
      }
      if (ClassUtils.isPresent(DISTRIBUTED_STATS, classLoader)) {
        binding.registerReflectionHints(
            hints.reflection(), ClassUtils.resolveClassName(DISTRIBUTED_DESCRIPTOR, classLoader));
      }
    }
    for (Class<?> analyzer :
        new Class<?>[] {
          InvalidPoolPropertyFailureAnalyzer.class, PoolNameClashFailureAnalyzer.class
        }) {
      hints.reflection().registerType(analyzer, MemberCategory.INVOKE_DECLARED_CONSTRUCTORS);
    }
    hints.reflection().registerType(TypeReference.of(MDC));
    hints
        .reflection()
        .registerType(TypeReference.of(ManagedThreadPoolRegistry.CONTEXT_SNAPSHOT_FACTORY));
  }
}
