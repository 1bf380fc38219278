package dev.managedexecutors.demo;

import dev.managedexecutors.CloseableIterator;
import dev.managedexecutors.ManagedExecutor;
import dev.managedexecutors.ManagedFuture;
import dev.managedexecutors.MapOptions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the demo's pools busy with load shaped so that the charts move: a sine-shaped rate of
 * blocking tasks on {@code io} through {@code submit}, with periodic bursts larger than its queue
 * (rejections); batches of computations on {@code cpu} through {@code map} (its {@code caller-runs}
 * policy pushes back on the submitter); and {@code @Async} reports on {@code default}. Everything
 * runs on loopback in this JVM; every task is bounded in time.
 *
 * <p>Implementation notes: the three loads are {@code @Scheduled} methods on Spring's task
 * scheduler ({@code spring.task.scheduling.pool.size: 3}, so a {@code map} batch that the {@code
 * caller-runs} policy makes compute in the submitting thread does not delay the other two). Each
 * method submits only while {@link #enabled()} is true. The scheduler never runs one method twice
 * at once and orders its successive runs (each run happens-before the next), so each method's own
 * state ({@code ioOwed}, {@code nextBurstNanos}, {@code asyncOwed}) needs no synchronisation;
 * {@code enabled} is volatile and {@code rejected} atomic, as the web threads read and write them.
 * Spring stops the scheduler before the pools drain (its phase is later), so what was already
 * queued is then drained and reported.
 */
@Component
public class LoadGenerator {

  private static final Logger logger = LoggerFactory.getLogger(LoadGenerator.class);
  private static final long TICK_MILLIS = 100;

  private final ManagedExecutor io;
  private final ManagedExecutor cpu;
  private final AsyncJobs asyncJobs;
  private final LoadProperties properties;
  private final AtomicLong rejected = new AtomicLong();
  private final long startedNanos = System.nanoTime();
  private volatile boolean enabled;
  private double ioOwed;
  private long nextBurstNanos;
  private double asyncOwed;

  /**
   * Creates the generator; its ticks start with the application context.
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
    this.nextBurstNanos = startedNanos + properties.burstEvery().toNanos() / 2;
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
   * Switches the load on or off; takes effect at the next tick (100 ms). Thread-safe.
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

  /** Logs the shape of the load once the application is ready. */
  @EventListener(ApplicationReadyEvent.class)
  public void describe() {
    logger.info(
        "Demo load {} (io: about {} tasks/s on a {} s sine, bursts of {} every {} s)",
        enabled ? "on" : "off, switch it on with POST /api/load?enabled=true",
        properties.ioRate(),
        properties.period().toSeconds(),
        properties.burstSize(),
        properties.burstEvery().toSeconds());
  }

  /**
   * One tick of the {@code io} load: a rate between 0.5 and 1.5 times {@code demo.load.io-rate} on
   * a sine (the pool serves about 80 tasks/s, so its queue fills on the crest and drains in the
   * trough), plus a burst every {@code demo.load.burst-every}.
   */
  @Scheduled(fixedRate = TICK_MILLIS)
  public void ioTick() {
    if (!enabled) {
      return;
    }
    ioOwed += properties.ioRate() * (0.5 + wave(0)) * TICK_MILLIS / 1000.0;
    int now = (int) ioOwed;
    ioOwed -= now;
    if (System.nanoTime() - nextBurstNanos >= 0) {
      now += properties.burstSize();
      nextBurstNanos += properties.burstEvery().toNanos();
    }
    for (int i = 0; i < now && enabled; i++) {
      int millis = ThreadLocalRandom.current().nextInt(60, 141);
      try {
        // Fire and forget: the meters, not the result, are what the demo shows.
        ManagedFuture<Integer> unused = io.submit(() -> Work.blockingCall(millis));
      } catch (RejectedExecutionException e) {
        rejected.incrementAndGet();
      }
    }
  }

  /**
   * One batch of the {@code cpu} load through {@code map}, 300 ms after the previous one ended:
   * beyond the workers and the small queue, {@code caller-runs} makes this thread compute too,
   * which delays the next batch (back-pressure).
   */
  @Scheduled(fixedDelay = 300)
  public void cpuTick() {
    if (!enabled) {
      return;
    }
    int items = 4 + (int) (16 * wave(0.25));
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

  /** One tick of {@code @Async} reports on the primary pool, on a sine of its own. */
  @Scheduled(fixedRate = TICK_MILLIS)
  public void asyncTick() {
    if (!enabled) {
      return;
    }
    asyncOwed += 40 * wave(0.5) * TICK_MILLIS / 1000.0;
    int now = (int) asyncOwed;
    asyncOwed -= now;
    for (int i = 0; i < now && enabled; i++) {
      try {
        CompletableFuture<String> unused =
            asyncJobs.report(ThreadLocalRandom.current().nextInt(20, 81));
      } catch (RuntimeException e) {
        // Spring wraps the pool's RejectedExecutionException in a TaskRejectedException.
        rejected.incrementAndGet();
      }
    }
  }

  /**
   * A value between 0 and 1 that follows a sine of the configured period, shifted by {@code phase}.
   */
  private double wave(double phase) {
    double seconds = (System.nanoTime() - startedNanos) / 1e9;
    double turns = seconds / properties.period().toMillis() * 1000.0;
    return 0.5 + 0.5 * Math.sin(2 * Math.PI * (turns + phase));
  }

  @Override
  public String toString() {
    return "LoadGenerator[enabled=" + enabled + "]";
  }
}
