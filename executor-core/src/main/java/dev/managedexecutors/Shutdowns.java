package dev.managedexecutors;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Shuts several pools down gracefully at once, so that stopping them takes about as long as the
 * slowest pool, not the sum: each pool is drained by its {@link Drainable#shutdown(Duration,
 * boolean)} in a daemon thread of its own (named {@code managed-executors-shutdown-<pool>}). Any
 * {@link Drainable} can be drained: local pools ({@link ManagedThreadPool}) and distributed ones
 * side by side.
 *
 * <p>Thread-safety: the methods are safe for use by many threads; each call drains the pools it is
 * given once.
 */
public final class Shutdowns {
  private static final System.Logger logger = System.getLogger(Shutdowns.class.getName());

  private Shutdowns() {}

  /**
   * How to shut one pool down.
   *
   * @param pool the pool
   * @param awaitTermination how long to wait for its tasks before cancelling and interrupting
   * @param cancelPending whether to cancel its queued tasks at once instead of letting them run
   */
  public record Plan(Drainable pool, Duration awaitTermination, boolean cancelPending) {
    /**
     * Checks the arguments.
     *
     * @param pool the pool
     * @param awaitTermination how long to wait for its tasks before cancelling and interrupting
     * @param cancelPending whether to cancel its queued tasks at once instead of letting them run
     * @throws NullPointerException if {@code pool} or {@code awaitTermination} is {@code null}
     * @throws InvalidSettingException if {@code awaitTermination} is negative (setting {@code
     *     awaitTermination})
     */
    public Plan {
      Objects.requireNonNull(pool, "pool");
      PoolSettings.checkNotNegative(InvalidSettingException.AWAIT_TERMINATION, awaitTermination);
    }
  }

  /**
   * Starts draining every pool in parallel and returns at once. {@code onReport} receives each
   * pool's report (in the drain thread, as each pool finishes); {@code onAllDone} runs once, after
   * the last report, in the thread of the last drain to finish (at once, in the caller's thread, if
   * {@code plans} is empty). A drain or an {@code onReport} that throws is logged and counts as
   * finished, so {@code onAllDone} always runs.
   *
   * <p>Never blocks. Memory consistency effects: everything a drain thread did happens-before
   * {@code onAllDone} runs.
   *
   * @param plans the pools and how to shut each down
   * @param onReport receives each pool's report
   * @param onAllDone runs when every pool is done
   */
  public static void inParallel(
      List<Plan> plans, Consumer<ShutdownReport> onReport, Runnable onAllDone) {
    List<Plan> copy = List.copyOf(plans);
    if (copy.isEmpty()) {
      onAllDone.run();
      return;
    }
    AtomicInteger remaining = new AtomicInteger(copy.size());
    for (Plan plan : copy) {
      String name = plan.pool().name();
      Thread drainer =
          new Thread(
              () -> {
                try {
                  onReport.accept(
                      plan.pool().shutdown(plan.awaitTermination(), plan.cancelPending()));
                } catch (RuntimeException | Error e) {
                  logger.log(Level.ERROR, "Shutting down pool '" + name + "' failed", e);
                } finally {
                  if (remaining.decrementAndGet() == 0) {
                    onAllDone.run();
                  }
                }
              },
              "managed-executors-shutdown-" + name);
      drainer.setDaemon(true); // never keep the JVM alive for a stuck shutdown
      drainer.start();
    }
  }

  /**
   * Drains every pool in parallel and waits until all are done. Blocks for about the longest {@code
   * awaitTermination} plus the pools' grace ({@link ManagedThreadPool#INTERRUPT_GRACE} for a local
   * pool); if the calling thread is interrupted, returns the reports collected so far, with its
   * interrupt status set (the drains go on in their own threads).
   *
   * @param plans the pools and how to shut each down
   * @return one report per pool that finished, in the order they finished
   */
  public static List<ShutdownReport> all(List<Plan> plans) {
    List<ShutdownReport> reports = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch done = new CountDownLatch(1);
    inParallel(plans, reports::add, done::countDown);
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (reports) {
      return List.copyOf(reports);
    }
  }
}
