package dev.managedexecutors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our port of the cases of CPython's {@code test_shutdown.py} that run a child interpreter: here a
 * child JVM runs {@link Child}, whose {@code main} returns while a task is still running, and the
 * test reads what it printed. SPEC A3.1: workers are not daemon threads by default, so a task still
 * running when {@code main} returns is carried out, and the JVM then exits by itself: at once after
 * a shutdown, else when the idle workers' keep-alive has passed (where CPython's atexit hook ends
 * them at interpreter exit).
 */
class CPythonShutdownPortTests {
  @TempDir Path dir;

  /** The child program: {@code args[0]} names the CPython case. */
  static final class Child {
    private Child() {}

    public static void main(String[] args) {
      String mode = args[0];
      ManagedThreadPool t =
          switch (mode) {
            case "interpreter" ->
                // CPython's workers leave at interpreter exit; ours, idle, after keepAlive (SPEC
                // A3.1), so a short one lets the child end soon after its task.
                ManagedThreadPool.builder("child")
                    .maxWorkers(5)
                    .keepAlive(java.time.Duration.ofMillis(100))
                    .build();
            case "no-wait" -> ManagedThreadPool.builder("child").maxWorkers(3).build();
            default -> ManagedThreadPool.builder("child").build();
          };
      t.submit(Child::sleepAndPrint);
      switch (mode) {
        case "no-wait" -> t.shutdown(false);
        case "cancel-no-wait" -> t.shutdown(false, true);
        default -> {
          // main returns with the pool still open, as CPython's script does
        }
      }
    }

    private static void sleepAndPrint() {
      try {
        Thread.sleep(100); // ALLOW-SLEEP: the task must outlast main, as CPython's sleep_and_print
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      System.out.println("apple");
      System.out.flush();
    }
  }

  private record Outcome(int exitCode, String out, String err) {}

  private Outcome runChild(String mode) throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    Path out = dir.resolve(mode + ".out");
    Path err = dir.resolve(mode + ".err");
    Process p =
        new ProcessBuilder(
                List.of(
                    java,
                    "-Xshare:auto",
                    "-XX:TieredStopAtLevel=1",
                    "-cp",
                    System.getProperty("java.class.path"),
                    Child.class.getName(),
                    mode))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("child JVM (" + mode + ") did not exit: a worker kept it alive");
    }
    return new Outcome(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8).strip(),
        Files.readString(err, StandardCharsets.UTF_8).strip());
  }

  // CPython: ExecutorShutdownTest.test_interpreter_shutdown
  @Test
  void aTaskRunningWhenMainReturnsIsCarriedOutAndTheJvmExits() throws Exception {
    Outcome o = runChild("interpreter");
    assertThat(o.err()).isEmpty();
    assertThat(o.exitCode()).isZero();
    assertThat(o.out()).isEqualTo("apple");
  }

  // CPython: ExecutorShutdownTest.test_hang_gh83386
  @Test
  void shutdownWithoutWaitingDoesNotHangTheJvmAndTheRunningTaskFinishes() throws Exception {
    Outcome o = runChild("no-wait");
    assertThat(o.err()).isEmpty();
    assertThat(o.exitCode()).isZero();
    assertThat(o.out()).isEqualTo("apple");
  }

  // CPython: ThreadPoolShutdownTest.test_cancel_futures_wait_false (gh-116682: the task may have
  // been cancelled before it started, so no output is fine too)
  @Test
  void shutdownWithoutWaitingCancellingFuturesLetsTheJvmExit() throws Exception {
    Outcome o = runChild("cancel-no-wait");
    assertThat(o.err()).isEmpty();
    assertThat(o.exitCode()).isZero();
    assertThat(o.out()).isIn("apple", "");
  }
}
