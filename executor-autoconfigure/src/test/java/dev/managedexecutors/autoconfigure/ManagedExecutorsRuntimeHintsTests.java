package dev.managedexecutors.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.managedexecutors.actuate.ExecutorsEndpoint;
import dev.managedexecutors.autoconfigure.refresh.Reconfiguration;
import dev.managedexecutors.hazelcast.DistributedPoolStats;
import dev.managedexecutors.stats.PoolStats;
import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.io.support.SpringFactoriesLoader;

/**
 * The starter's runtime hints cover what it binds, serialises, creates and looks up by reflection,
 * and are found through {@code META-INF/spring/aot.factories}, as the AOT engine finds them.
 */
class ManagedExecutorsRuntimeHintsTests {
  private final RuntimeHints hints = hints();

  // This starter's hints alone: Spring Framework's own registrars cover some types too (the
  // spring.factories entries), which would hide a hint missing here.
  private static RuntimeHints hints() {
    RuntimeHints hints = new RuntimeHints();
    new ManagedExecutorsRuntimeHints()
        .registerHints(hints, ManagedExecutorsRuntimeHintsTests.class.getClassLoader());
    return hints;
  }

  @Test
  void whenTheAotEngineLoadsTheRegistrarsThenThisStartersIsAmongThem() {
    assertThat(
            SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
                .load(RuntimeHintsRegistrar.class))
        .hasAtLeastOneElementOfType(ManagedExecutorsRuntimeHints.class);
  }

  @Test
  void whenPropertiesAreBoundWithABinderThenEveryNestedSetterHasAHint() {
    assertThat(hints)
        .matches(
            RuntimeHintsPredicates.reflection()
                .onMethodInvocation(ManagedExecutorsProperties.Pool.class, "setMaxSize"))
        .matches(
            RuntimeHintsPredicates.reflection()
                .onMethodInvocation(ManagedExecutorsProperties.Shutdown.class, "setCancelPending"))
        .matches(
            RuntimeHintsPredicates.reflection()
                .onMethodInvocation(EndpointProperties.Resize.class, "setWorkerLimit"))
        .matches(
            RuntimeHintsPredicates.reflection()
                .onMethodInvocation(HealthProperties.Saturation.class, "setQueueThreshold"))
        .matches(
            RuntimeHintsPredicates.reflection()
                .onMethodInvocation(MetricsProperties.class, "setTimers"))
        .matches(
            RuntimeHintsPredicates.reflection()
                .onMethodInvocation(ContextPropagationProperties.class, "setEnabled"))
        .matches(
            RuntimeHintsPredicates.reflection()
                .onMethodInvocation(DistributedPoolProperties.class, "setExecutorName"));
  }

  @Test
  void whenTheEndpointAnswersThenJacksonCanReadEveryRecordOfTheResponse() throws Exception {
    assertThat(hints)
        .matches(
            RuntimeHintsPredicates.reflection()
                .onMethodInvocation(ExecutorsEndpoint.ExecutorsDescriptor.class, "pools"))
        .matches(
            RuntimeHintsPredicates.reflection()
                .onMethodInvocation(ExecutorsEndpoint.PoolDescriptor.class, "settings"))
        .matches(
            RuntimeHintsPredicates.reflection()
                .onMethodInvocation(ExecutorsEndpoint.PoolSettings.class, "keepAlive"))
        .matches(
            RuntimeHintsPredicates.reflection().onMethodInvocation(PoolStats.class, "completed"))
        .matches(
            RuntimeHintsPredicates.reflection().onMethodInvocation(Reconfiguration.class, "pool"))
        .matches(
            RuntimeHintsPredicates.reflection()
                .onMethodInvocation(ManagedExecutorsRuntimeHints.DISTRIBUTED_DESCRIPTOR, "stats"))
        .matches(RuntimeHintsPredicates.reflection().onType(DistributedPoolStats.class));
  }

  @Test
  void whenBootCreatesTheFailureAnalyzersThenTheirConstructorsHaveHints() {
    assertThat(hints)
        .matches(
            RuntimeHintsPredicates.reflection()
                .onType(InvalidPoolPropertyFailureAnalyzer.class)
                .withMemberCategory(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS))
        .matches(
            RuntimeHintsPredicates.reflection()
                .onType(PoolNameClashFailureAnalyzer.class)
                .withMemberCategory(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS));
  }

  @Test
  void whenTheStarterLooksForAnOptionalLibraryByNameThenTheClassHasAHint() {
    assertThat(hints)
        .matches(
            RuntimeHintsPredicates.reflection()
                .onType(org.springframework.aot.hint.TypeReference.of("org.slf4j.MDC")))
        .matches(
            RuntimeHintsPredicates.reflection()
                .onType(
                    org.springframework.aot.hint.TypeReference.of(
                        "io.micrometer.context.ContextSnapshotFactory")));
  }
}
