package dev.managedexecutors.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.managedexecutors.ManagedThreadPool;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * {@code spring.threads.virtual.enabled=true} puts the default pool on virtual threads, as it puts
 * Spring Boot's own executor. One test per side of Java 21; each is skipped on the other. Tagged
 * {@code virtual}: {@code ./mvnw verify} also runs it on JDK 25 where one is installed (see the
 * root pom's profile {@code virtual-threads-on-jdk25}).
 */
@ExtendWith(OutputCaptureExtension.class)
@Tag("virtual")
class VirtualThreadsTests {
  private static final int VIRTUAL_THREADS_SINCE = 21;

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ManagedExecutorsAutoConfiguration.class))
          .withPropertyValues(
              "spring.threads.virtual.enabled=true", "managed-executors.pools.io.max-size=2");

  @Test
  void onJava21OrLaterTheDefaultPoolRunsItsTasksOnVirtualThreads() {
    assumeTrue(
        Runtime.version().feature() >= VIRTUAL_THREADS_SINCE,
        "virtual threads need Java 21 or later; this is Java "
            + Runtime.version().feature()
            + ". Run with -Djvm=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
    runner.run(
        context -> {
          ManagedThreadPool defaultPool = context.getBean("default", ManagedThreadPool.class);
          ManagedThreadPool io = context.getBean("io", ManagedThreadPool.class);
          assertThat(defaultPool.virtualThreads()).isTrue();
          assertThat(
                  defaultPool
                      .submit(VirtualThreadsTests::onVirtualThread)
                      .result(Duration.ofSeconds(30)))
              .isTrue();
          assertThat(io.virtualThreads())
              .as("only the default pool follows the property")
              .isFalse();
          assertThat(io.submit(VirtualThreadsTests::onVirtualThread).result(Duration.ofSeconds(30)))
              .isFalse();
        });
  }

  @Test
  void beforeJava21TheDefaultPoolUsesPlatformThreadsAndAWarningSaysSo(CapturedOutput output) {
    assumeTrue(
        Runtime.version().feature() < VIRTUAL_THREADS_SINCE,
        "documents the behaviour before Java 21; this is Java " + Runtime.version().feature());
    runner.run(
        context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBean("default", ManagedThreadPool.class).virtualThreads())
              .isFalse();
        });
    assertThat(output)
        .contains(
            "spring.threads.virtual.enabled=true has no effect on Java "
                + Runtime.version().feature()
                + ": pool 'default' of managed-executors runs on platform threads");
  }

  private static boolean onVirtualThread() throws ReflectiveOperationException {
    // Thread.isVirtual() exists from Java 21; the tests compile for Java 17.
    return (boolean) Thread.class.getMethod("isVirtual").invoke(Thread.currentThread());
  }
}
