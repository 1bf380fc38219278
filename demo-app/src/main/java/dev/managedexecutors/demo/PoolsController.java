package dev.managedexecutors.demo;

import dev.managedexecutors.ManagedThreadPool;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The pools' live figures for the page ({@code GET /api/pools}) and a resize control ({@code POST
 * /api/pools/{name}/resize}).
 */
@RestController
@RequestMapping("/api/pools")
public class PoolsController {

  private final Map<String, ManagedThreadPool> pools;
  private final MeterRegistry registry;

  /**
   * Creates the controller.
   *
   * @param pools every pool, by bean name (which is the pool's name)
   * @param registry where the pools' timers are, for their percentiles
   */
  public PoolsController(Map<String, ManagedThreadPool> pools, MeterRegistry registry) {
    this.pools = new TreeMap<>(pools);
    this.registry = registry;
  }

  /**
   * Returns a snapshot of every pool, sorted by name. Takes no lock on the pools.
   *
   * @return one view per pool
   */
  @GetMapping
  public List<PoolView> pools() {
    return pools.values().stream().map(this::view).toList();
  }

  /**
   * Resizes a pool while it runs, with {@link ManagedThreadPool#resize(int, int, int)}.
   *
   * @param name the pool
   * @param core the new core size
   * @param max the new maximum size
   * @param queueCapacity the new queue capacity
   * @return the pool's view after the change; 404 if there is no such pool
   * @throws IllegalArgumentException if the sizes are out of range (answered with 400 and the
   *     message)
   */
  @PostMapping("/{name}/resize")
  public ResponseEntity<PoolView> resize(
      @PathVariable String name,
      @RequestParam int core,
      @RequestParam int max,
      @RequestParam int queueCapacity) {
    ManagedThreadPool pool = pools.get(name);
    if (pool == null) {
      return ResponseEntity.notFound().build();
    }
    pool.resize(core, max, queueCapacity);
    return ResponseEntity.ok(view(pool));
  }

  private PoolView view(ManagedThreadPool pool) {
    Timer queued = registry.find("executor.idle").tag("name", pool.name()).timer();
    Timer running = registry.find("executor").tag("name", pool.name()).timer();
    return new PoolView(
        pool.stats(),
        percentile(queued, 0.5),
        percentile(queued, 0.95),
        percentile(queued, 0.99),
        percentile(running, 0.5),
        percentile(running, 0.95),
        percentile(running, 0.99));
  }

  /** The percentile Micrometer keeps for the timer (see management.metrics.distribution). */
  private static double percentile(@Nullable Timer timer, double p) {
    if (timer == null || timer.count() == 0) {
      return -1;
    }
    for (ValueAtPercentile v : timer.takeSnapshot().percentileValues()) {
      if (v.percentile() == p) {
        return v.value(TimeUnit.MILLISECONDS);
      }
    }
    return -1;
  }
}
