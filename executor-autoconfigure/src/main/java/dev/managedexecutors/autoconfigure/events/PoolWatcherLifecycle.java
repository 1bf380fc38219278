package dev.managedexecutors.autoconfigure.events;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the {@link PoolWatcher} every {@link #INTERVAL} on one daemon thread, {@code
 * managed-executors-watcher}, from the context's start to its stop.
 *
 * <p>Thread-safety: start and stop are synchronized.
 */
public final class PoolWatcherLifecycle implements SmartLifecycle {
  /** How often the pools are looked at: 1 s. */
  public static final Duration INTERVAL = Duration.ofSeconds(1);

  private static final Log logger = LogFactory.getLog(PoolWatcherLifecycle.class);

  private final PoolWatcher watcher;
  private @Nullable ScheduledExecutorService timer;

  /**
   * Creates the lifecycle.
   *
   * @param watcher what to run
   */
  public PoolWatcherLifecycle(PoolWatcher watcher) {
    this.watcher = watcher;
  }

  @Override
  public synchronized void start() {
    if (timer != null) {
      return;
    }
    ScheduledExecutorService t =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "managed-executors-watcher");
              thread.setDaemon(true);
              return thread;
            });
    // checkOnce catches what a check throws, so the future never ends but by stop(): not kept.
    ScheduledFuture<?> unused =
        t.scheduleWithFixedDelay(
            this::checkOnce, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    timer = t;
  }

  private void checkOnce() {
    try {
      watcher.check(System.nanoTime());
    } catch (RuntimeException e) { // a failing listener must not end the watching
      logger.warn("Watching the pools failed; watching goes on", e);
    }
  }

  @Override
  public synchronized void stop() {
    ScheduledExecutorService t = timer;
    if (t != null) {
      t.shutdownNow();
      timer = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return timer != null;
  }
}
