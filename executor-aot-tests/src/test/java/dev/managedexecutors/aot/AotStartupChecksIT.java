package dev.managedexecutors.aot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What start-up of the AOT-processed application checks in the configuration of the run, which may
 * differ from the one it was processed with.
 */
class AotStartupChecksIT {

  @Test
  void invalidSettingOfAProcessedPoolFailsStartUpNamingTheProperty() throws Exception {
    try (AotProcess app =
        AotProcess.start(
            "invalid-setting",
            "--aot-app.completions-file=target/aot-it/unused.txt",
            "--managed-executors.pools.io.rejection=sometimes")) {
      assertThat(app.process().waitFor(120, TimeUnit.SECONDS)).as("start-up fails").isTrue();
      assertThat(app.process().exitValue()).isNotZero();
      assertThat(app.outputText()).contains("managed-executors.pools.io.rejection");
    }
  }
}
