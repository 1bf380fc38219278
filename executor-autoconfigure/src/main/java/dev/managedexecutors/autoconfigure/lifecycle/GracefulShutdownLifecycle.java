package dev.managedexecutors.autoconfigure.lifecycle;

import dev.managedexecutors.ManagedThreadPool;
import dev.managedexecutors.stats.PoolStats;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ExecutorConfigurationSupport;

/**
 * Shuts pools down gracefully when the application context closes: each pool stops accepting tasks,
 * lets its queued and running tasks finish for up to its await-termination period, then cancels the
 * tasks that never started and interrupts those still running. Pools drain in parallel, so closing
 * takes about as long as the slowest pool, not the sum. One log line per pool reports how many
 * tasks completed, were cancelled and were interrupted.
 *
 * <p><b>Phase.</b> {@link #PHASE} is below the web server's graceful shutdown ({@code
 * Integer.MAX_VALUE - 1024}) and stop ({@code Integer.MAX_VALUE - 2048}) phases, and below Spring's
 * own executors and schedulers ({@code Integer.MAX_VALUE / 2}), which may still feed the pools: by
 * the time the pools stop accepting work, in-flight requests and scheduled jobs have ended. Each
 * pool's wait is capped so that the whole stop fits in the shutdown phase timeout ({@code
 * spring.lifecycle.timeout-per-shutdown-phase}), less {@link #RESERVE} for cancelling, interrupting
 * and logging.
 *
 * <p><b>Pause.</b> Not pauseable: {@code ConfigurableApplicationContext.pause()} leaves the pools
 * running, because a shut-down pool cannot be started again. For the same reason, {@link #start()}
 * after a stop does nothing.
 *
 * <p>If the context is destroyed without being stopped (for example when start-up fails after the
 * pools were created), {@link #destroy()} performs the same shutdown.
 *
 * <p>Thread-safety: safe for use by many threads; each pool is shut down once.
 */
public final class GracefulShutdownLifecycle implements SmartLifecycle, DisposableBean {
  /*
   * Implementation notes.
   *
   * state: NEW -start()-> RUNNING -stop(cb)-> STOPPING -last drain ends-> STOPPED.
   *        NEW -stop(cb) or destroy()-> STOPPING as well (a context destroyed before it started).
   * The move to STOPPING is a CAS, so the pools are drained once whoever calls first; a later
   * stop(cb) runs its callback at once, as SmartLifecycle requires. Each pool is drained by its own
   * daemon thread, so stop(cb) returns at once and Spring's phase timeout applies to us; the last
   * drain thread to finish (AtomicInteger countdown) sets STOPPED and runs the callback.
   */

  /** The lifecycle phase: {@code Integer.MAX_VALUE / 2 - 1024}. */
  public static final int PHASE = ExecutorConfigurationSupport.DEFAULT_PHASE - 1024;

  /**
   * Part of the shutdown phase timeout kept for cancelling, interrupting and logging after the
   * pools' await-termination: 1 s.
   */
  public static final Duration RESERVE = Duration.ofSeconds(1);

  /** How long to wait, after interrupting, for interrupted tasks to end: 500 ms. */
  static final Duration INTERRUPT_GRACE = Duration.ofMillis(500);

  private static final Log logger = LogFactory.getLog(GracefulShutdownLifecycle.class);

  private enum State {
    NEW,
    RUNNING,
    STOPPING,
    STOPPED
  }

  /**
   * How to shut one pool down.
   *
   * @param pool the pool
   * @param awaitTermination how long to wait for its tasks before cancelling and interrupting
   * @param cancelPending whether to cancel its queued tasks at once instead of letting them run
   */
  public record PoolShutdown(
      ManagedThreadPool pool, Duration awaitTermination, boolean cancelPending) {
    /**
     * Checks the arguments.
     *
     * @param pool the pool
     * @param awaitTermination how long to wait for its tasks before cancelling and interrupting
     * @param cancelPending whether to cancel its queued tasks at once instead of letting them run
     * @throws NullPointerException if {@code pool} or {@code awaitTermination} is {@code null}
     * @throws IllegalArgumentException if {@code awaitTermination} is negative
     */
    public PoolShutdown {
      Objects.requireNonNull(pool, "pool");
      Objects.requireNonNull(awaitTermination, "awaitTermination");
      if (awaitTermination.isNegative()) {
        throw new IllegalArgumentException(
            "awaitTermination must be zero or positive, was " + awaitTermination);
      }
    }
  }

  private final CopyOnWriteArrayList<PoolShutdown> pools;
  private final Duration phaseTimeout;
  private final AtomicReference<State> state = new AtomicReference<>(State.NEW);

  /**
   * Creates the lifecycle.
   *
   * @param pools the pools to shut down, with their settings
   * @param phaseTimeout the shutdown phase timeout that the whole stop must fit in
   * @throws NullPointerException if an argument is {@code null}
   */
  public GracefulShutdownLifecycle(List<PoolShutdown> pools, Duration phaseTimeout) {
    this.pools = new CopyOnWriteArrayList<>(pools);
    this.phaseTimeout = Objects.requireNonNull(phaseTimeout, "phaseTimeout");
  }

  /**
   * Returns how long a pool may wait for its tasks: its await-termination, capped so that the stop
   * fits in the shutdown phase timeout less {@link #RESERVE}.
   *
   * @param awaitTermination the pool's await-termination period
   * @param phaseTimeout the shutdown phase timeout
   * @return the wait, never negative
   */
  public static Duration effectiveAwait(Duration awaitTermination, Duration phaseTimeout) {
    Duration room = phaseTimeout.minus(RESERVE);
    if (room.isNegative()) {
      return Duration.ZERO;
    }
    return awaitTermination.compareTo(room) <= 0 ? awaitTermination : room;
  }

