package dev.managedexecutors.autoconfigure.lifecycle;

import dev.managedexecutors.Drainable;
import dev.managedexecutors.ManagedThreadPool;
import dev.managedexecutors.ShutdownReport;
import dev.managedexecutors.Shutdowns;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
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
   * stop(cb) runs its callback at once, as SmartLifecycle requires. The drain itself is the core's
   * (ManagedThreadPool.shutdown(Duration, boolean), in parallel through Shutdowns.inParallel), so
   * stop(cb) returns at once and Spring's phase timeout applies to us; the last drain to finish
   * sets STOPPED and runs the callback. This class only decides the waits and writes the log.
   * Distributed pools are Drainable too: their lifecycle delegates to an instance of this class
   * whose log lines start with "Distributed pool" (the `kind`).
   */

  /** The lifecycle phase: {@code Integer.MAX_VALUE / 2 - 1024}. */
  public static final int PHASE = ExecutorConfigurationSupport.DEFAULT_PHASE - 1024;

  /**
   * Part of the shutdown phase timeout kept for cancelling, interrupting and logging after the
   * pools' await-termination: 1 s.
   */
  public static final Duration RESERVE = Duration.ofSeconds(1);

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
   * @param pool the pool: a {@link ManagedThreadPool}, or any other {@link Drainable} pool
   * @param awaitTermination how long to wait for its tasks before cancelling and interrupting
   * @param cancelPending whether to cancel its queued tasks at once instead of letting them run
   */
  public record PoolShutdown(Drainable pool, Duration awaitTermination, boolean cancelPending) {
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
      new Shutdowns.Plan(pool, awaitTermination, cancelPending); // checks the arguments
    }
  }

  private final Supplier<List<PoolShutdown>> pools;
  private final Duration phaseTimeout;
  private final String kind;
  private final AtomicReference<State> state = new AtomicReference<>(State.NEW);

  /**
   * Creates the lifecycle for a fixed list of pools.
   *
   * @param pools the pools to shut down, with their settings
   * @param phaseTimeout the shutdown phase timeout that the whole stop must fit in
   * @throws NullPointerException if an argument is {@code null}
   */
  public GracefulShutdownLifecycle(List<PoolShutdown> pools, Duration phaseTimeout) {
    this(supplierOf(List.copyOf(pools)), phaseTimeout);
  }

  /**
   * Creates the lifecycle for the pools that exist when it stops (a lazy pool that was never
   * created has nothing to drain).
   *
   * @param pools asked once, when the pools are shut down
   * @param phaseTimeout the shutdown phase timeout that the whole stop must fit in
   * @throws NullPointerException if an argument is {@code null}
   */
  public GracefulShutdownLifecycle(Supplier<List<PoolShutdown>> pools, Duration phaseTimeout) {
    this(pools, phaseTimeout, "Pool");
  }

  /**
   * Creates the lifecycle for the pools that exist when it stops, naming their kind in the log
   * lines ({@code "Distributed pool 'reports' shut down in …"}).
   *
   * @param pools asked once, when the pools are shut down
   * @param phaseTimeout the shutdown phase timeout that the whole stop must fit in
   * @param kind how each log line starts, before the pool's quoted name, such as {@code "Pool"}
   * @throws NullPointerException if an argument is {@code null}
   */
  public GracefulShutdownLifecycle(
      Supplier<List<PoolShutdown>> pools, Duration phaseTimeout, String kind) {
    this.pools = Objects.requireNonNull(pools, "pools");
    this.phaseTimeout = Objects.requireNonNull(phaseTimeout, "phaseTimeout");
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  private static Supplier<List<PoolShutdown>> supplierOf(List<PoolShutdown> pools) {
    return () -> pools;
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

  /** Marks the pools as running. Does nothing after a stop: a shut-down pool cannot restart. */
  @Override
  public void start() {
    state.compareAndSet(State.NEW, State.RUNNING);
  }

  /**
   * Shuts every pool down and waits until all are done. Blocks for at most about the longest
   * effective await plus {@link ManagedThreadPool#INTERRUPT_GRACE}.
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
    List<PoolShutdown> pools = List.copyOf(this.pools.get());
    if (pools.isEmpty()) {
      state.set(State.STOPPED);
      callback.run();
      return;
    }
    List<Shutdowns.Plan> plans = new ArrayList<>();
    Map<String, Duration> configuredAwait = new HashMap<>();
    for (PoolShutdown p : pools) {
      plans.add(
          new Shutdowns.Plan(
              p.pool(), effectiveAwait(p.awaitTermination(), phaseTimeout), p.cancelPending()));
      configuredAwait.put(p.pool().name(), p.awaitTermination());
    }
    Shutdowns.inParallel(
        plans,
        report -> log(report, configuredAwait.getOrDefault(report.pool(), report.awaited())),
        () -> {
          state.set(State.STOPPED);
          callback.run();
        });
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

  /** One line per pool: INFO when every task ended by itself, WARN otherwise. */
  private void log(ShutdownReport report, Duration awaitTermination) {
    StringBuilder line =
        new StringBuilder(kind)
            .append(" '")
            .append(report.pool())
            .append("' shut down in ")
            .append(report.elapsed().toMillis())
            .append(" ms: ")
            .append(report.completed())
            .append(" completed, ")
            .append(report.cancelled())
            .append(" cancelled, ")
            .append(report.interrupted())
            .append(" interrupted");
    if (report.interrupted() > 0) {
      line.append(" (still running after ").append(report.awaited().toMillis()).append(" ms");
      if (report.awaited().compareTo(awaitTermination) < 0) {
        line.append("; await-termination of ")
            .append(awaitTermination.toMillis())
            .append(" ms capped by the shutdown phase timeout of ")
            .append(phaseTimeout.toMillis())
            .append(" ms");
      }
      line.append(')');
    }
    if (!report.terminated()) {
      line.append("; ")
          .append(report.stillRunning())
          .append(" task(s) ignored the interrupt and are still running");
    }
    if (report.clean()) {
      logger.info(line);
    } else {
      logger.warn(line);
    }
  }
}
