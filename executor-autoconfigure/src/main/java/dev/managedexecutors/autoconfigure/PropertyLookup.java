package dev.managedexecutors.autoconfigure;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.Environment;

/**
 * Finds a property as the application wrote it (value and origin), so that a report can quote it
 * rather than its bound form (for example {@code -5s} rather than {@code PT-5S}).
 */
final class PropertyLookup {
  private final Iterable<ConfigurationPropertySource> sources;

  private PropertyLookup(Iterable<ConfigurationPropertySource> sources) {
    this.sources = sources;
  }

  static PropertyLookup of(Environment environment) {
    return new PropertyLookup(ConfigurationPropertySources.get(environment));
  }

  static PropertyLookup none() {
    return new PropertyLookup(List.of());
  }

  @Nullable ConfigurationProperty find(String name) {
    ConfigurationPropertyName key = ConfigurationPropertyName.adapt(name, '.');
    for (ConfigurationPropertySource source : sources) {
      ConfigurationProperty property = source.getConfigurationProperty(key);
      if (property != null) {
        return property;
      }
    }
    return null;
  }
}
