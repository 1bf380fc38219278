package dev.managedexecutors.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginProvider;

/**
 * Thrown at start-up when a {@code managed-executors.*} property is invalid: unknown, not
 * convertible, or out of range. It names the property, the value as written, why it is wrong and
 * how to fix it; {@link InvalidPoolPropertyFailureAnalyzer} turns it (and its subtype {@link
 * InvalidPoolPropertyException}, for the keys of a pool) into Spring Boot's start-up failure
 * report.
 *
 * <p>Thrown as such for the settings that are not a pool's, e.g. {@code
 * managed-executors.health.saturation.*} or {@code managed-executors.endpoint.resize.worker-limit}.
 */
public class InvalidExecutorsPropertyException extends RuntimeException implements OriginProvider {
  private static final long serialVersionUID = 1L;

  private final String property;
  private final @Nullable String value;
  private final String reason;
  private final String action;
  private final transient @Nullable Origin origin;
  private final List<InvalidExecutorsPropertyException> others = new ArrayList<>();

  /**
   * Creates the exception.
   *
   * @param property the full name of the property, e.g. {@code managed-executors.pools.io.max-size}
   * @param value the value as written, or {@code null} if unknown
   * @param reason why the value is wrong
   * @param action how to fix it
   * @param origin where the value was written, or {@code null} if unknown
   * @param cause the underlying failure, or {@code null}
   */
  public InvalidExecutorsPropertyException(
      String property,
      @Nullable String value,
      String reason,
      String action,
      @Nullable Origin origin,
      @Nullable Throwable cause) {
    super("Invalid " + property + (value == null ? "" : " '" + value + "'") + ": " + reason, cause);
    this.property = property;
    this.value = value;
    this.reason = reason;
    this.action = action;
    this.origin = origin;
  }

  /**
   * Returns the first of {@code problems}, carrying the others, so that one start-up failure
   * reports every invalid property.
   *
   * @param <E> the type of the problems
   * @param problems the problems found, at least one
   * @return the first problem, whose {@link #getAll()} lists them all
   * @throws IllegalArgumentException if {@code problems} is empty
   */
  static <E extends InvalidExecutorsPropertyException> E combine(List<E> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("problems must not be empty");
    }
    E first = problems.get(0);
    ((InvalidExecutorsPropertyException) first).others.addAll(problems.subList(1, problems.size()));
    return first;
  }

  /**
   * Returns every invalid property found at start-up: this one, then the others.
   *
   * @return one or more exceptions, each naming one property
   */
  public List<InvalidExecutorsPropertyException> getAll() {
    List<InvalidExecutorsPropertyException> all = new ArrayList<>();
    all.add(this);
    all.addAll(others);
    return all;
  }

  @Override
  public String getMessage() {
    String message = String.valueOf(super.getMessage());
    if (others.isEmpty()) {
      return message;
    }
    StringBuilder more = new StringBuilder(message).append(" (and ").append(others.size());
    more.append(others.size() == 1 ? " more invalid property: " : " more invalid properties: ");
    for (int i = 0; i < others.size(); i++) {
      more.append(i == 0 ? "" : ", ").append(others.get(i).getProperty());
    }
    return more.append(')').toString();
  }

  /**
   * Returns the full name of the invalid property.
   *
   * @return the property name
   */
  public String getProperty() {
    return property;
  }

  /**
   * Returns the value as written.
   *
   * @return the value, or {@code null} if unknown
   */
  public @Nullable String getValue() {
    return value;
  }

  /**
   * Returns why the value is wrong.
   *
   * @return the reason
   */
  public String getReason() {
    return reason;
  }

  /**
   * Returns how to fix the configuration.
   *
   * @return the action
   */
  public String getAction() {
    return action;
  }

  /**
   * Returns where the value was written (file and line, or property source).
   *
   * @return the origin, or {@code null} if unknown
   */
  @Override
  public @Nullable Origin getOrigin() {
    return origin;
  }
}
