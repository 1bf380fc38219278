package dev.managedexecutors;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * A submission races {@code shutdown(wait = false, cancelFutures = true)}, with one idle worker
 * (counted in the control word) to hand the task to. The task is accepted and then cancelled by the
 * shutdown, or it is refused: never accepted and left pending in a queue that no one drains again,
 * never refused and still queued, and the hand-off count returns to zero either way.
 */
@JCStressTest
@Description("submit vs shutdown(cancelFutures = true): accepted and cancelled, or refused")
@Outcome(
    id = "1, 0, 4, 0",
    expect = Expect.ACCEPTABLE,
    desc = "accepted, then cancelled by the shutdown")
@Outcome(
    id = "0, 0, 3, 0",
    expect = Expect.ACCEPTABLE,
    desc = "refused: its future failed, nothing queued")
@Outcome(expect = Expect.FORBIDDEN, desc = "lost, refused but queued, or the counts are off")
@State
public class SubmitRacesShutdownCancellingFutures {
  final PoolEngine engine = StressPools.engineWithAnIdleWorker();
  final PoolTask<String> task = StressPools.task(engine);

  @Actor
  public void submit(IIII_Result r) {
    r.r1 = StressPools.submit(engine, task);
  }

  @Actor
  public void shutdown() {
    engine.shutdown(true);
  }

  @Arbiter
  public void worker(IIII_Result r) {
    StressPools.idleWorkerTakes(engine, task, r);
  }
}
