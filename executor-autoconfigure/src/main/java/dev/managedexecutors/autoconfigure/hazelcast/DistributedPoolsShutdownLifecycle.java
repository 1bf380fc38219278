package dev.managedexecutors.autoconfigure.hazelcast;

import dev.managedexecutors.autoconfigure.lifecycle.GracefulShutdownLifecycle;
import dev.managedexecutors.hazelcast.DistributedPool;
import dev.managedexecutors.hazelcast.DistributedPoolStats;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Drains the distributed pools when the application context closes, in the same lifecycle phase as
 * the local pools ({@link GracefulShutdownLifecycle#PHASE}, so after the web server's graceful
 * shutdown) and in parallel with them: each pool stops accepting tasks, waits for the futures it
 * handed out for up to its {@code shutdown.await-termination} (capped to fit the shutdown phase
 * timeout, as for local pools), then cancels the rest, here and, best effort, on their members
 * (which interrupts a running task). With {@code shutdown.cancel-pending} the futures not yet done
 * are cancelled at once. No future is left pending. One log line per pool reports how many tasks
 * completed, failed and were cancelled. The cluster's executor services, which other members use,
 * are not shut down.
 *
 * <p>Not pauseable, and {@link #start()} after a stop does nothing: a shut-down pool cannot
 * restart.
 *
 * <p>Thread-safety: safe for use by many threads; the pools are drained once.
 */
final class DistributedPoolsShutdownLifecycle implements SmartLifecycle {
  /*
   * Implementation notes. `running` is true between start() and the first stop; `stopped` turns
   * true once, by CAS, so the pools are drained once whoever calls first. Each pool drains in its
   * own daemon thread, so stop(callback) returns at once and Spring's phase timeout applies; the
   * last drain to finish (countdown) runs the callback.
   */

  private static final Log logger = LogFactory.getLog(DistributedPoolsShutdownLifecycle.class);

  /** How long to wait, after cancelling, for the pool to see every future done: 500 ms. */
  static final Duration CANCEL_GRACE = Duration.ofMillis(500);

  /**
   * How to drain one pool.
   *
   * @param pool the pool
   * @param awaitTermination how long to wait for its futures before cancelling them
   * @param cancelPending whether to cancel its futures at once
   */
  record PoolShutdown(DistributedPool pool, Duration awaitTermination, boolean cancelPending) {}

  private final Supplier<List<PoolShutdown>> pools;
  private final Duration phaseTimeout;
  private final AtomicBoolean stopped = new AtomicBoolean();
  private volatile boolean running;

  DistributedPoolsShutdownLifecycle(Supplier<List<PoolShutdown>> pools, Duration phaseTimeout) {
    this.pools = Objects.requireNonNull(pools, "pools");
    this.phaseTimeout = Objects.requireNonNull(phaseTimeout, "phaseTimeout");
  }

  @Override
  public void start() {
    if (!stopped.get()) {
      running = true;
    }
  }

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

  @Override
  public void stop(Runnable callback) {
    running = false;
    if (!stopped.compareAndSet(false, true)) {
      callback.run();
      return;
    }
    List<PoolShutdown> toDrain = pools.get();
    if (toDrain.isEmpty()) {
      callback.run();
      return;
    }
    AtomicInteger remaining = new AtomicInteger(toDrain.size());
    for (PoolShutdown p : toDrain) {
      Thread drainer =
          new Thread(
              () -> {
                try {
                  drain(p);
                } catch (RuntimeException | Error e) {
                  logger.error(
                      "Shutting down distributed pool '" + p.pool().name() + "' failed", e);
                } finally {
                  if (remaining.decrementAndGet() == 0) {
                    callback.run();
                  }
                }
              },
              "managed-executors-shutdown-" + p.pool().name());
      drainer.setDaemon(true); // never keep the JVM alive for a stuck shutdown
      drainer.start();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return GracefulShutdownLifecycle.PHASE;
  }

  @Override
  public boolean isPauseable() {
    return false;
  }

  private void drain(PoolShutdown p) {
    DistributedPool pool = p.pool();
    Duration await = GracefulShutdownLifecycle.effectiveAwait(p.awaitTermination(), phaseTimeout);
    long started = System.nanoTime();
    DistributedPoolStats before = pool.stats();
    pool.shutdown(false, p.cancelPending());
    boolean terminated = awaitQuietly(pool, await);
    boolean cancelledAtDeadline = false;
    if (!terminated) {
      cancelledAtDeadline = true;
      pool.shutdownNow();
      terminated = awaitQuietly(pool, CANCEL_GRACE);
    }
    DistributedPoolStats after = pool.stats();
    long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    StringBuilder line =
        new StringBuilder("Distributed pool '")
            .append(pool.name())
            .append("' shut down in ")
            .append(elapsedMillis)
            .append(" ms: ")
            .append(after.completed() - before.completed())
            .append(" completed, ")
            .append(after.failed() - before.failed())
            .append(" failed, ")
            .append(after.cancelled() - before.cancelled())
            .append(" cancelled");
    if (cancelledAtDeadline) {
      line.append(" (not done after ").append(await.toMillis()).append(" ms)");
    }
    if (!terminated) {
      line.append("; ").append(after.inFlight()).append(" future(s) still not done");
    }
    if (cancelledAtDeadline || !terminated) {
      logger.warn(line);
    } else {
      logger.info(line);
    }
  }

  private static boolean awaitQuietly(DistributedPool pool, Duration timeout) {
    try {
      return pool.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return pool.isTerminated();
    }
  }
}
