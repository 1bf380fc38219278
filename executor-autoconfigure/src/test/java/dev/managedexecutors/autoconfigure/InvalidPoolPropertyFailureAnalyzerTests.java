package dev.managedexecutors.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

/** Invalid pool settings fail start-up with a report naming the property, the value and the fix. */
@ExtendWith(OutputCaptureExtension.class)
class InvalidPoolPropertyFailureAnalyzerTests {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ManagedExecutorsAutoConfiguration.class));

  @Test
  void whenMaxSizeIsBelowCoreSizeThenTheReportNamesMaxSizeBothValuesAndTheFix() {
    FailureAnalysis analysis =
        analyze("managed-executors.pools.io.core-size=8", "managed-executors.pools.io.max-size=2");
    assertThat(analysis.getDescription())
        .contains("Property: managed-executors.pools.io.max-size")
        .contains("Value:    \"2\"")
        .contains("max-size (2) is less than core-size (8)");
    assertThat(analysis.getAction())
        .isEqualTo(
            "Raise managed-executors.pools.io.max-size to at least 8, or lower"
                + " managed-executors.pools.io.core-size to at most 2.");
  }

  @Test
  void whenCoreSizeExceedsTheDefaultMaxSizeThenTheReportSaysTheMaximumIsTheDefault() {
    FailureAnalysis analysis = analyze("managed-executors.pools.io.core-size=1000");
    assertThat(analysis.getDescription())
        .contains("Property: managed-executors.pools.io.max-size")
        .contains("the default on this machine) is less than core-size (1000)");
  }

  @Test
  void whenQueueCapacityIsNegativeThenTheReportNamesItAndTheFix() {
    FailureAnalysis analysis = analyze("managed-executors.pools.io.queue-capacity=-1");
    assertThat(analysis.getDescription())
        .contains("Property: managed-executors.pools.io.queue-capacity")
        .contains("Value:    \"-1\"")
        .contains("queueCapacity must be >= 0");
    assertThat(analysis.getAction())
        .isEqualTo("Use 0 (direct hand-off) or more, or remove it for an unbounded queue.");
  }

  @Test
  void whenMaxSizeIsZeroThenTheReportNamesIt() {
    FailureAnalysis analysis = analyze("managed-executors.pools.io.max-size=0");
    assertThat(analysis.getDescription())
        .contains("Property: managed-executors.pools.io.max-size")
        .contains("maxWorkers must be >= 1, was 0");
    assertThat(analysis.getAction()).startsWith("Use 1 to 32767");
  }

  @Test
  void whenMaxSizeIsAboveWhatThePoolCanCountThenTheReportNamesTheBound() {
    FailureAnalysis analysis = analyze("managed-executors.pools.io.max-size=40000");
    assertThat(analysis.getDescription())
        .contains("Property: managed-executors.pools.io.max-size")
        .contains("maxWorkers must be <= 32767, was 40000");
    assertThat(analysis.getAction()).startsWith("Use 1 to 32767");
  }

  @Test
  void whenTheRejectionPolicyIsUnknownThenTheReportListsThePolicies() {
    FailureAnalysis analysis = analyze("managed-executors.pools.io.rejection=drop-newest");
    assertThat(analysis.getDescription())
        .contains("Property: managed-executors.pools.io.rejection")
        .contains("Value:    \"drop-newest\"")
        .contains("cannot be converted to a rejection policy");
    assertThat(analysis.getAction())
        .isEqualTo("Use one of: abort, caller-runs, block, discard-oldest.");
  }

  @Test
  void whenADurationCannotBeParsedThenTheReportShowsTheDurationFormats() {
    FailureAnalysis analysis = analyze("managed-executors.pools.io.keep-alive=ten seconds");
    assertThat(analysis.getDescription())
        .contains("Property: managed-executors.pools.io.keep-alive")
        .contains("Value:    \"ten seconds\"")
        .contains("cannot be converted to a duration");
    assertThat(analysis.getAction()).contains("500ms, 30s or 5m").contains("PT30S");
  }

  @Test
  void whenADurationIsNegativeThenTheReportQuotesItAsWritten() {
    FailureAnalysis analysis = analyze("managed-executors.pools.io.keep-alive=-5s");
    assertThat(analysis.getDescription())
        .contains("Property: managed-executors.pools.io.keep-alive")
        .contains("Value:    \"-5s\"")
        .contains("keepAlive must be zero or positive");
  }

  @Test
  void whenTheAwaitTerminationIsNegativeThenTheReportNamesIt() {
    FailureAnalysis analysis = analyze("managed-executors.pools.io.shutdown.await-termination=-1s");
    assertThat(analysis.getDescription())
        .contains("Property: managed-executors.pools.io.shutdown.await-termination")
        .contains("Value:    \"-1s\"");
  }

  @Test
  void whenTheThreadNamePrefixIsBlankThenTheReportNamesIt() {
    FailureAnalysis analysis = analyze("managed-executors.pools.io.thread-name-prefix= ");
    assertThat(analysis.getDescription())
        .contains("Property: managed-executors.pools.io.thread-name-prefix")
        .contains("threadNamePrefix must not be blank");
  }

  @Test
  void whenAKeyIsUnknownThenTheReportNamesItAndListsTheKnownKeys() {
    FailureAnalysis analysis = analyze("managed-executors.pools.io.max-sise=4");
    assertThat(analysis.getDescription())
        .contains("Property: managed-executors.pools.io.max-sise")
        .contains("Value:    \"4\"")
        .contains("no such property");
    assertThat(analysis.getAction()).contains("core-size, max-size, queue-capacity");
  }

  @Test
  void whenAnUnknownKeyIsOutsideThePoolsThenItIsReportedToo() {
    FailureAnalysis analysis = analyze("managed-executors.pool.io.max-size=4");
    assertThat(analysis.getDescription())
        .contains("Property: managed-executors.pool.io.max-size")
        .contains("no such property");
  }

  @Test
  void whenTwoPoolsAreMarkedPrimaryThenTheReportNamesTheSecond() {
    FailureAnalysis analysis =
        analyze("managed-executors.pools.a.primary=true", "managed-executors.pools.b.primary=true");
    assertThat(analysis.getDescription())
        .contains("Property: managed-executors.pools.b.primary")
        .contains("pools 'a' and 'b' are both marked primary");
    assertThat(analysis.getAction()).startsWith("Set primary to true on one pool only.");
  }

  @Test
  void anInvalidSettingThatIsNotAPoolsIsReportedTheSameWay() {
    InvalidExecutorsPropertyException invalid =
        new InvalidExecutorsPropertyException(
            "managed-executors.endpoint.resize.worker-limit",
            "0",
            "must be 1 or more",
            "Use 1 to 32767.",
            null,
            null);
    assertThat(invalid).isNotInstanceOf(InvalidPoolPropertyException.class);
    FailureAnalysis analysis =
        new InvalidPoolPropertyFailureAnalyzer()
            .analyze(new IllegalStateException("creating a bean", invalid));
    assertThat(analysis).isNotNull();
    assertThat(analysis.getDescription())
        .contains("Property: managed-executors.endpoint.resize.worker-limit")
        .contains("Value:    \"0\"")
        .contains("must be 1 or more");
    assertThat(analysis.getAction()).isEqualTo("Use 1 to 32767.");
  }

  @Test
  void whenAnApplicationStartsWithAnInvalidSettingThenSpringBootPrintsOurReport(
      CapturedOutput output) {
    SpringApplicationBuilder application =
        new SpringApplicationBuilder(InvalidApplication.class)
            .web(WebApplicationType.NONE)
            .properties(
                "managed-executors.pools.io.core-size=8", "managed-executors.pools.io.max-size=2");
    assertThatException().isThrownBy(application::run);
    assertThat(output)
        .contains("APPLICATION FAILED TO START")
        .contains("Invalid managed-executors configuration")
        .contains("Property: managed-executors.pools.io.max-size")
        .contains("Raise managed-executors.pools.io.max-size to at least 8");
  }

  private FailureAnalysis analyze(String... properties) {
    FailureAnalysis[] analysis = new FailureAnalysis[1];
    runner
        .withPropertyValues(properties)
        .run(
            context -> {
              assertThat(context).hasFailed();
              analysis[0] =
                  new InvalidPoolPropertyFailureAnalyzer().analyze(context.getStartupFailure());
            });
    assertThat(analysis[0]).as("analysis").isNotNull();
    return analysis[0];
  }

  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration(ManagedExecutorsAutoConfiguration.class)
  static class InvalidApplication {}
}
