package dev.managedexecutors.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A pool added to the configuration after the application was AOT-processed has no bean; start-up
 * says so with a warning naming the pool and the fix, rather than ignoring it silently.
 */
@ExtendWith(OutputCaptureExtension.class)
class PoolsAddedAfterAotWarningTests {
  private static final String WARNING = "AOT-processed without";
  private static final String PRIMARY_WARNING =
      "would be the primary pool with the configuration of this run";

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  ManagedExecutorsAutoConfiguration.class,
                  TaskExecutionAutoConfiguration.class,
                  ManagedExecutorsTaskExecutionAutoConfiguration.class));

  private static ManagedExecutorsProperties declaring(String... pools) {
    ManagedExecutorsProperties properties = new ManagedExecutorsProperties();
    for (String pool : pools) {
      properties.getPools().put(pool, new ManagedExecutorsProperties.Pool());
    }
    return properties;
  }

  @Test
  void whenAotProcessedAndADeclaredPoolHasNoBeanThenAWarningNamesItAndTheFix(
      CapturedOutput output) {
    new PoolsAddedAfterAotWarning(
            true, declaring("io", "reports"), Set.of("io")::contains, name -> false)
        .afterSingletonsInstantiated();
    assertThat(output)
        .contains("WARN")
        .contains("Pool 'reports' is declared under managed-executors.pools")
        .contains(WARNING)
        .contains("spring-boot:process-aot")
        .doesNotContain("'io'");
  }

  @Test
  void whenAotProcessedAndSeveralPoolsHaveNoBeanThenOneWarningNamesEach(CapturedOutput output) {
    new PoolsAddedAfterAotWarning(
            true, declaring("io", "reports", "mail"), Set.of("io")::contains, name -> false)
        .afterSingletonsInstantiated();
    assertThat(output).contains("Pools 'reports', 'mail' are declared");
  }

  @Test
  void whenAotProcessedAndEveryDeclaredPoolHasABeanThenThereIsNoWarning(CapturedOutput output) {
    new PoolsAddedAfterAotWarning(true, declaring("io"), Set.of("io")::contains, name -> false)
        .afterSingletonsInstantiated();
    assertThat(output).doesNotContain(WARNING);
  }

  @Test
  void whenNotAotProcessedThenThereIsNoWarning(CapturedOutput output) {
    new PoolsAddedAfterAotWarning(false, declaring("reports"), name -> false, name -> false)
        .afterSingletonsInstantiated();
    new PoolsAddedAfterAotWarning(false, markedPrimary("io", "io"), name -> true, "default"::equals)
        .afterSingletonsInstantiated();
    assertThat(output).doesNotContain(WARNING).doesNotContain(PRIMARY_WARNING);
  }

  private static ManagedExecutorsProperties markedPrimary(String primary, String... pools) {
    ManagedExecutorsProperties properties = declaring(pools);
    properties.getPools().get(primary).setPrimary(true);
    return properties;
  }

  @Test
  void whenAotProcessedAndTheRunMarksAnotherPoolPrimaryThenAWarningNamesBothAndTheFix(
      CapturedOutput output) {
    new PoolsAddedAfterAotWarning(
            true,
            markedPrimary("io", "io", "reports"),
            Set.of("default", "io", "reports")::contains,
            "default"::equals)
        .afterSingletonsInstantiated();
    assertThat(output)
        .contains("WARN")
        .contains("Pool 'io' " + PRIMARY_WARNING)
        .contains("AOT-processed with pool 'default' as primary")
        .contains("spring-boot:process-aot")
        .doesNotContain(WARNING);
  }

  @Test
  void whenAotProcessedAndTheRunNoLongerMarksTheProcessedPrimaryThenAWarningNamesDefault(
      CapturedOutput output) {
    new PoolsAddedAfterAotWarning(
            true, declaring("default", "io"), Set.of("default", "io")::contains, "io"::equals)
        .afterSingletonsInstantiated();
    assertThat(output)
        .contains("Pool 'default' " + PRIMARY_WARNING)
        .contains("AOT-processed with pool 'io' as primary");
  }

  @Test
  void whenAotProcessedAndThePrimaryPoolIsUnchangedThenThereIsNoPrimaryWarning(
      CapturedOutput output) {
    new PoolsAddedAfterAotWarning(
            true, markedPrimary("io", "io"), Set.of("default", "io")::contains, "io"::equals)
        .afterSingletonsInstantiated();
    new PoolsAddedAfterAotWarning(
            true, declaring("io"), Set.of("default", "io")::contains, "default"::equals)
        .afterSingletonsInstantiated();
    assertThat(output).doesNotContain(PRIMARY_WARNING);
  }

  @Test
  void whenPoolsAreRegisteredThenEachDeclaredPoolHasABeanOfItsNameAndNothingIsReported(
      CapturedOutput output) {
    runner
        .withPropertyValues(
            "managed-executors.pools.io.max-size=4",
            "managed-executors.pools.reports.max-size=2",
            "managed-executors.pools.reports.primary=true")
        .run(
            context -> {
              assertThat(context).hasSingleBean(PoolsAddedAfterAotWarning.class);
              ManagedExecutorsProperties properties =
                  context.getBean(ManagedExecutorsProperties.class);
              assertThat(properties.getPools()).containsKeys("io", "reports");
              assertThat(
                      PoolsAddedAfterAotWarning.missing(
                          properties.getPools().keySet(), context::containsBean))
                  .isEmpty();
              assertThat(
                      PoolsAddedAfterAotWarning.primaryMoved(
                          properties,
                          context::containsBean,
                          name -> context.getBeanFactory().getBeanDefinition(name).isPrimary()))
                  .isNull();
            });
    assertThat(output).doesNotContain(WARNING).doesNotContain(PRIMARY_WARNING);
  }
}
