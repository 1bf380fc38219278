package dev.managedexecutors;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Engines and tasks for the jcstress tests. Each test sits in {@code dev.managedexecutors} to reach
 * the pool's package-private engine, and stands in for a worker by writing the control word itself
 * where it needs one, so that a sample starts no thread unless the race under test makes the pool
 * start one.
 */
final class StressPools {
  private StressPools() {}

  /**
   * An engine of at most {@code maxWorkers}, queue {@code capacity}, no core workers, a keep-alive
   * of one nanosecond (a worker the pool starts ends as soon as it finds nothing to do), ABORT.
   */
  static PoolEngine engine(int maxWorkers, int capacity) {
    ManagedThreadPool.Builder b =
        ManagedThreadPool.builder("jcstress")
            .maxWorkers(maxWorkers)
            .coreWorkers(0)
            .queueCapacity(capacity)
            .keepAlive(Duration.ofNanos(1))
            .daemon(true)
            .rejection(RejectionPolicy.ABORT);
    return new PoolEngine(b);
  }

  /** A fresh task, as {@code submit} makes it, that returns "done". */
  static PoolTask<String> task(PoolEngine engine) {
    PoolTask<String> t =
        PoolTask.create(engine, (Callable<String>) () -> "done", PoolTask.CALL, null);
    t.markFreshScheduled();
    return t;
  }

  /** 0 pending, 1 running, 2 finished with a value, 3 failed (rejected included), 4 cancelled. */
  static int stateOf(ManagedFuture<?> f) {
    if (f.cancelled()) {
      return 4;
    }
    if (f.running()) {
      return 1;
    }
    if (!f.done()) {
      return 0;
    }
    return f.exception(Duration.ZERO) == null ? 2 : 3;
  }

  /** What a worker does with a task it took out of the queue: give back the hand-off it held. */
  static void takenByWorker(PoolEngine engine, PoolTask<?> t) {
    if (t.place() == PoolTask.HANDED_OFF) {
      engine.addCtl(-ControlWord.ONE_HAND_OFF);
    }
  }

  /**
   * An engine of one worker and a queue of 10 with one idle worker counted (parked, for all it
   * knows).
   */
  static PoolEngine engineWithAnIdleWorker() {
    PoolEngine engine = engine(1, 10);
    engine.addCtl(ControlWord.ONE_LIVE + ControlWord.ONE_IDLE);
    return engine;
  }

  /** Schedules {@code task}: 1 if accepted, 0 if refused. */
  static int submit(PoolEngine engine, PoolTask<?> task) {
    try {
      engine.schedule(task);
      return 1;
    } catch (RejectedExecutionException e) {
      return 0;
    }
  }

  /**
   * After a submission of {@code task} raced a shutdown: the idle worker takes what is queued.
   * Records in {@code r} what it took (0 nothing, 1 the task, 2 something else), the task's state
   * ({@link #stateOf}) and the hand-offs left in the control word.
   */
  static void idleWorkerTakes(PoolEngine engine, PoolTask<?> task, IIII_Result r) {
    @Nullable PoolTask<?> t = engine.queue.poll();
    if (t != null) {
      takenByWorker(engine, t);
    }
    r.r2 = t == null ? 0 : t == task ? 1 : 2;
    r.r3 = stateOf(task);
    r.r4 = ControlWord.handOffs(engine.ctl());
  }
}
