package dev.managedexecutors.demo;

import dev.managedexecutors.CloseableIterator;
import dev.managedexecutors.ManagedExecutor;
import dev.managedexecutors.ManagedFuture;
import dev.managedexecutors.MapOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Keeps the demo's pools busy with load shaped so that the charts move: a sine-shaped rate of
 * blocking tasks on {@code io} through {@code submit}, with periodic bursts larger than its queue
 * (rejections); batches of computations on {@code cpu} through {@code map} (its {@code caller-runs}
 * policy pushes back on the submitter); and {@code @Async} reports on {@code default}. Everything
 * runs on loopback in this JVM; every task is bounded in time.
 *
 * <p>Implementation notes: three platform threads ({@code load-io}, {@code load-cpu}, {@code
 * load-async}) live from {@link #start()} to {@link #stop()}; each ticks on its own and submits
 * only while {@link #enabled()} is true, so switching the load off and on needs no thread hand-off.
 * {@code running} and {@code enabled} are volatile/atomic and only ever flip; the threads are
 * joined on stop. This lifecycle has the default (highest) phase, so it stops <em>before</em> the
 * pools drain: what was already queued is then drained and reported.
 */
@Component
public class LoadGenerator implements SmartLifecycle {

  private static final Logger logger = LoggerFactory.getLogger(LoadGenerator.class);
  private static final Duration TICK = Duration.ofMillis(100);

  private final ManagedExecutor io;
  private final ManagedExecutor cpu;
  private final AsyncJobs asyncJobs;
  private final LoadProperties properties;
  private final AtomicLong rejected = new AtomicLong();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean enabled;
  private volatile boolean running;
  private volatile long startedNanos;

  /**
   * Creates the generator; it starts with the application context.
   *
   * @param io the pool for blocking tasks
   * @param cpu the pool for computations
   * @param asyncJobs the {@code @Async} service, which runs on the primary pool
   * @param properties the shape of the load, and whether it runs from start-up
   */
  public LoadGenerator(
      @Qualifier("io") ManagedExecutor io,
      @Qualifier("cpu") ManagedExecutor cpu,
      AsyncJobs asyncJobs,
      LoadProperties properties) {
    this.io = io;
    this.cpu = cpu;
    this.asyncJobs = asyncJobs;
    this.properties = properties;
    this.enabled = properties.enabled();
  }

  /**
   * Returns whether load is being submitted.
   *
   * @return {@code true} while the generator submits tasks
   */
  public boolean enabled() {
    return enabled;
  }

  /**
   * Switches the load on or off; takes effect within one tick (100 ms). Thread-safe.
   *
   * @param enabled whether to submit tasks
   */
  public void enable(boolean enabled) {
    if (this.enabled != enabled) {
      logger.info("Demo load switched {}", enabled ? "on" : "off");
    }
    this.enabled = enabled;
  }

  /**
   * Returns how many of the generator's submissions the pools refused so far.
   *
   * @return rejected submissions
   */
  public long rejected() {
    return rejected.get();
  }

  /** Starts the generator's threads. */
  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    startedNanos = System.nanoTime();
    threads.add(new Thread(this::ioLoop, "load-io"));
    threads.add(new Thread(this::cpuLoop, "load-cpu"));
    threads.add(new Thread(this::asyncLoop, "load-async"));
    threads.forEach(Thread::start);
    logger.info(
        "Demo load {} (io: about {} tasks/s on a {} s sine, bursts of {} every {} s)",
        enabled ? "on" : "off, switch it on with POST /api/load?enabled=true",
        properties.ioRate(),
        properties.period().toSeconds(),
        properties.burstSize(),
        properties.burstEvery().toSeconds());
  }

  /** Stops submitting and waits (up to a few seconds) for the generator's threads to end. */
  @Override
  public synchronized void stop() {
    running = false;
    for (Thread t : threads) {
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    threads.clear();
  }

  /**
   * Returns whether the generator's threads run.
   *
   * @return {@code true} between start and stop
   */
  @Override
  public boolean isRunning() {
    return running;
  }

  /**
   * A value between 0 and 1 that follows a sine of the configured period, shifted by {@code phase}.
   */
  private double wave(double phase) {
    double seconds = (System.nanoTime() - startedNanos) / 1e9;
    double turns = seconds / properties.period().toMillis() * 1000.0;
    return 0.5 + 0.5 * Math.sin(2 * Math.PI * (turns + phase));
  }

  private void ioLoop() {
    double owed = 0;
    long nextBurst = System.nanoTime() + properties.burstEvery().toNanos() / 2;
    while (pause(TICK)) {
      if (!enabled) {
        continue;
      }
      // Rate swings between 0.5x and 1.5x ioRate; the io pool serves about 80 tasks/s, so its
      // queue fills on the crest and drains in the trough.
      owed += properties.ioRate() * (0.5 + wave(0)) * TICK.toMillis() / 1000.0;
      int now = (int) owed;
      owed -= now;
      if (System.nanoTime() - nextBurst >= 0) {
        now += properties.burstSize();
        nextBurst += properties.burstEvery().toNanos();
      }
      for (int i = 0; i < now && running; i++) {
        int millis = ThreadLocalRandom.current().nextInt(60, 141);
        try {
          // Fire and forget: the meters, not the result, are what the demo shows.
          ManagedFuture<Integer> unused = io.submit(() -> Work.blockingCall(millis));
        } catch (RejectedExecutionException e) {
          rejected.incrementAndGet();
        }
      }
    }
  }

  private void cpuLoop() {
    while (pause(Duration.ofMillis(300))) {
      if (!enabled) {
        continue;
      }
      int items = 4 + (int) (16 * wave(0.25));
      // map submits every item now; beyond the workers and the small queue, caller-runs makes
      // this thread compute too, which slows the next batch: back-pressure.
      try (CloseableIterator<Long> sums =
          cpu.map(
              (Long seed) -> Work.compute(seed, 3_000),
              LongStream.range(0, items).boxed().toList(),
              MapOptions.defaults().withTimeout(Duration.ofSeconds(10)))) {
        sums.forEachRemaining(s -> {});
      } catch (RuntimeException e) {
        // Rejected once the pool shuts down, or a timeout: the next batch tries again.
        rejected.incrementAndGet();
      }
    }
  }

  private void asyncLoop() {
    double owed = 0;
    while (pause(TICK)) {
      if (!enabled) {
        continue;
      }
      owed += 40 * wave(0.5) * TICK.toMillis() / 1000.0;
      int now = (int) owed;
      owed -= now;
      for (int i = 0; i < now && running; i++) {
        try {
          CompletableFuture<String> unused =
              asyncJobs.report(ThreadLocalRandom.current().nextInt(20, 81));
        } catch (RuntimeException e) {
          // Spring wraps the pool's RejectedExecutionException in a TaskRejectedException.
          rejected.incrementAndGet();
        }
      }
    }
  }

  /** Waits one tick; returns whether the generator is still running. */
  private boolean pause(Duration tick) {
    try {
      // Pacing the load, not synchronising.
      Thread.sleep(tick.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    return running;
  }

  @Override
  public String toString() {
    return "LoadGenerator[enabled=" + enabled + ", running=" + running + "]";
  }
}
