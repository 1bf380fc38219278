package dev.managedexecutors;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * What a pool does with a task when it is saturated (every worker busy, {@code maxWorkers} alive,
 * the queue full): the four {@link RejectionPolicy}s, and the signal that wakes {@link
 * RejectionPolicy#BLOCK}ed submitters when room appears.
 *
 * <p>Implementation notes. A blocked submitter counts itself in {@code blocked}, then tries the
 * sizing rule again, then waits on {@code room} unless {@code signals} moved meanwhile. Whoever
 * makes room (a worker taking a counted task out, a worker going idle or returning, a resize, a
 * shutdown, termination) first changes the queue or the control word, then reads {@code blocked}:
 * both sides write before they read, so a submitter never sleeps through the room it waits for.
 * {@code roomLock} is held only around the wait and the signal, never while calling into the pool
 * or user code; it is the pool's second lock and is never taken with the first.
 */
final class Saturation {
  private final PoolEngine engine;

  /** The policy and the block timeout, replaced together by a reconfiguration. */
  private volatile Rules rules;

  private final ReentrantLock roomLock = new ReentrantLock();
  private final Condition room = roomLock.newCondition();
  private final AtomicInteger signals = new AtomicInteger();
  private final AtomicInteger blocked = new AtomicInteger();

  Saturation(PoolEngine engine, RejectionPolicy policy, Duration blockTimeout) {
    this.engine = engine;
    this.rules = new Rules(policy, blockTimeout);
  }

  private record Rules(RejectionPolicy policy, Duration blockTimeout) {}

  RejectionPolicy policy() {
    return rules.policy();
  }

  Duration blockTimeout() {
    return rules.blockTimeout();
  }

  /**
   * Replaces the policy or the block timeout (null: unchanged); called under {@code Workers.lock}.
   * A move to {@code BLOCK} turns the workers' room signals on before any submitter can block; a
   * move away from it turns them off after, and the caller then signals room, so that submitters
   * still blocked look at the new policy (see {@link #blockForRoom}).
   */
  void change(@Nullable RejectionPolicy policy, @Nullable Duration blockTimeout) {
    Rules old = rules;
    Rules next =
        new Rules(
            policy != null ? policy : old.policy(),
            blockTimeout != null ? blockTimeout : old.blockTimeout());
    boolean blocking = next.policy() == RejectionPolicy.BLOCK;
    if (blocking) {
      engine.blocking = true;
    }
    rules = next;
    if (!blocking) {
      engine.blocking = false;
    }
  }

  /** Applies the policy to {@code t}, which found the pool saturated. */
  void saturated(PoolTask<?> t) {
    switch (rules.policy()) {
      case CALLER_RUNS -> {
        engine.counters.submittedOtherwise.increment();
        engine.counters.callerRuns.increment();
        t.runBy(null);
      }
      case BLOCK -> blockForRoom(t);
      case DISCARD_OLDEST -> discardOldestFor(t);
      default -> throw engine.reject(t, engine.saturation(), true);
    }
  }

  private void blockForRoom(PoolTask<?> t) {
    Duration blockTimeout = rules.blockTimeout();
    long deadline = System.nanoTime() + FutureStates.saturatedNanos(blockTimeout);
    blocked.incrementAndGet();
    try {
      for (; ; ) {
        int seen = signals.get();
        if (engine.tryPlace(t)) {
          return;
        }
        if (rules.policy() != RejectionPolicy.BLOCK) {
          saturated(t); // reconfigured meanwhile: the new policy decides
          return;
        }
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0L) {
          throw engine.reject(
              t,
              new RejectedExecutionException(
                  engine.saturation().getMessage()
                      + "; no room within block-timeout "
                      + FutureTimeoutException.describe(blockTimeout)),
              true);
        }
        roomLock.lockInterruptibly();
        try {
          if (signals.get() == seen) {
            room.await(remaining, TimeUnit.NANOSECONDS);
          }
        } finally {
          roomLock.unlock();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw engine.reject(
          t,
          new RejectedExecutionException(
              "interrupted while waiting for room in pool '" + engine.name + "'", e),
          true);
    } finally {
      blocked.decrementAndGet();
    }
  }

  private void discardOldestFor(PoolTask<?> t) {
    for (; ; ) {
      if (engine.tryPlace(t)) {
        return;
      }
      PoolTask<?> oldest = engine.queue.pollIf(x -> x.place() == PoolTask.COUNTED);
      if (oldest == null) {
        if (engine.queue.depth() == 0) {
          throw engine.reject(t, engine.saturation(), true); // direct hand-off: none to discard
        }
        Thread.onSpinWait(); // a hand-off is first: its idle worker takes it at once
        continue;
      }
      engine.leftQueue(oldest);
      oldest.markDiscarded(); // before the cancel: counted as rejected if it is the one
      oldest.tryCancel();
    }
  }

  /** Wakes the blocked submitters, if any; called after room appeared. */
  void roomMade() {
    if (blocked.get() > 0) {
      signalRoom();
    }
  }

  /** Wakes every blocked submitter to look again. */
  void signalRoom() {
    signals.incrementAndGet();
    roomLock.lock();
    try {
      room.signalAll();
    } finally {
      roomLock.unlock();
    }
  }
}
