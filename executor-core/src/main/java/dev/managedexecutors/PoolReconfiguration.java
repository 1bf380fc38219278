package dev.managedexecutors;

import static dev.managedexecutors.ControlWord.ONE_LIVE;
import static dev.managedexecutors.ControlWord.RUNNING;
import static dev.managedexecutors.ControlWord.handOffs;
import static dev.managedexecutors.ControlWord.idle;
import static dev.managedexecutors.ControlWord.live;
import static dev.managedexecutors.ControlWord.runState;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A set of changes to the live settings of a running {@link ManagedThreadPool}, applied all at once
 * or not at all. Obtained from {@link ManagedThreadPool#reconfigure()}; each setter names one
 * setting to change, settings not named keep their current value, and {@link #apply()} checks the
 * whole set against the pool's current settings before changing anything:
 *
 * <pre>{@code
 * pool.reconfigure().maxWorkers(16).queueCapacity(500).keepAlive(Duration.ofSeconds(30)).apply();
 * }</pre>
 *
 * <p>What changes and when:
 *
 * <ul>
 *   <li>{@code coreWorkers}, {@code maxWorkers}, {@code queueCapacity}: as {@link
 *       ManagedThreadPool#resize}. Nothing accepted is lost: a queue shrunk below its depth keeps
 *       every task it holds and refuses new ones (by the rejection policy) until it has drained
 *       below the new capacity; surplus workers end once they are idle; a larger maximum starts
 *       workers for the tasks already queued at once.
 *   <li>{@code keepAlive}: idle workers beyond the core size are woken and measure their idle time
 *       against the new value (a shorter keep-alive ends long-idle workers at once).
 *   <li>{@code queueTimeout}: checked for every task submitted from now on; {@code runTimeout}: for
 *       every task that starts from now on (a task already running keeps the timeout it started
 *       with, or none).
 *   <li>{@code rejection} and {@code blockTimeout}: used by every submission that finds the pool
 *       saturated from now on. A submitter already waiting under {@link RejectionPolicy#BLOCK}
 *       keeps the deadline it started with if the policy stays {@code BLOCK}; if the policy
 *       changes, it is woken and its task is placed, or handled by the new policy, at once.
 * </ul>
 *
 * <p>Not thread-safe: build and apply a reconfiguration in one thread. {@link #apply()} itself is
 * safe to call while tasks run and arrive, and concurrently with other reconfigurations and resizes
 * of the same pool, which are serialized. It never blocks beyond that serialization and never waits
 * for tasks.
 *
 * <p>Memory consistency effects: a submission that starts after {@link #apply()} returned sees
 * every change of the set. Statistics read while the set is being applied may show some of its
 * changes and not others.
 */
public final class PoolReconfiguration {
  private final PoolEngine engine;
  private @Nullable Integer coreWorkers;
  private @Nullable Integer maxWorkers;
  private @Nullable Integer queueCapacity;
  private @Nullable Duration keepAlive;
  private @Nullable RejectionPolicy rejection;
  private @Nullable Duration blockTimeout;
  private @Nullable Duration queueTimeout;
  private @Nullable Duration runTimeout;
  private boolean queueTimeoutSet;
  private boolean runTimeoutSet;

  PoolReconfiguration(PoolEngine engine) {
    this.engine = engine;
  }

  /**
   * Changes the workers kept even when idle.
   *
   * @param coreWorkers 0 or more, at most the maximum after this set is applied (checked by {@link
   *     #apply()})
   * @return this reconfiguration
   */
  public PoolReconfiguration coreWorkers(int coreWorkers) {
    this.coreWorkers = coreWorkers;
    return this;
  }

  /**
   * Changes the most workers that may run at once.
   *
   * @param maxWorkers 1 to 32767 (checked by {@link #apply()})
   * @return this reconfiguration
   */
  public PoolReconfiguration maxWorkers(int maxWorkers) {
    this.maxWorkers = maxWorkers;
    return this;
  }

  /**
   * Changes the queue capacity.
   *
   * @param queueCapacity 0 (direct hand-off) or more, {@link ManagedThreadPool#UNBOUNDED} for no
   *     limit (checked by {@link #apply()})
   * @return this reconfiguration
   */
  public PoolReconfiguration queueCapacity(int queueCapacity) {
    this.queueCapacity = queueCapacity;
    return this;
  }

  /**
   * Changes how long a worker beyond the core size may stay idle.
   *
   * @param keepAlive zero or positive (checked by {@link #apply()})
   * @return this reconfiguration
   * @throws NullPointerException if {@code keepAlive} is {@code null}
   */
  public PoolReconfiguration keepAlive(Duration keepAlive) {
    this.keepAlive = Objects.requireNonNull(keepAlive, "keepAlive");
    return this;
  }

  /**
   * Changes what happens to a task that finds the pool saturated.
   *
   * @param rejection the policy
   * @return this reconfiguration
   * @throws NullPointerException if {@code rejection} is {@code null}
   */
  public PoolReconfiguration rejection(RejectionPolicy rejection) {
    this.rejection = Objects.requireNonNull(rejection, "rejection");
    return this;
  }

  /**
   * Changes how long {@link RejectionPolicy#BLOCK} waits for room.
   *
   * @param blockTimeout zero or positive (checked by {@link #apply()})
   * @return this reconfiguration
   * @throws NullPointerException if {@code blockTimeout} is {@code null}
   */
  public PoolReconfiguration blockTimeout(Duration blockTimeout) {
    this.blockTimeout = Objects.requireNonNull(blockTimeout, "blockTimeout");
    return this;
  }

  /**
   * Changes how long a task may wait in the queue (see {@link
   * ManagedThreadPool.Builder#queueTimeout}).
   *
   * @param queueTimeout the longest wait, positive; {@code null} for none
   * @return this reconfiguration
   * @throws IllegalArgumentException if {@code queueTimeout} is zero or negative
   */
  public PoolReconfiguration queueTimeout(@Nullable Duration queueTimeout) {
    this.queueTimeout = PoolSettings.checkPositiveOrNull("queueTimeout", queueTimeout);
    this.queueTimeoutSet = true;
    return this;
  }

  /**
   * Changes how long a task may run in a worker (see {@link ManagedThreadPool.Builder#runTimeout});
   * the first run timeout set starts the pool's {@code <prefix>-timeouts} thread.
   *
   * @param runTimeout the longest run, positive; {@code null} for none
   * @return this reconfiguration
   * @throws IllegalArgumentException if {@code runTimeout} is zero or negative
   */
  public PoolReconfiguration runTimeout(@Nullable Duration runTimeout) {
    this.runTimeout = PoolSettings.checkPositiveOrNull("runTimeout", runTimeout);
    this.runTimeoutSet = true;
    return this;
  }

  private static long nanos(@Nullable Duration timeout) {
    return timeout == null ? 0L : FutureStates.saturatedNanos(timeout);
  }

  /**
   * Checks the whole set against the pool's current settings, then applies it. If any value is
   * invalid, or the pool is shut down, nothing is changed.
   *
   * @throws IllegalArgumentException naming the first invalid setting and its value (for the sizes:
   *     {@code maxWorkers} out of range, or {@code coreWorkers} not between 0 and the maximum the
   *     set leaves); the pool is then unchanged
   * @throws IllegalStateException if the pool is shut down or broken; the message names the pool,
   *     and the pool is unchanged
   */
  public void apply() {
    int max;
    synchronized (engine.workers.lock) {
      int core = coreWorkers != null ? coreWorkers : engine.core;
      max = maxWorkers != null ? maxWorkers : engine.max;
      int capacity = queueCapacity != null ? queueCapacity : engine.capacity;
      PoolSettings.checkSizes(core, max);
      PoolSettings.checkCapacity(capacity);
      if (keepAlive != null) {
        PoolSettings.checkNotNegative("keepAlive", keepAlive);
      }
      if (blockTimeout != null) {
        PoolSettings.checkNotNegative("blockTimeout", blockTimeout);
      }
      checkResizable();
      // Everything checked: from here on, nothing can fail.
      if (rejection != null || blockTimeout != null) {
        engine.saturation.change(rejection, blockTimeout);
      }
      if (keepAlive != null) {
        engine.workers.keepAlive(keepAlive);
      }
      if (queueTimeoutSet) {
        engine.queueTimeoutNanos = nanos(queueTimeout);
      }
      if (runTimeoutSet) {
        engine.runTimeoutNanos = nanos(runTimeout);
        engine.timeoutsChanged();
      }
      engine.core = core;
      engine.max = max;
      engine.capacity = capacity;
    }
    afterResize(max);
  }

  /** Refuses to change a pool that is shut down; called under {@code Workers.lock}. */
  private void checkResizable() {
    if (engine.isShutdown()) {
      throw new IllegalStateException(
          "cannot resize pool '"
              + engine.name
              + "': it is shut down"
              + (engine.isBroken() ? " (broken: a worker's initializer failed)" : ""));
    }
  }

  /** After new settings: wake the workers to look at them, start workers for the backlog. */
  private void afterResize(int maxWorkers) {
    engine.parked.wakeAll(); // surplus workers end; the others park again with the new settings
    // The Python rule at the new maximum: a worker for each queued task, up to max.
    for (int backlog = engine.queue.depth(); backlog > 0; ) {
      long c = engine.ctl();
      if (runState(c) != RUNNING || live(c) >= maxWorkers) {
        break;
      }
      if (idle(c) > handOffs(c)) {
        break;
      }
      if (engine.casCtl(c, c + ONE_LIVE)) {
        engine.workers.startWorker(null, live(c) + 1);
        backlog--;
      }
    }
    engine.saturation.signalRoom(); // BLOCKed submitters look again, at the new sizes and policy
  }
}
