package dev.managedexecutors.autoconfigure;

import dev.managedexecutors.InvalidSettingException;
import dev.managedexecutors.SaturationRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The health rules in force, {@code managed-executors.health.saturation.*}: when a pool counts as
 * saturated (the core's {@link SaturationRule}) and the health status it then reports. The {@code
 * executors} health contributor and the pool watcher read them at every check, so the live
 * reconfiguration ({@code autoconfigure.refresh}) changes them for both by {@link
 * #replace(Saturation)}, without rebuilding either. Names no Actuator type: the status is kept as
 * its code.
 *
 * <p>Thread-safety: safe for use by many threads; never blocks. The rule and the status are
 * replaced together, as one immutable {@link Saturation}.
 *
 * <p>Memory consistency effects: actions in a thread prior to {@link #replace(Saturation)}
 * <i>happen-before</i> actions subsequent to a {@link #saturation()} in another thread that returns
 * the new value.
 */
public final class HealthRules {
  /*
   * Implementation notes: one volatile field, saturation, written only by replace (in practice by
   * the reconfigurer, whose refreshes are serialized) and read without locking by every check.
   */
  private static final String SATURATION = ManagedExecutorsProperties.PREFIX + ".health.saturation";

  /** The property of each setting of the core's rule, for the failure report. */
  private static final Map<String, String> PROPERTIES =
      Map.of(
          InvalidSettingException.QUEUE_THRESHOLD, SATURATION + ".queue-threshold",
          InvalidSettingException.DURATION, SATURATION + ".duration");

  private static final Map<String, String> ACTIONS =
      Map.of(
          InvalidSettingException.QUEUE_THRESHOLD,
          "Use a fill ratio above 0 and at most 1, such as 0.9.",
          InvalidSettingException.DURATION,
          "Use a duration of 0 or more, such as 30s.");

  private volatile Saturation saturation;

  /**
   * The saturation rule and the status of a saturated pool. Immutable.
   *
   * @param rule when a pool counts as saturated, and for how long before it is reported
   * @param status the health status code of a saturated pool, upper case with underscores, such as
   *     {@code UP}, {@code DOWN} or {@code OUT_OF_SERVICE}
   */
  public record Saturation(SaturationRule rule, String status) {
    /**
     * Checks the components.
     *
     * @param rule the rule
     * @param status the status code
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if {@code status} is blank
     */
    public Saturation {
      Objects.requireNonNull(rule, "rule");
      Objects.requireNonNull(status, "status");
      if (status.isBlank()) {
        throw new IllegalArgumentException("status must not be blank");
      }
    }
  }

  /**
   * Creates the rules.
   *
   * @param saturation the rules at first
   */
  public HealthRules(Saturation saturation) {
    this.saturation = saturation;
  }

  /**
   * Creates the rules from the start-up settings.
   *
   * @param properties the health settings
   * @return the rules
   * @throws InvalidExecutorsPropertyException if a setting is invalid, naming the first invalid
   *     property and carrying the others ({@link InvalidExecutorsPropertyException#getAll()})
   */
  public static HealthRules of(HealthProperties properties) {
    List<InvalidExecutorsPropertyException> problems = new ArrayList<>();
    Saturation saturation = saturation(properties.getSaturation(), problems);
    if (saturation == null) {
      throw InvalidExecutorsPropertyException.combine(problems);
    }
    return new HealthRules(saturation);
  }

  /**
   * Checks saturation settings and turns them into rules, in the words of the start-up failure
   * report.
   *
   * @param settings the settings, as bound
   * @param problems where each invalid property is added, with its value, the reason and the fix
   * @return the rules, or {@code null} if a setting is invalid
   */
  public static @Nullable Saturation saturation(
      HealthProperties.Saturation settings, List<InvalidExecutorsPropertyException> problems) {
    int before = problems.size();
    SaturationRule rule = null;
    try {
      rule = new SaturationRule(settings.getQueueThreshold(), settings.getDuration());
    } catch (InvalidSettingException e) {
      problems.add(
          new InvalidExecutorsPropertyException(
              PROPERTIES.getOrDefault(e.setting(), SATURATION),
              e.value(),
              String.valueOf(e.getMessage()),
              ACTIONS.getOrDefault(e.setting(), "Correct the value."),
              null,
              e));
    }
    String status = statusCode(settings.getStatus());
    if (status.isEmpty()) {
      problems.add(
          new InvalidExecutorsPropertyException(
              SATURATION + ".status",
              settings.getStatus(),
              "must not be blank",
              "Use a health status such as UP (the default), DOWN or OUT_OF_SERVICE.",
              null,
              null));
    }
    return rule == null || problems.size() > before ? null : new Saturation(rule, status);
  }

  /**
   * Returns a status as a health status code: trimmed, upper case, {@code -} as {@code _}.
   *
   * @param status the status as written
   * @return the code, empty if {@code status} is blank
   */
  public static String statusCode(String status) {
    return status.trim().toUpperCase(Locale.ROOT).replace('-', '_');
  }

  /**
   * Returns the rules in force.
   *
   * @return the saturation rule and the status of a saturated pool
   */
  public Saturation saturation() {
    return saturation;
  }

  /**
   * Replaces the rules; every check that starts afterwards uses the new ones.
   *
   * @param next the new rules
   * @throws NullPointerException if {@code next} is {@code null}
   */
  public void replace(Saturation next) {
    saturation = Objects.requireNonNull(next, "next");
  }
}
