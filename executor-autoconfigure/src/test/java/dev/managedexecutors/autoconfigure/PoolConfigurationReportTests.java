package dev.managedexecutors.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.managedexecutors.ManagedThreadPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * Reports on {@code managed-executors} settings written in an {@code application.yml}: names that
 * Spring Boot would change or merge, pools with no settings, and values that cannot be converted,
 * each reported with the line it was written on.
 */
class PoolConfigurationReportTests {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  ManagedExecutorsAutoConfiguration.class,
                  ManagedExecutorsTaskExecutionAutoConfiguration.class));

  @Test
  void whenAPoolNameHasASpaceThenStartUpFailsNamingItAndTheBracketForm() {
    FailureAnalysis analysis = analyze(pools("my pool:", "  max-size: 2"));
    assertThat(analysis.getDescription())
        .contains("Property: managed-executors.pools.my pool")
        .contains("Origin:   application.yml")
        .contains("'mypool'");
    assertThat(analysis.getAction()).contains("\"[my pool]\"");
  }

  @Test
  void whenAPoolNameIsInBracketsThenThePoolKeepsItsExactName() {
    yaml(pools("\"[my pool]\":", "  max-size: 2"))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean("my pool", ManagedThreadPool.class).maxWorkers())
                  .isEqualTo(2);
              assertThat(context).doesNotHaveBean("mypool");
            });
  }

  @Test
  void whenTwoPoolNamesDifferOnlyInCaseOrDashesThenStartUpFailsNamingBoth() {
    FailureAnalysis analysis =
        analyze(pools("my-pool:", "  max-size: 2", "myPool:", "  max-size: 3"));
    assertThat(analysis.getDescription())
        .contains("'my-pool'")
        .contains("'myPool'")
        .contains("Origin:   application.yml");
    assertThat(analysis.getAction()).contains("Rename");
  }

  @ParameterizedTest
  @ValueSource(strings = {"io: {}", "io:", "io: \"\""})
  void whenAPoolIsDeclaredWithoutSettingsThenItIsCreatedWithEveryDefault(String declaration) {
    yaml(pools(declaration))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              ManagedThreadPool io = context.getBean("io", ManagedThreadPool.class);
              assertThat(io.maxWorkers()).isEqualTo(ManagedThreadPool.defaultMaxWorkers());
              assertThat(context).hasBean("default");
            });
  }

  @Test
  void whenAnApplicationDeclaresAPoolWithoutSettingsThenItStarts() {
    try (ConfigurableApplicationContext context =
        new SpringApplicationBuilder(EmptyPoolApplication.class)
            .web(WebApplicationType.NONE)
            .properties("managed-executors.pools.io=")
            .run()) {
      assertThat(context.getBean("io", ManagedThreadPool.class).maxWorkers())
          .isEqualTo(ManagedThreadPool.defaultMaxWorkers());
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration(ManagedExecutorsAutoConfiguration.class)
  static class EmptyPoolApplication {}

  @ParameterizedTest
  @ValueSource(
      strings = {
        "rejection: foo",
        "keep-alive: abc",
        "prestart: maybe",
        "max-size: 99999999999",
        "shutdown.await-termination: soon"
      })
  void whenAValueCannotBeConvertedThenTheReportShowsWhereItWasWritten(String setting) {
    String key = setting.substring(0, setting.indexOf(':'));
    FailureAnalysis analysis = analyze(pools("io:", "  core-size: 1", "  " + setting));
    assertThat(analysis.getDescription())
        .contains("Property: managed-executors.pools.io." + key)
        .contains("Origin:   application.yml")
        .contains("application.yml - 5:");
  }

  @Test
  void whenTwoPoolsAreMarkedPrimaryThenTheReportShowsWhereTheSecondWasWritten() {
    FailureAnalysis analysis =
        analyze(pools("a:", "  primary: true", "b:", "  max-size: 2", "  primary: true"));
    assertThat(analysis.getDescription())
        .contains("Property: managed-executors.pools.b.primary")
        .contains("Origin:   application.yml")
        .contains("application.yml - 7:");
  }

  @ParameterizedTest
  @ValueSource(strings = {"rejection", "keep-alive", "block-timeout", "max-size"})
  void whenAValueIsEmptyThenTheReportSaysSoRatherThanNoSuchProperty(String key) {
    FailureAnalysis analysis = analyze(pools("io:", "  " + key + ": \"\""));
    assertThat(analysis.getDescription())
        .contains("Property: managed-executors.pools.io." + key)
        .contains("Value:    \"\"")
        .contains("must not be empty")
        .doesNotContain("no such property")
        .contains("Origin:   application.yml");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "managedExecutorsGracefulShutdown",
        "executorsEndpoint",
        "managedThreadPoolRegistry",
        "applicationTaskExecutor"
      })
  void whenAPoolIsNamedLikeOneOfTheStartersBeansThenStartUpFailsSayingSo(String name) {
    FailureAnalysis analysis = analyze(pools(name + ":", "  max-size: 2"));
    assertThat(analysis.getDescription())
        .contains("Property: managed-executors.pools." + name)
        .contains("is the name of a bean of managed-executors itself");
    assertThat(analysis.getAction()).contains("Rename the pool");
  }

  @Test
  void whenAPoolNameHasADotWithoutBracketsThenTheReportShowsTheBracketForm() {
    FailureAnalysis analysis = analyze(pools("my.pool:", "  max-size: 2"));
    assertThat(analysis.getDescription()).contains("managed-executors.pools.my.pool.max-size");
    assertThat(analysis.getAction()).contains("\"[my.pool]\"");
  }

  private static String pools(String... lines) {
    StringBuilder yaml = new StringBuilder("managed-executors:\n  pools:\n");
    for (String line : lines) {
      yaml.append("    ").append(line).append('\n');
    }
    return yaml.toString();
  }

  /**
   * The runner with {@code yaml} as its application.yml, read as Spring Boot reads one, and the
   * conversion service that {@code SpringApplication} gives every context.
   */
  private ApplicationContextRunner yaml(String yaml) {
    return runner.withInitializer(
        context -> {
          context
              .getBeanFactory()
              .setConversionService(ApplicationConversionService.getSharedInstance());
          ApplicationYml.load(context, yaml);
        });
  }

  private FailureAnalysis analyze(String yaml) {
    FailureAnalysis[] analysis = new FailureAnalysis[1];
    yaml(yaml)
        .run(
            context -> {
              assertThat(context).hasFailed();
              analysis[0] =
                  new InvalidPoolPropertyFailureAnalyzer().analyze(context.getStartupFailure());
            });
    assertThat(analysis[0]).as("analysis").isNotNull();
    return analysis[0];
  }
}
