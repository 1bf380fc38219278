package dev.managedexecutors.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.managedexecutors.ManagedExecutor;
import dev.managedexecutors.ManagedThreadPool;
import dev.managedexecutors.RejectionPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.ClassPathResource;

/** The complete {@code application.yml} of the README starts and means what it says. */
class ReadmeExampleTests {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  ManagedExecutorsAutoConfiguration.class, LifecycleAutoConfiguration.class))
          .withInitializer(
              context -> {
                try {
                  new YamlPropertySourceLoader()
                      .load("readme-example", new ClassPathResource("readme-example.yml"))
                      .forEach(context.getEnvironment().getPropertySources()::addFirst);
                } catch (java.io.IOException e) {
                  throw new IllegalStateException(e);
                }
              });

  @Test
  void theReadmeExampleStartsWithThePoolsItDescribes() {
    runner.run(
        context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBean(ManagedExecutor.class).name()).isEqualTo("default");
          ManagedThreadPool io = context.getBean("io", ManagedThreadPool.class);
          assertThat(io.coreWorkers()).isEqualTo(4);
          assertThat(io.maxWorkers()).isEqualTo(64);
          assertThat(io.queueCapacity()).isEqualTo(500);
          assertThat(io.keepAlive()).isEqualTo(Duration.ofSeconds(30));
          assertThat(io.rejection()).isEqualTo(RejectionPolicy.BLOCK);
          // prestart: the core workers start with the context, each counted once it runs.
          await().atMost(Duration.ofSeconds(30)).until(() -> io.poolSize() == 4);
          ManagedThreadPool cpu = context.getBean("cpu", ManagedThreadPool.class);
          assertThat(cpu.queueCapacity()).isZero();
          assertThat(cpu.rejection()).isEqualTo(RejectionPolicy.CALLER_RUNS);
        });
  }

  @Test
  void theExampleIsTheOneInTheReadmeSection() throws Exception {
    Path readme = Path.of("..", "README.md");
    String example =
        new String(
                new ClassPathResource("readme-example.yml").getInputStream().readAllBytes(),
                StandardCharsets.UTF_8)
            .lines()
            .filter(line -> !line.startsWith("# The complete application.yml"))
            .reduce("", (a, b) -> a + b + "\n");
    assertThat(Files.readString(readme)).contains("```yaml\n" + example + "```");
  }
}
