package dev.managedexecutors.autoconfigure.refresh;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One live reconfiguration of a pool, applied or refused, as logged, published and shown by the
 * {@code executors} endpoint. Immutable.
 *
 * @param at when it was decided
 * @param pool the pool's name ({@code -} for the health rules, which are no pool's; for a refused
 *     set, every pool the set would have changed, comma separated, or {@code -} if none)
 * @param outcome whether the set was applied or refused
 * @param changes the changes applied, or that a refused set asked for, each as {@code key old ->
 *     new}, such as {@code max-size 8 -> 16}
 * @param restartRequired the changes that take effect only after a restart, as {@code changes}
 * @param problems for a refused set, why: each names the property, the value and the reason
 */
public record Reconfiguration(
    Instant at,
    String pool,
    Outcome outcome,
    List<String> changes,
    List<String> restartRequired,
    List<String> problems) {

  /** Whether a set of changes was applied. */
  public enum Outcome {
    /** Every live change of the set was applied. */
    APPLIED,
    /** The set was invalid, or the pool could not take it: nothing was changed. */
    REFUSED
  }

  /**
   * Copies the lists.
   *
   * @param at when it was decided
   * @param pool the pool's name
   * @param outcome whether the set was applied or refused
   * @param changes the changes
   * @param restartRequired the changes that need a restart
   * @param problems why a set was refused
   * @throws NullPointerException if an argument is {@code null}
   */
  public Reconfiguration {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(outcome, "outcome");
    changes = List.copyOf(changes);
    restartRequired = List.copyOf(restartRequired);
    problems = List.copyOf(problems);
  }
}
