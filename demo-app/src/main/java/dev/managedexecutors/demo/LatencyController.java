package dev.managedexecutors.demo;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The percentiles of each pool's timers, for the live page ({@code GET /api/latency}): what the
 * {@code executors} endpoint does not show. The page takes everything else from that endpoint.
 */
@RestController
@RequestMapping("/api/latency")
public class LatencyController {

  private final MeterRegistry registry;

  /**
   * Creates the controller.
   *
   * @param registry where the pools' timers are
   */
  public LatencyController(MeterRegistry registry) {
    this.registry = registry;
  }

  /** One percentile of a timer, in milliseconds. */
  public record Percentile(double percentile, double millis) {}

  /**
   * A pool's timers: every percentile Micrometer keeps for them ({@code
   * management.metrics.distribution.percentiles.executor}), none before the first task ended.
   *
   * @param queued of {@code executor.idle}, the time from submission to start
   * @param running of {@code executor}, the time running
   */
  public record Latency(List<Percentile> queued, List<Percentile> running) {}

  /**
   * Returns every pool's percentiles, by pool name. Takes no lock on the pools.
   *
   * @return pool name to its timers' percentiles
   */
  @GetMapping
  public Map<String, Latency> latency() {
    Map<String, Latency> pools = new TreeMap<>();
    for (Timer running : registry.find("executor").timers()) {
      String pool = running.getId().getTag("name");
      if (pool != null) {
        Timer queued = registry.find("executor.idle").tag("name", pool).timer();
        pools.put(pool, new Latency(percentiles(queued), percentiles(running)));
      }
    }
    return pools;
  }

  private static List<Percentile> percentiles(@Nullable Timer timer) {
    List<Percentile> values = new ArrayList<>();
    if (timer != null && timer.count() > 0) {
      for (ValueAtPercentile v : timer.takeSnapshot().percentileValues()) {
        values.add(new Percentile(v.percentile(), v.value(TimeUnit.MILLISECONDS)));
      }
    }
    return values;
  }
}
