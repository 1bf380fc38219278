package dev.managedexecutors;

import dev.managedexecutors.stats.PoolStats;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Applies a {@link SaturationRule} to successive observations of one pool and says when it has been
 * saturated "for a while": since the first observation that found it saturated, as long as every
 * later one does too; one observation that finds it not saturated (or broken, or shut down) starts
 * the count again.
 *
 * <p>The rule may change while the tracker is in use: a tracker made with a {@link Supplier} reads
 * the rule from it once at the start of each observation and judges that observation by that rule
 * alone, so a new rule applies from the next observation on, without a new tracker. A saturation
 * that the new rule still finds goes on counting from when it started; one it does not find ends.
 *
 * <p>Thread-safety: safe for use by many threads; never blocks. Concurrent observations agree on
 * when the saturation started.
 *
 * <p>Memory consistency effects: the tracker adds no ordering of its own to the rule's source. With
 * a source that publishes safely (a {@code volatile} field, an {@link
 * java.util.concurrent.atomic.AtomicReference}), actions in a thread prior to replacing the rule
 * <i>happen-before</i> every observation that reads the new rule.
 */
public final class SaturationTracker {
  /*
   * Implementation notes: one state field, saturatedSince (the time of the first saturated
   * observation, or NOT_SATURATED), set with compare-and-set so that concurrent observers agree on
   * the start; cleared with a plain volatile set. The rule is read once per observation, into a
   * local, so that the saturation test and the duration test of one observation use the same rule.
   */
  private static final long NOT_SATURATED = Long.MIN_VALUE;

  private final Supplier<SaturationRule> rule;
  private final AtomicLong saturatedSince = new AtomicLong(NOT_SATURATED);

  /**
   * What one observation found.
   *
   * @param saturated whether the pool is saturated now, by the rule
   * @param saturatedFor how long it has been saturated (zero if it is not)
   * @param reported whether it has been saturated for at least the rule's duration
   */
  public record Observation(boolean saturated, Duration saturatedFor, boolean reported) {}

  /**
   * Creates a tracker that always applies one rule.
   *
   * @param rule the rule to apply
   * @throws NullPointerException if {@code rule} is {@code null}
   */
  public SaturationTracker(SaturationRule rule) {
    Objects.requireNonNull(rule, "rule");
    this.rule = () -> rule;
  }

  /**
   * Creates a tracker that applies the rule its source returns at each observation, for a rule that
   * changes at run time.
   *
   * @param rule returns the rule in force; called once per observation, must not block and must not
   *     return {@code null}
   * @throws NullPointerException if {@code rule} is {@code null}
   */
  public SaturationTracker(Supplier<SaturationRule> rule) {
    this.rule = Objects.requireNonNull(rule, "rule");
  }

  /**
   * Returns the rule this tracker applies now.
   *
   * @return the rule
   */
  public SaturationRule rule() {
    return Objects.requireNonNull(rule.get(), "the rule's source returned null");
  }

  /**
   * Records one observation of the pool, judged by the rule in force now.
   *
   * @param stats the pool's statistics now
   * @param nanoTime the time now, as {@link System#nanoTime()}
   * @return what the observation found
   */
  public Observation observe(PoolStats stats, long nanoTime) {
    SaturationRule rule = rule();
    if (stats.broken() || stats.shutdown() || !rule.saturated(stats)) {
      saturatedSince.set(NOT_SATURATED);
      return new Observation(false, Duration.ZERO, false);
    }
    saturatedSince.compareAndSet(NOT_SATURATED, nanoTime);
    Duration saturatedFor = Duration.ofNanos(Math.max(0, nanoTime - saturatedSince.get()));
    return new Observation(true, saturatedFor, saturatedFor.compareTo(rule.duration()) >= 0);
  }
}
