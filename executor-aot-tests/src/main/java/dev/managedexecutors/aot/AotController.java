package dev.managedexecutors.aot;

import dev.managedexecutors.ManagedExecutor;
import dev.managedexecutors.ManagedFuture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the tests drive over HTTP: the threads {@code @Async} methods run on, and slow tasks on the
 * pool {@code slow} that each append a line to {@code aot-app.completions-file} when they finish,
 * so that a test can count, after the process has exited, the tasks that completed while it
 * drained.
 */
@RestController
public class AotController {
  private final AsyncJobs jobs;
  private final ManagedExecutor slow;
  private final Path completions;

  AotController(
      AsyncJobs jobs,
      @Qualifier("slow") ManagedExecutor slow,
      @Value("${aot-app.completions-file}") String completions) {
    this.jobs = jobs;
    this.slow = slow;
    this.completions = Path.of(completions);
  }

  /**
   * Returns the threads that ran an {@code @Async} method without a qualifier and one with {@code
   * "io"}.
   */
  @GetMapping("/routing")
  Map<String, String> routing() throws InterruptedException, ExecutionException, TimeoutException {
    return Map.of(
        "primary", jobs.onPrimary().get(30, TimeUnit.SECONDS),
        "io", jobs.onIo().get(30, TimeUnit.SECONDS));
  }

  /** Submits {@code tasks} tasks of {@code millis} ms each to the pool {@code slow}. */
  @PostMapping("/slow")
  Map<String, Integer> submitSlow(@RequestParam int tasks, @RequestParam long millis) {
    for (int i = 0; i < tasks; i++) {
      int task = i;
      // The completions file is the result: each task appends its line when it finishes.
      ManagedFuture<?> unused =
          slow.submit(
              () -> {
                Thread.sleep(millis); // ALLOW-SLEEP: simulated work, to be in flight at SIGTERM
                complete(task);
                return null;
              });
    }
    return Map.of("submitted", tasks);
  }

  private synchronized void complete(int task) {
    try {
      Files.writeString(
          completions,
          task + " " + Thread.currentThread().getName() + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
