package dev.managedexecutors.autoconfigure;

import dev.managedexecutors.RejectionPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.handler.IgnoreTopLevelConverterNotFoundBindHandler;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.Environment;

/**
 * Binds {@code managed-executors.*} once for the registrar and turns every key that is unknown,
 * empty or cannot be converted into an {@link InvalidPoolPropertyException} naming the property,
 * the value as written, where it was written and the fix, so that one failure report lists them
 * all.
 */
final class PoolPropertiesBinding {
  private static final ConfigurationPropertyName POOLS =
      ConfigurationPropertyName.of(ManagedExecutorsProperties.PREFIX + ".pools");

  private static final ConfigurationPropertyName DISTRIBUTED =
      ConfigurationPropertyName.of(ManagedExecutorsProperties.PREFIX + ".distributed");

  /** Every key a distributed pool accepts ({@link DistributedPoolProperties}). */
  static final List<String> DISTRIBUTED_KEYS =
      List.of(
          "executor-name",
          "durable",
          "pool-size",
          "capacity",
          "shutdown.await-termination",
          "shutdown.cancel-pending");

  private PoolPropertiesBinding() {}

  /**
   * Binds {@code managed-executors.*}, refusing unknown keys. Every key that is unknown, empty or
   * cannot be converted is added to {@code problems}, with where it was written.
   */
  static ManagedExecutorsProperties bind(
      Environment environment, List<InvalidPoolPropertyException> problems) {
    ManagedExecutorsProperties properties = new ManagedExecutorsProperties();
    CollectingBindHandler failures =
        new CollectingBindHandler(new IgnoreTopLevelConverterNotFoundBindHandler());
    try {
      new Binder(
              ConfigurationPropertySources.get(environment),
              new PropertySourcesPlaceholdersResolver(environment))
          .bind(
              ManagedExecutorsProperties.PREFIX,
              Bindable.ofInstance(properties),
              new NoUnboundElementsBindHandler(failures));
    } catch (BindException e) {
      UnboundConfigurationPropertiesException unbound =
          findCause(e, UnboundConfigurationPropertiesException.class);
      if (unbound == null) {
        failures.problems.add(conversionFailure(e.getName(), e.getTarget(), e.getProperty(), e));
      } else {
        for (ConfigurationProperty p : unbound.getUnboundProperties()) {
          if (!failures.failed.contains(p.getName())) {
            failures.problems.add(unboundProperty(p, e));
          }
        }
      }
    }
    problems.addAll(failures.problems);
    return properties;
  }

  /** Records each value that cannot be converted, and goes on binding the others. */
  private static final class CollectingBindHandler extends AbstractBindHandler {
    final List<InvalidPoolPropertyException> problems = new ArrayList<>();
    final Set<ConfigurationPropertyName> failed = new HashSet<>();

    CollectingBindHandler(BindHandler parent) {
      super(parent);
    }

    @Override
    public @Nullable Object onFailure(
        ConfigurationPropertyName name, Bindable<?> target, BindContext context, Exception error)
        throws Exception {
      if (error instanceof UnboundConfigurationPropertiesException) {
        throw error;
      }
      ConfigurationProperty property = context.getConfigurationProperty();
      problems.add(conversionFailure(name, target, property, error));
      failed.add(name);
      return null;
    }
  }

  private static InvalidPoolPropertyException conversionFailure(
      ConfigurationPropertyName name,
      Bindable<?> target,
      @Nullable ConfigurationProperty p,
      Exception e) {
    Class<?> type = target.getType().resolve(Object.class);
    return new InvalidPoolPropertyException(
        p != null ? p.getName().toString() : name.toString(),
        p != null ? String.valueOf(p.getValue()) : null,
        "cannot be converted to " + describe(type),
        fix(type),
        p != null ? p.getOrigin() : null,
        e);
  }

