package dev.managedexecutors;

import org.jspecify.annotations.Nullable;

/**
 * One worker of a {@link ManagedThreadPool}: its thread, its counters and where it stands in the
 * pool's control word. Every field but {@code thread} is read and written by the worker's own
 * thread only (the pool's lock guards its membership in the pool's set of workers).
 */
final class Worker implements Runnable {
  final PoolEngine engine;
  @Nullable PoolTask<?> firstTask;

  @SuppressWarnings("NullAway.Init") // set by the pool right after construction
  Thread thread;

  @SuppressWarnings("NullAway.Init") // set by the worker itself before it runs any task
  WorkerSlot slot;

  /** Counted in the control word as live (from before its start), idle, returning. */
  boolean live = true;

  boolean idle;
  boolean returning;

  /**
   * The clock read that ended the worker's last timed task, reused as the start of the next one
   * while the worker stays busy; 0 when there is none to reuse (the worker waited for work since,
   * or ran a task untimed).
   */
  long lastEndNanos;

  /**
   * In a pool with a run timeout only: the task running now (null between tasks) and its start,
   * read by the pool's {@link RunTimeouts} thread; {@code timedOut} is written by that thread only.
   */
  volatile @Nullable PoolTask<?> running;

  volatile long runStartNanos;
  @Nullable PoolTask<?> timedOut;

  Worker(PoolEngine engine, @Nullable PoolTask<?> firstTask) {
    this.engine = engine;
    this.firstTask = firstTask;
  }

  @Override
  public void run() {
    engine.workers.runWorker(this);
  }

  /**
   * Waits for {@code engine} to terminate, then until the threads of {@code workers} (taken after
   * the shutdown) have ended: a pool terminates when its last worker leaves, a moment before that
   * thread's run returns, and shutdown(wait=true) promises ended workers (SPEC A2.3), as CPython's
   * joins its threads. An interrupt stops the pool (see the engine's wait) and is kept.
   */
  static void awaitTerminationAndThreads(PoolEngine engine, Worker[] workers) {
    engine.awaitTerminationStoppingIfInterrupted();
    boolean interrupted = false;
    for (Worker w : workers) {
      while (w.thread.isAlive()) {
        try {
          w.thread.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** A platform worker thread, which knows its pool and its counters. */
  static final class WorkerThread extends Thread {
    final PoolEngine engine;
    private final Worker worker;

    WorkerThread(Worker worker, String name) {
      super(worker, name);
      this.engine = worker.engine;
      this.worker = worker;
    }

    WorkerSlot slot() {
      return worker.slot;
    }
  }
}
