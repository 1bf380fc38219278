package dev.managedexecutors;

/** When {@link Futures#wait} returns: Python's {@code FIRST_COMPLETED} and friends. */
public enum ReturnWhen {
  /** As soon as any future finishes or is cancelled. */
  FIRST_COMPLETED,
  /**
   * As soon as any future finishes by throwing, or when all are done. A cancelled future does not
   * count as an exception.
   */
  FIRST_EXCEPTION,
  /** When every future is done. */
  ALL_COMPLETED
}
