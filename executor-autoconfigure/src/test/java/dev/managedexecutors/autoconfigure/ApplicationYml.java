package dev.managedexecutors.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ByteArrayResource;

/**
 * Loads YAML text into a test context as if it were the application's {@code application.yml}, so
 * failure reports show origins such as {@code application.yml - 7:12}.
 */
final class ApplicationYml {
  private ApplicationYml() {}

  static void load(ConfigurableApplicationContext context, String yaml) {
    ByteArrayResource resource =
        new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8), "application.yml") {
          @Override
          public String getDescription() {
            return "application.yml";
          }
        };
    try {
      new YamlPropertySourceLoader()
          .load("application.yml", resource)
          .forEach(s -> context.getEnvironment().getPropertySources().addFirst(s));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
