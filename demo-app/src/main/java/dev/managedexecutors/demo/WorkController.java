package dev.managedexecutors.demo;

import dev.managedexecutors.CloseableIterator;
import dev.managedexecutors.ManagedExecutor;
import dev.managedexecutors.ManagedFuture;
import dev.managedexecutors.MapOptions;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.IntStream;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Endpoints that hand work to the pools in each of the three ways the starter supports ({@code
 * submit}, {@code map}, {@code @Async}), and the switch of the built-in load. Out-of-range values
 * are refused by Bean Validation before the method runs, with a 400 problem detail ({@link
 * ValidationProblems}).
 */
@RestController
@RequestMapping("/api")
public class WorkController {

  private static final String TASKS = "must be between 1 and 1000";
  private static final String MILLIS = "must be between 0 and 2000";
  private static final String MICROS = "must be between 0 and 2000000";

  private final ManagedExecutor io;
  private final ManagedExecutor cpu;
  private final AsyncJobs asyncJobs;
  private final LoadGenerator load;

  /**
   * Creates the controller.
   *
   * @param io the pool for blocking tasks
   * @param cpu the pool for computations
   * @param asyncJobs the {@code @Async} service
   * @param load the built-in load generator
   */
  public WorkController(
      @Qualifier("io") ManagedExecutor io,
      @Qualifier("cpu") ManagedExecutor cpu,
      AsyncJobs asyncJobs,
      LoadGenerator load) {
    this.io = io;
    this.cpu = cpu;
    this.asyncJobs = asyncJobs;
    this.load = load;
  }

  /**
   * Submits {@code tasks} blocking tasks of {@code millis} each to the {@code io} pool with {@code
   * submit} and returns at once, without waiting for them.
   *
   * @param tasks how many, 1 to 1000
   * @param millis how long each one blocks, 0 to 2000
   * @return how many were accepted and how many rejected
   */
  @PostMapping("/work/submit")
  public Map<String, Object> submit(
      @RequestParam(defaultValue = "50")
          @Min(value = 1, message = TASKS)
          @Max(value = 1000, message = TASKS)
          int tasks,
      @RequestParam(defaultValue = "200")
          @Min(value = 0, message = MILLIS)
          @Max(value = 2000, message = MILLIS)
          int millis) {
    int accepted = 0;
    int rejected = 0;
    for (int i = 0; i < tasks; i++) {
      try {
        ManagedFuture<Integer> unused = io.submit(() -> Work.blockingCall(millis));
        accepted++;
      } catch (RejectedExecutionException e) {
        rejected++;
      }
    }
    return Map.of("pool", io.name(), "accepted", accepted, "rejected", rejected);
  }

  /**
   * Computes {@code items} results on the {@code cpu} pool with {@code map} and waits for them, in
   * input order. When the pool is saturated, its {@code caller-runs} policy computes some in this
   * request's thread.
   *
   * @param items how many, 1 to 1000
   * @param micros how long each computation takes, 0 to 2000000
   * @return how many results, their checksum and how long it took
   */
  @PostMapping("/work/map")
  public Map<String, Object> map(
      @RequestParam(defaultValue = "100")
          @Min(value = 1, message = TASKS)
          @Max(value = 1000, message = TASKS)
          int items,
      @RequestParam(defaultValue = "5000")
          @Min(value = 0, message = MICROS)
          @Max(value = 2_000_000, message = MICROS)
          int micros) {
    long started = System.nanoTime();
    long checksum = 0;
    int results = 0;
    try (CloseableIterator<Long> it =
        cpu.map(
            (Integer i) -> Work.compute(i, micros),
            IntStream.range(0, items).boxed().toList(),
            MapOptions.defaults().withTimeout(Duration.ofSeconds(30)))) {
      while (it.hasNext()) {
        checksum ^= it.next();
        results++;
      }
    }
    return Map.of(
        "pool",
        cpu.name(),
        "results",
        results,
        "checksum",
        checksum,
        "millis",
        Duration.ofNanos(System.nanoTime() - started).toMillis());
  }

  /**
   * Runs {@code tasks} reports through {@code @Async} (the primary pool, {@code default}) and one
   * fetch through {@code @Async("io")}, and waits for them.
   *
   * @param tasks how many reports, 1 to 1000
   * @param millis how long each one takes, 0 to 2000
   * @return the threads that ran them
   */
  @PostMapping("/work/async")
  public Map<String, Object> async(
      @RequestParam(defaultValue = "10")
          @Min(value = 1, message = TASKS)
          @Max(value = 1000, message = TASKS)
          int tasks,
      @RequestParam(defaultValue = "100")
          @Min(value = 0, message = MILLIS)
          @Max(value = 2000, message = MILLIS)
          int millis) {
    List<CompletableFuture<String>> reports = new ArrayList<>();
    for (int i = 0; i < tasks; i++) {
      reports.add(asyncJobs.report(millis));
    }
    CompletableFuture<String> fetch = asyncJobs.fetch(millis);
    List<String> threads = reports.stream().map(CompletableFuture::join).distinct().toList();
    return Map.of("reports", tasks, "reportThreads", threads, "fetchThread", fetch.join());
  }

  /**
   * Returns whether the built-in load runs.
   *
   * @return {@code {"enabled": true|false, "rejected": n}}
   */
  @GetMapping("/load")
  public Map<String, Object> load() {
    return Map.of("enabled", load.enabled(), "rejected", load.rejected());
  }

  /**
   * Switches the built-in load on or off.
   *
   * @param enabled whether it should run
   * @return the new state
   */
  @PostMapping("/load")
  public Map<String, Object> load(@RequestParam boolean enabled) {
    load.enable(enabled);
    return load();
  }
}
