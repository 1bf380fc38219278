package dev.managedexecutors;

import dev.managedexecutors.stats.TimeoutKind;
import java.util.concurrent.locks.LockSupport;

/**
 * The run timeout of a {@link ManagedThreadPool}: one daemon thread per pool that sets one, which
 * interrupts the tasks that have run longer than the timeout, once each, and counts them. A task
 * that ignores the interrupt keeps its worker. Workers publish the task they run and its start
 * (Worker.running, written after Worker.runStartNanos) only in a pool with a run timeout, so a pool
 * without one pays nothing.
 *
 * <p>The thread wakes at the earliest deadline of the tasks it saw running, or one timeout later
 * when none runs, so a task is interrupted between one and two timeouts after its start at worst,
 * and in practice within moments of its deadline. It reads a worker's task before its start: a
 * start newer than the task only delays the check. The interrupt goes through the task's own
 * cancel-interrupt protocol ({@link PoolTask#interruptTask()}), so it never lands on the worker's
 * next task.
 */
final class RunTimeouts implements Runnable {
  private final PoolEngine engine;
  private final Thread thread;
  private volatile boolean stopped;

  RunTimeouts(PoolEngine engine, String threadName) {
    this.engine = engine;
    this.thread = new Thread(this, threadName);
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Makes the thread read the timeout again (it was changed). */
  void wake() {
    LockSupport.unpark(thread);
  }

  /** Ends the thread; called when the pool terminates. */
  void stop() {
    stopped = true;
    LockSupport.unpark(thread);
  }

  @Override
  public void run() {
    while (!stopped) {
      long timeoutNanos = engine.runTimeoutNanos;
      if (timeoutNanos == 0L) { // removed by a reconfiguration: wait until one is set again
        LockSupport.park(this);
        Thread.interrupted();
        continue;
      }
      long now = System.nanoTime();
      long next = now + timeoutNanos;
      for (Worker w : engine.workers.snapshot()) {
        PoolTask<?> t = w.running;
        if (t == null || w.timedOut == t) {
          continue;
        }
        long deadline = w.runStartNanos + timeoutNanos;
        if (now - deadline >= 0L) {
          w.timedOut = t;
          // Counted and told before the interrupt: whoever sees the task end sees it counted.
          engine.counters.timedOut(TimeoutKind.RUN);
          t.interruptTask();
        } else if (deadline - next < 0L) {
          next = deadline;
        }
      }
      LockSupport.parkNanos(this, Math.max(1L, next - now));
      Thread.interrupted(); // nobody should, but a stray interrupt must not spin the loop
    }
  }
}
