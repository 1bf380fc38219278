package dev.managedexecutors.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The shipped Prometheus rules ({@code observability/prometheus/} at the top of the repository)
 * pass {@code promtool check rules}, and their unit tests pass {@code promtool test rules}. Skipped
 * where promtool (Debian package {@code prometheus}) is missing, except on CI.
 */
class PromtoolRulesTests {

  private final Path promtool = DebianBinaries.require("promtool", "prometheus");

  @Test
  void shippedRulesPassPromtoolCheckRules() throws Exception {
    Path rules = ObservabilityFiles.rulesFile();
    String output = run(promtool.toString(), "check", "rules", rules.toString());
    assertThat(output).contains("SUCCESS");
  }

  @Test
  void shippedRulesPassTheirPromtoolUnitTests() throws Exception {
    Path tests = ObservabilityFiles.rulesDir().resolve("managed-executors.rules.test.yml");
    String output = run(promtool.toString(), "test", "rules", tests.toString());
    assertThat(output).contains("SUCCESS");
  }

  @Test
  void unitTestsCoverEveryAlertOfTheShippedRules() throws Exception {
    String tests =
        Files.readString(ObservabilityFiles.rulesDir().resolve("managed-executors.rules.test.yml"));
    List<String> alerts = ObservabilityFiles.alertNames();
    assertThat(alerts).hasSizeGreaterThanOrEqualTo(5);
    for (String alert : alerts) {
      // Each alert is checked both firing (exp_alerts listed) and not firing (exp_alerts: []).
      assertThat(tests)
          .as(alert)
          .containsPattern("alertname: " + alert + "\\n\\s+exp_alerts:\\n")
          .containsPattern("alertname: " + alert + "\\n\\s+exp_alerts: \\[\\]");
    }
  }

  /** Runs the command from the rules' folder; fails with its output unless it exits with 0. */
  private static String run(String... command) throws IOException, InterruptedException {
    Path log = Files.createTempFile("promtool", ".log");
    try {
      Process p =
          new ProcessBuilder(command)
              .directory(ObservabilityFiles.rulesDir().toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError(String.join(" ", command) + " did not end within 60 s");
      }
      String output = Files.readString(log);
      assertThat(p.exitValue())
          .as("%s exited with %d:%n%s", String.join(" ", command), p.exitValue(), output)
          .isZero();
      return output;
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