  private static InvalidPoolPropertyException unboundProperty(
      ConfigurationProperty p, Exception e) {
    ConfigurationPropertyName name = p.getName();
    String value = String.valueOf(p.getValue());
    String key = poolKey(name);
    if (key != null && PoolDeclarations.POOL_KEYS.contains(key) && value.isBlank()) {
      // An empty value converts to null, which Boot leaves unbound: it is not an unknown key.
      return new InvalidPoolPropertyException(
          name.toString(),
          value,
          "must not be empty",
          "Give it a value, or remove it for the default.",
          p.getOrigin(),
          e);
    }
    if (DISTRIBUTED.isAncestorOf(name)) {
      return new InvalidPoolPropertyException(
          name.toString(),
          value,
          "no such property",
          "Remove it or correct its name. Distributed pools are declared as "
              + DISTRIBUTED
              + ".<name>.<key>, where <key> is one of: "
              + String.join(", ", DISTRIBUTED_KEYS)
              + ".",
          p.getOrigin(),
          e);
    }
    String action =
        "Remove it or correct its name. Pools are declared as "
            + ManagedExecutorsProperties.PREFIX
            + ".pools.<name>.<key>, where <key> is one of: "
            + String.join(", ", PoolDeclarations.POOL_KEYS)
            + ".";
    String dotted = dottedPoolName(name);
    if (dotted != null) {
      action +=
          " If '"
              + dotted
              + "' is the name of one pool, write it in brackets to keep the dot: \"["
              + dotted
              + "]\": in YAML, or "
              + ManagedExecutorsProperties.PREFIX
              + ".pools["
              + dotted
              + "]."
              + key(name, dotted)
              + " in a .properties file.";
    }
    return new InvalidPoolPropertyException(
        name.toString(), value, "no such property", action, p.getOrigin(), e);
  }

  /** The key of a pool property ({@code max-size}, {@code shutdown.cancel-pending}), or null. */
  private static @Nullable String poolKey(ConfigurationPropertyName name) {
    if (name.getNumberOfElements() < 4 || !POOLS.isAncestorOf(name)) {
      return null;
    }
    return suffix(name, 3);
  }

  /**
   * For {@code pools.my.pool.max-size}: {@code my.pool}, a name with a dot that Boot split into
   * pool {@code my} and key {@code pool.max-size}; null if no known key ends the name.
   */
  private static @Nullable String dottedPoolName(ConfigurationPropertyName name) {
    if (!POOLS.isAncestorOf(name)) {
      return null;
    }
    for (int keyStart = 4; keyStart < name.getNumberOfElements(); keyStart++) {
      if (PoolDeclarations.POOL_KEYS.contains(suffix(name, keyStart))) {
        List<String> parts = new ArrayList<>();
        for (int i = 2; i < keyStart; i++) {
          parts.add(name.getElement(i, ConfigurationPropertyName.Form.ORIGINAL));
        }
        return String.join(".", parts);
      }
    }
    return null;
  }

  private static String key(ConfigurationPropertyName name, String dotted) {
    return suffix(name, 2 + dotted.split("\\.", -1).length);
  }

  private static String suffix(ConfigurationPropertyName name, int from) {
    List<String> parts = new ArrayList<>();
    for (int i = from; i < name.getNumberOfElements(); i++) {
      parts.add(name.getElement(i, ConfigurationPropertyName.Form.ORIGINAL));
    }
    return String.join(".", parts);
  }

  private static String describe(Class<?> type) {
    if (type == Duration.class) {
      return "a duration";
    }
    if (type == RejectionPolicy.class) {
      return "a rejection policy";
    }
    if (type == int.class || type == Integer.class) {
      return "a whole number";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    }
    return type.getSimpleName();
  }

  private static String fix(Class<?> type) {
    if (type == Duration.class) {
      return "Use a duration such as 500ms, 30s or 5m (a number alone means milliseconds), "
          + "or an ISO-8601 duration such as PT30S.";
    }
    if (type == RejectionPolicy.class) {
      return "Use one of: " + ConfiguredPool.REJECTION_VALUES + ".";
    }
    if (type == int.class || type == Integer.class) {
      return "Use a whole number.";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "Use true or false.";
    }
    return "Correct the value.";
  }

  private static <E extends Throwable> @Nullable E findCause(Throwable t, Class<E> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
    }
    return null;
  }
}
