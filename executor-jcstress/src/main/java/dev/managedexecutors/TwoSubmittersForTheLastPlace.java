package dev.managedexecutors;

import java.util.concurrent.RejectedExecutionException;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * A pool at its maximum of one busy worker, queue capacity one, ABORT: two submissions race for the
 * one place. Exactly one gets it and the other is refused at once; the queue never holds two.
 */
@JCStressTest
@Description("capacity at the edge, through the sizing rule: one place, two submitters")
@Outcome(id = "1, 0, 1", expect = Expect.ACCEPTABLE, desc = "the first submitter got the place")
@Outcome(id = "0, 1, 1", expect = Expect.ACCEPTABLE, desc = "the second submitter got the place")
@Outcome(expect = Expect.FORBIDDEN, desc = "capacity exceeded, or a place refused while free")
@State
public class TwoSubmittersForTheLastPlace {
  final PoolEngine engine = StressPools.engine(1, 1);

  public TwoSubmittersForTheLastPlace() {
    engine.addCtl(ControlWord.ONE_LIVE); // the one worker, busy with a task
  }

  private int submit() {
    try {
      engine.schedule(StressPools.task(engine));
      return 1;
    } catch (RejectedExecutionException e) {
      return 0;
    }
  }

  @Actor
  public void first(III_Result r) {
    r.r1 = submit();
  }

  @Actor
  public void second(III_Result r) {
    r.r2 = submit();
  }

  @Arbiter
  public void depth(III_Result r) {
    r.r3 = engine.queue.depth();
  }
}
