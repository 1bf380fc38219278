package dev.managedexecutors.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The core quick start of docs/core.md runs to the end and sums the sizes in input order. */
class CoreQuickStartTests {

  @Test
  void theCoreQuickStartMapsEveryUrl() {
    List<String> urls = List.of("a", "bb", "ccc");
    assertThat(new CoreQuickStart().run(urls)).isEqualTo(6);
  }
}
