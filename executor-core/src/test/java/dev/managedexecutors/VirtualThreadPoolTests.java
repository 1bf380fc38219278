package dev.managedexecutors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The executor contract on virtual-thread workers; needs JDK 21 or later to run. */
@Tag("virtual")
class VirtualThreadPoolTests extends ManagedExecutorContractTests {

  @BeforeEach
  void needsVirtualThreads() {
    assumeTrue(
        Runtime.version().feature() >= 21,
        "virtual threads need JDK 21+; this run is on JDK " + Runtime.version().feature());
  }

  @Override
  ManagedExecutor create(String name, int maxWorkers) {
    return ManagedThreadPool.builder(name).maxWorkers(maxWorkers).virtualThreads(true).build();
  }

  @Test
  void tasksRunOnNamedVirtualThreadsWithTheConcurrencyLimitOfMaxWorkers() throws Exception {
    ManagedThreadPool p = (ManagedThreadPool) executor(2);
    ManagedFuture<String> f =
        p.submit(
            () -> {
              Thread t = Thread.currentThread();
              return t.getName() + " virtual=" + t.getClass().getName().contains("Virtual");
            });
    assertThat(f.result(Duration.ofSeconds(10))).isEqualTo("contract-1 virtual=true");
    try (Blocker blocker = new Blocker()) {
      for (int i = 0; i < 5; i++) {
        p.submit(blocker.task(i));
      }
      org.awaitility.Awaitility.await().until(() -> blocker.started.get() == 2);
      assertThat(p.queueDepth()).isEqualTo(3);
      assertThat(p.stats().largestPoolSize()).isLessThanOrEqualTo(2);
    }
  }
}
