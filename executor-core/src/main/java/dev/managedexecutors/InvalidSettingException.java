package dev.managedexecutors;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when a setting of a pool (or of a rule about pools) is out of range. Besides the message,
 * it carries the setting's name, as the builder method spells it ({@code maxWorkers}, {@code
 * keepAlive}, {@code queueThreshold}), and the refused value, so that a layer above (a
 * configuration binder, a failure report) can map it to its own vocabulary with a table, without
 * reading the message.
 *
 * <p>An {@link IllegalArgumentException}, so code that handles bad arguments handles it too.
 * Immutable.
 */
public final class InvalidSettingException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** The setting {@code name} of a pool. */
  public static final String NAME = "name";

  /** The setting {@code maxWorkers}. */
  public static final String MAX_WORKERS = "maxWorkers";

  /** The setting {@code coreWorkers}. */
  public static final String CORE_WORKERS = "coreWorkers";

  /** The setting {@code queueCapacity}. */
  public static final String QUEUE_CAPACITY = "queueCapacity";

  /** The setting {@code keepAlive}. */
  public static final String KEEP_ALIVE = "keepAlive";

  /** The setting {@code threadNamePrefix}. */
  public static final String THREAD_NAME_PREFIX = "threadNamePrefix";

  /** The setting {@code blockTimeout}. */
  public static final String BLOCK_TIMEOUT = "blockTimeout";

  /** The setting {@code awaitTermination} of a shutdown. */
  public static final String AWAIT_TERMINATION = "awaitTermination";

  /** The setting {@code queueThreshold} of a {@link SaturationRule}. */
  public static final String QUEUE_THRESHOLD = "queueThreshold";

  /** The setting {@code duration} of a {@link SaturationRule}. */
  public static final String DURATION = "duration";

  private final String setting;
  private final @Nullable String value;

  /**
   * Creates the exception.
   *
   * @param setting the setting's name, one of the constants of this class
   * @param value the refused value, as text ({@code null} if it was {@code null})
   * @param message the full message, naming the setting and the value
   */
  public InvalidSettingException(String setting, @Nullable Object value, String message) {
    super(message);
    this.setting = setting;
    this.value = value == null ? null : String.valueOf(value);
  }

  /**
   * Checks a duration setting that must be zero or positive, as every pool and drain does.
   * Thread-safety: a pure function; never blocks.
   *
   * @param setting the setting's name, one of the constants of this class
   * @param value the duration to check
   * @return {@code value}
   * @throws NullPointerException if {@code value} is {@code null} (the message is the setting)
   * @throws InvalidSettingException if {@code value} is negative, naming the setting and value
   */
  public static Duration requireNotNegative(String setting, Duration value) {
    Objects.requireNonNull(value, setting);
    if (value.isNegative()) {
      throw new InvalidSettingException(
          setting, value, setting + " must be zero or positive, was " + value);
    }
    return value;
  }

  /**
   * Returns the name of the refused setting, one of the constants of this class.
   *
   * @return the setting's name
   */
  public String setting() {
    return setting;
  }

  /**
   * Returns the refused value, as text.
   *
   * @return the value, or {@code null} if it was {@code null}
   */
  public @Nullable String value() {
    return value;
  }
}
