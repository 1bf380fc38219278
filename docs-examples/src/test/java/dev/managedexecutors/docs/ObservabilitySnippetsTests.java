package dev.managedexecutors.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Prometheus and Alertmanager configurations quoted by docs/alerting.md are accepted by the
 * real tools: {@code promtool check config} (with the shipped rules where the snippet names them)
 * and {@code amtool check-config}. Debian's {@code prometheus} and {@code prometheus-alertmanager}
 * packages provide them; {@code .ci/run} installs both, so in CI these tests run.
 */
class ObservabilitySnippetsTests {
  private static final Path DOCS = Path.of("src/test/resources/docs/observability");

  @Test
  void thePrometheusSnippetWithTheShippedRulesPassesPromtoolCheckConfig(@TempDir Path dir)
      throws Exception {
    Path promtool = tool("promtool", "prometheus");
    Files.copy(DOCS.resolve("prometheus.yml"), dir.resolve("prometheus.yml"));
    Files.createDirectories(dir.resolve("rules"));
    Files.copy(
        Snippets.ROOT.resolve("observability/prometheus/managed-executors.rules.yml"),
        dir.resolve("rules/managed-executors.rules.yml"));

    String output = run(promtool, "check", "config", dir.resolve("prometheus.yml").toString());

    assertThat(output).contains("SUCCESS: 1 rule files found").contains("is valid");
  }

  @Test
  void theAlertmanagerSnippetPassesAmtoolCheckConfig() throws Exception {
    Path amtool = tool("amtool", "prometheus-alertmanager");

    String output = run(amtool, "check-config", DOCS.resolve("alertmanager.yml").toString());

    assertThat(output).contains("SUCCESS").contains("2 receivers");
  }

  private static Path tool(String name, String debianPackage) {
    Path tool = Path.of("/usr/bin", name);
    boolean present = Files.isExecutable(tool);
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new AssertionError(tool + " is missing; .ci/run installs " + debianPackage);
    }
    assumeTrue(present, tool + " is missing: apt-get install " + debianPackage);
    return tool;
  }

  /** Runs the tool, fails with its output unless it exits 0, and returns that output. */
  private static String run(Path tool, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(tool.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
    assertThat(process.exitValue()).as("%s said:%n%s", command, output).isZero();
    return output;
  }
}
