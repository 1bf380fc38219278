package dev.managedexecutors;

import java.util.concurrent.Callable;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * {@code cancel(true)} races a worker starting the task. Either the cancel comes first (the body
 * never runs, the future is cancelled) or the start does (cancel returns false, the body runs and
 * its value stands); an interrupt it sends lands before the runner returns, never after.
 */
@JCStressTest
@Description("cancel(true) vs the start of a task")
@Outcome(id = "1, 0, 0, 2", expect = Expect.ACCEPTABLE, desc = "started first, not interrupted")
@Outcome(
    id = "1, 0, 1, 2",
    expect = Expect.ACCEPTABLE_INTERESTING,
    desc = "started first; the cancel interrupted it while it ran")
@Outcome(id = "0, 1, 0, 4", expect = Expect.ACCEPTABLE, desc = "cancelled before it started")
@Outcome(expect = Expect.FORBIDDEN, desc = "ran and cancelled, neither, or a late interrupt")
@State
public class CancelRacesStart {
  final PoolEngine engine = StressPools.engine(1, 10);
  volatile int ran;
  final PoolTask<String> task =
      PoolTask.create(
          engine,
          (Callable<String>)
              () -> {
                ran = 1;
                return "done";
              },
          PoolTask.CALL,
          null);

  @Actor
  public void worker(IIII_Result r) {
    task.runBy(null);
    r.r3 = Thread.interrupted() ? 1 : 0; // cleared here: this thread runs other samples next
  }

  @Actor
  public void cancel(IIII_Result r) {
    r.r2 = task.cancel(true) ? 1 : 0;
  }

  @Arbiter
  public void outcome(IIII_Result r) {
    r.r1 = ran;
    r.r4 = StressPools.stateOf(task);
  }
}
