package dev.managedexecutors.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The "Without Spring" snippet of docs/metrics.md meters its pool and removes the meters. */
class PlainJavaMetricsTests {

  @Test
  void thePlainJavaSnippetRunsItsTaskAndLeavesNoMetersBehind() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    assertThat(new PlainJavaMetrics().run(registry)).isEqualTo("metered");
    assertThat(registry.find("executor.queued").tag("name", "io").gauges()).isEmpty();
  }
}