  /**
   * Changes how a pool is shut down, for a stop that has not begun yet (live reconfiguration). Does
   * nothing for a pool this lifecycle does not shut down.
   *
   * @param settings the pool and its new settings
   * @return whether the pool is one of this lifecycle's
   */
  public synchronized boolean reconfigure(PoolShutdown settings) {
    for (int i = 0; i < pools.size(); i++) {
      if (pools.get(i).pool() == settings.pool()) {
        pools.set(i, settings); // synchronized: two reconfigurations cannot undo each other
        return true;
      }
    }
    return false;
  }

  /**
   * Returns how a pool will be shut down.
   *
   * @param pool the pool
   * @return its settings, or {@code null} if this lifecycle does not shut it down
   */
  public @Nullable PoolShutdown settingsOf(ManagedThreadPool pool) {
    for (PoolShutdown p : pools) {
      if (p.pool() == pool) {
        return p;
      }
    }
    return null;
  }

  /** Marks the pools as running. Does nothing after a stop: a shut-down pool cannot restart. */
  @Override
  public void start() {
    state.compareAndSet(State.NEW, State.RUNNING);
  }

  /**
   * Shuts every pool down and waits until all are done. Blocks for at most about the longest
   * effective await plus {@link #INTERRUPT_GRACE}.
   */
  @Override
  public void stop() {
    CountDownLatch done = new CountDownLatch(1);
    stop(done::countDown);
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Starts shutting every pool down, in parallel, and returns at once; {@code callback} runs when
   * all are done. If the pools are already being shut down, {@code callback} runs at once.
   *
   * @param callback run when every pool is shut down
   */
  @Override
  public void stop(Runnable callback) {
    if (!state.compareAndSet(State.RUNNING, State.STOPPING)
        && !state.compareAndSet(State.NEW, State.STOPPING)) {
      callback.run();
      return;
    }
    if (pools.isEmpty()) {
      state.set(State.STOPPED);
      callback.run();
      return;
    }
    AtomicInteger remaining = new AtomicInteger(pools.size());
    for (PoolShutdown p : pools) {
      Thread drainer =
          new Thread(
              () -> {
                try {
                  drain(p);
                } catch (RuntimeException | Error e) {
                  logger.error("Shutting down pool '" + p.pool().name() + "' failed", e);
                } finally {
                  if (remaining.decrementAndGet() == 0) {
                    state.set(State.STOPPED);
                    callback.run();
                  }
                }
              },
              "managed-executors-shutdown-" + p.pool().name());
      drainer.setDaemon(true); // never keep the JVM alive for a stuck shutdown
      drainer.start();
    }
  }

  /**
   * Returns whether the pools are running, that is, started and not yet stopped.
   *
   * @return whether the pools are running
   */
  @Override
  public boolean isRunning() {
    return state.get() == State.RUNNING;
  }

  /**
   * Returns {@link #PHASE}.
   *
   * @return the phase
   */
  @Override
  public int getPhase() {
    return PHASE;
  }

  /**
   * Returns {@code false}: pausing the context leaves the pools running.
   *
   * @return {@code false}
   */
  @Override
  public boolean isPauseable() {
    return false;
  }

  /** Shuts the pools down, as {@link #stop()}, if that has not happened yet. */
  @Override
  public void destroy() {
    State s = state.get();
    if (s == State.NEW || s == State.RUNNING) {
      stop();
    }
  }

  private void drain(PoolShutdown p) {
    ManagedThreadPool pool = p.pool();
    Duration await = effectiveAwait(p.awaitTermination(), phaseTimeout);
    long started = System.nanoTime();
    PoolStats before = pool.stats();
    pool.shutdown(false, p.cancelPending());
    boolean terminated = awaitQuietly(pool, await);
    PoolStats atDeadline = pool.stats();
    int interrupted = 0;
    if (!terminated) {
      // "Interrupted" counts the tasks running when the wait ended: those shutdownNow interrupts.
      interrupted = atDeadline.activeWorkers();
      pool.shutdownNow();
      terminated = awaitQuietly(pool, INTERRUPT_GRACE);
    }
    PoolStats after = pool.stats();
    long completed = ran(atDeadline) - ran(before);
    long cancelled = after.cancelled() - before.cancelled();
    long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    StringBuilder line =
        new StringBuilder("Pool '")
            .append(pool.name())
            .append("' shut down in ")
            .append(elapsedMillis)
            .append(" ms: ")
            .append(completed)
            .append(" completed, ")
            .append(cancelled)
            .append(" cancelled, ")
            .append(interrupted)
            .append(" interrupted");
    if (interrupted > 0) {
      line.append(" (still running after ").append(await.toMillis()).append(" ms");
      if (await.compareTo(p.awaitTermination()) < 0) {
        line.append("; await-termination of ")
            .append(p.awaitTermination().toMillis())
            .append(" ms capped by the shutdown phase timeout of ")
            .append(phaseTimeout.toMillis())
            .append(" ms");
      }
      line.append(')');
    }
    if (!terminated) {
      line.append("; ")
          .append(after.activeWorkers())
          .append(" task(s) ignored the interrupt and are still running");
    }
    if (interrupted > 0 || !terminated) {
      logger.warn(line);
    } else {
      logger.info(line);
    }
  }

  /** Tasks that ran to the end, normally or by throwing. */
  private static long ran(PoolStats s) {
    return s.completed() + s.failed();
  }

  /** Waits for the pool to terminate; an interrupt of our own drain thread ends the wait early. */
  private static boolean awaitQuietly(ManagedThreadPool pool, Duration timeout) {
    try {
      return pool.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return pool.isTerminated();
    }
  }
}
