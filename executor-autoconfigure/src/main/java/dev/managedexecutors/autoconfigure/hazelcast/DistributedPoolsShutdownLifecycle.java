package dev.managedexecutors.autoconfigure.hazelcast;

import dev.managedexecutors.autoconfigure.lifecycle.GracefulShutdownLifecycle;
import dev.managedexecutors.autoconfigure.lifecycle.GracefulShutdownLifecycle.PoolShutdown;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.context.SmartLifecycle;

/**
 * Drains the distributed pools when the application context closes, in the same lifecycle phase as
 * the local pools ({@link GracefulShutdownLifecycle#PHASE}, so after the web server's graceful
 * shutdown) and in parallel with them. Each pool is drained by its own {@link
 * dev.managedexecutors.hazelcast.DistributedPool#shutdown(Duration, boolean)}, with its {@code
 * shutdown.await-termination} capped to fit the shutdown phase timeout, as for local pools, and its
 * {@code shutdown.cancel-pending}; one log line per pool ({@code Distributed pool 'reports' shut
 * down in …}) gives its report. The cluster's executor services, which other members use, are not
 * shut down.
 *
 * <p>A type of its own, not a second {@link GracefulShutdownLifecycle} bean, so that a user's
 * {@code GracefulShutdownLifecycle} bean replaces the local pools' lifecycle only.
 *
 * <p>Not pauseable, and {@link #start()} after a stop does nothing: a shut-down pool cannot
 * restart. Not a {@code DisposableBean}: if the context is destroyed without being stopped, each
 * pool bean's destroy method ({@code shutdownNow}) cancels what is left without waiting.
 *
 * <p>Thread-safety: safe for use by many threads; the pools are drained once.
 */
final class DistributedPoolsShutdownLifecycle implements SmartLifecycle {
  private final GracefulShutdownLifecycle delegate;

  DistributedPoolsShutdownLifecycle(Supplier<List<PoolShutdown>> pools, Duration phaseTimeout) {
    this.delegate = new GracefulShutdownLifecycle(pools, phaseTimeout, "Distributed pool");
  }

  @Override
  public void start() {
    delegate.start();
  }

  @Override
  public void stop() {
    delegate.stop();
  }

  @Override
  public void stop(Runnable callback) {
    delegate.stop(callback);
  }

  @Override
  public boolean isRunning() {
    return delegate.isRunning();
  }

  @Override
  public int getPhase() {
    return delegate.getPhase();
  }

  @Override
  public boolean isPauseable() {
    return false;
  }
}
