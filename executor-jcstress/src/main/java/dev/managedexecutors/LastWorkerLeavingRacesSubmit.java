package dev.managedexecutors;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * The pool's only worker, idle, leaves (its keep-alive ran out) while a task is submitted. Either
 * the submission hands the task to the worker first, and the worker then may not leave but takes
 * it; or the worker leaves first, and the submission starts a new worker (a real thread) that runs
 * the task. Never a task queued for a worker that is gone.
 */
@JCStressTest
@Description("last idle worker leaving vs submit: the task is taken or a new worker runs it")
@Outcome(
    id = "1, 1, 1, 1",
    expect = Expect.ACCEPTABLE,
    desc = "handed to the worker, which stayed and took it")
@Outcome(
    id = "0, 1, 1, 1",
    expect = Expect.ACCEPTABLE_INTERESTING,
    desc = "the worker left first; a new worker ran the task")
@Outcome(expect = Expect.FORBIDDEN, desc = "the task was stranded, or the counts are off")
@State
public class LastWorkerLeavingRacesSubmit {
  final PoolEngine engine = StressPools.engine(1, 10);
  final PoolTask<String> task = StressPools.task(engine);
  final Worker worker = new Worker(engine, null);
  @Nullable PoolTask<?> taken;

  public LastWorkerLeavingRacesSubmit() {
    worker.idle = true;
    engine.addCtl(ControlWord.ONE_LIVE + ControlWord.ONE_IDLE);
  }

  /** The end of {@code Workers.take} when the keep-alive has run out: leave, or take work. */
  @Actor
  public void leave(IIII_Result r) {
    for (; ; ) {
      long c = engine.ctl();
      if (engine.workers.tryExit(worker, c, ControlWord.runState(c))) {
        r.r1 = 0;
        return;
      }
      @Nullable PoolTask<?> t = engine.queue.poll();
      if (t != null) {
        StressPools.takenByWorker(engine, t);
        engine.addCtl(-ControlWord.ONE_IDLE);
        worker.idle = false;
        taken = t;
        r.r1 = 1;
        return;
      }
      Thread.onSpinWait();
    }
  }

  @Actor
  public void submit(IIII_Result r) {
    engine.schedule(task);
    r.r2 = 1;
  }

  @Arbiter
  public void outcome(IIII_Result r) {
    if (r.r1 == 1) {
      r.r3 = taken == task ? 1 : 0;
      r.r4 = engine.ctl() == ControlWord.ONE_LIVE ? 1 : 0; // one live worker, busy, no hand-off
    } else {
      try {
        r.r3 = "done".equals(task.result(Duration.ofSeconds(30))) ? 1 : 0;
      } catch (RuntimeException e) {
        r.r3 = 0;
      }
      r.r4 = ControlWord.handOffs(engine.ctl()) == 0 ? 1 : 0;
    }
  }
}
