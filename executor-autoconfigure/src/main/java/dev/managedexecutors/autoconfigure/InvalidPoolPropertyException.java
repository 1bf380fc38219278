package dev.managedexecutors.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.origin.Origin;

/**
 * Thrown at start-up when a property of a pool ({@code managed-executors.pools.<name>.*}, a
 * distributed pool's, or the name of a pool) is invalid: unknown, not convertible, or out of range.
 * It names the property, the value as written, why it is wrong and how to fix it; {@link
 * InvalidPoolPropertyFailureAnalyzer} turns it into Spring Boot's start-up failure report. Settings
 * that are not a pool's are reported as the base type, {@link InvalidExecutorsPropertyException}.
 */
public class InvalidPoolPropertyException extends InvalidExecutorsPropertyException {
  private static final long serialVersionUID = 1L;

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
  public InvalidPoolPropertyException(
      String property,
      @Nullable String value,
      String reason,
      String action,
      @Nullable Origin origin,
      @Nullable Throwable cause) {
    super(property, value, reason, action, origin, cause);
  }
}
