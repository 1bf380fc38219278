package dev.managedexecutors.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationPropertiesBindHandlerAdvisor;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;

/**
 * Lets the {@link ManagedExecutorsProperties} bean bind a pool declared with no settings ({@code
 * io: {}} or {@code io:} in YAML, read as the empty value of {@code managed-executors.pools.io}),
 * through {@link ManagedExecutorsProperties.Pool#valueOf(String)}, as the pools' own binding does.
 * Spring Boot binds the members of a {@code @ConfigurationProperties} class from their nested
 * properties only, so it would report the empty value as left unbound.
 *
 * <p>Thread-safety: stateless, safe for use by many threads.
 */
final class EmptyPoolBindHandlerAdvisor implements ConfigurationPropertiesBindHandlerAdvisor {

  @Override
  public BindHandler apply(BindHandler bindHandler) {
    return new AbstractBindHandler(bindHandler) {
      @Override
      public <T> @Nullable Bindable<T> onStart(
          ConfigurationPropertyName name, Bindable<T> target, BindContext context) {
        Bindable<T> started = super.onStart(name, target, context);
        if (started != null
            && ManagedExecutorsProperties.Pool.class.equals(started.getType().resolve())
            && started.getValue() == null) {
          // A fresh Bindable has no restriction; a pool in the map has no existing value to keep.
          return Bindable.<T>of(started.getType()).withAnnotations(started.getAnnotations());
        }
        return started;
      }
    };
  }
}
