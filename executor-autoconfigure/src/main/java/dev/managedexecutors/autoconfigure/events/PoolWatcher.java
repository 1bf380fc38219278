package dev.managedexecutors.autoconfigure.events;

import dev.managedexecutors.ManagedThreadPool;
import dev.managedexecutors.SaturationRule;
import dev.managedexecutors.stats.PoolStats;
import dev.managedexecutors.stats.TaskTotals;
import dev.managedexecutors.stats.TimeoutKind;
import java.time.Duration;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Looks at every pool on each {@link #check(long)} and publishes {@link PoolSaturatedEvent}, {@link
 * PoolRejectionsEvent} and {@link PoolTimeoutsEvent}. A pool first seen at a check is only
 * remembered: its earlier rejections and timeouts are not a burst.
 *
 * <p>The saturation rule may change at run time (the live reconfiguration of {@code
 * managed-executors.health.saturation.*}): a watcher made with a {@link Supplier} of the rule reads
 * it once at the start of each check, so a new threshold or duration applies from the next check
 * on. A pool saturated before the change and still saturated by the new rule keeps counting from
 * when it started, so a shorter duration can publish at once.
 *
 * <p>Thread-safety: {@link #check(long)} is synchronized; it reads the pools' statistics without
 * blocking them, and publishes in the calling thread. Memory consistency effects: those of the
 * rule's supplier; with one backed by a {@code volatile} field, actions prior to replacing the rule
 * <i>happen-before</i> a check that reads the new one.
 */
public final class PoolWatcher {
  /*
   * Implementation notes. One Seen per pool (by identity), guarded by this: the rejected count at
   * the previous check, the timeouts per kind then, the time of that check, since when the pool is saturated (or -1), and
   * whether that episode was published. Pools no longer present are forgotten.
   */
  private final Supplier<Map<String, ManagedThreadPool>> pools;
  private final Supplier<SaturationRule> rule;
  private final ApplicationEventPublisher publisher;
  private IdentityHashMap<ManagedThreadPool, Seen> seen = new IdentityHashMap<>();

  private static final class Seen {
    long rejected;
    final EnumMap<TimeoutKind, Long> timeouts = new EnumMap<>(TimeoutKind.class);
    long at;
    long saturatedSince = -1L;
    boolean published;
  }

  /**
   * Creates the watcher.
   *
   * @param pools returns the pools to watch, by name; called on every check
   * @param rule when a pool counts as saturated, and for how long before it is reported
   * @param publisher where the events go
   */
  public PoolWatcher(
      Supplier<Map<String, ManagedThreadPool>> pools,
      SaturationRule rule,
      ApplicationEventPublisher publisher) {
    this(pools, () -> rule, publisher);
  }

  /**
   * Creates a watcher whose rule changes at run time.
   *
   * @param pools returns the pools to watch, by name; called on every check
   * @param rule returns the rule in force; called once per check, must not block
   * @param publisher where the events go
   */
  public PoolWatcher(
      Supplier<Map<String, ManagedThreadPool>> pools,
      Supplier<SaturationRule> rule,
      ApplicationEventPublisher publisher) {
    this.pools = pools;
    this.rule = rule;
    this.publisher = publisher;
  }

  /**
   * Looks at every pool once.
   *
   * @param nowNanos the time now, as {@link System#nanoTime()}
   */
  public synchronized void check(long nowNanos) {
    SaturationRule rule = this.rule.get(); // one rule for the whole check
    IdentityHashMap<ManagedThreadPool, Seen> next = new IdentityHashMap<>();
    for (ManagedThreadPool pool : pools.get().values()) {
      PoolStats stats = pool.stats();
      Seen s = seen.get(pool);
      if (s == null) {
        s = new Seen();
        s.rejected = stats.rejected();
        for (TimeoutKind kind : TimeoutKind.values()) {
          s.timeouts.put(kind, pool.taskTotals().timeouts(kind));
        }
        s.at = nowNanos;
      } else {
        long rejected = stats.rejected() - s.rejected;
        if (rejected > 0) {
          publisher.publishEvent(
              new PoolRejectionsEvent(pool, rejected, Duration.ofNanos(nowNanos - s.at), stats));
        }
        s.rejected = stats.rejected();
        publishTimeouts(pool, s, Duration.ofNanos(nowNanos - s.at), stats);
        s.at = nowNanos;
      }
      if (!stats.shutdown() && rule.saturated(stats)) {
        if (s.saturatedSince < 0) {
          s.saturatedSince = nowNanos;
        }
        Duration saturatedFor = Duration.ofNanos(nowNanos - s.saturatedSince);
        if (!s.published && saturatedFor.compareTo(rule.duration()) >= 0) {
          s.published = true;
          publisher.publishEvent(new PoolSaturatedEvent(pool, stats, saturatedFor));
        }
      } else {
        s.saturatedSince = -1L;
        s.published = false;
      }
      next.put(pool, s);
    }
    seen = next;
  }

  private void publishTimeouts(ManagedThreadPool pool, Seen s, Duration within, PoolStats stats) {
    TaskTotals totals = pool.taskTotals();
    for (TimeoutKind kind : TimeoutKind.values()) {
      long now = totals.timeouts(kind);
      Long before = s.timeouts.put(kind, now);
      long timedOut = before == null ? 0 : now - before;
      if (timedOut > 0) {
        publisher.publishEvent(new PoolTimeoutsEvent(pool, kind, timedOut, within, stats));
      }
    }
  }
}
