package dev.managedexecutors.hazelcast;

import java.time.Duration;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The bookkeeping of a {@link DistributedPool}: the futures handed out and not yet done, the
 * shutdown flag, termination waits, and the counts behind {@link DistributedPool#stats()}.
 *
 * <p>Implementation notes: {@code outstanding} holds every future handed out and not yet done; a
 * future leaves it in its afterDone() hook (DistributedFuture, through {@link #finished}), which
 * also updates the counts. The pool adds a future ({@link #accept}) before it reads {@code
 * shutdown}, and {@link #markShutdown} writes {@code shutdown} before the pool looks at {@code
 * outstanding}, so a cancelling shutdown sees every future that was accepted. Termination is {@code
 * shutdown} with {@code outstanding} empty; waiters sleep on {@code lock} and are woken by each
 * future that finishes after shutdown.
 *
 * <p>Thread-safety: safe for use by many threads.
 */
final class PoolAccounting {
  private static final Comparator<MemberStats> BY_MEMBER =
      Comparator.comparing(MemberStats::member);

  private final ConcurrentHashMap<String, MemberCounters> perMember = new ConcurrentHashMap<>();
  private final CopyOnWriteArrayList<Consumer<? super String>> memberListeners =
      new CopyOnWriteArrayList<>();
  private final Set<DistributedFuture<?>> outstanding = ConcurrentHashMap.newKeySet();
  private final Object lock = new Object();
  private volatile boolean shutdown;

  private final LongAdder submitted = new LongAdder();
  private final LongAdder completed = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder cancelled = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder memberLost = new LongAdder();

  /** Registers a future handed out; returns {@code false} if the pool is shut down already. */
  boolean accept(DistributedFuture<?> future) {
    outstanding.add(future);
    return !shutdown;
  }

  /** Counts a task as submitted, before it is sent. */
  void countSubmitted() {
    submitted.increment();
  }

  /** Counts a task as addressed to {@code member}; the first one tells the member listeners. */
  void countSentTo(String member) {
    MemberCounters counts = perMember.get(member);
    if (counts == null) {
      MemberCounters fresh = new MemberCounters(member);
      counts = perMember.putIfAbsent(member, fresh);
      if (counts == null) {
        counts = fresh;
        // Outside any map operation: a listener may read the statistics.
        for (Consumer<? super String> l : memberListeners) {
          l.accept(member);
        }
      }
    }
    counts.submitted.increment();
  }

  /**
   * Adds a listener told of each member the first time a task is addressed to it, and at once of
   * the members addressed already; a member addressed meanwhile may be told twice.
   */
  void addMemberListener(Consumer<? super String> listener) {
    memberListeners.add(listener);
    for (String member : perMember.keySet()) {
      listener.accept(member);
    }
  }

  boolean isShutdown() {
    return shutdown;
  }

  boolean isTerminated() {
    return shutdown && outstanding.isEmpty();
  }

  /** Stops accepting; with {@code cancelFutures} cancels every future not yet done. */
  void markShutdown(boolean cancelFutures) {
    shutdown = true;
    if (cancelFutures) {
      cancelOutstanding();
    }
    signalIfTerminated();
  }

  private void cancelOutstanding() {
    for (DistributedFuture<?> f : outstanding) {
      f.cancel();
    }
  }

  /**
   * Waits until terminated; an interrupt cancels the futures not yet done, and the interrupt status
   * is restored before returning.
   */
  void awaitTerminationCancellingOnInterrupt() {
    boolean interrupted = false;
    synchronized (lock) {
      while (!isTerminated()) {
        try {
          lock.wait();
        } catch (InterruptedException e) {
          interrupted = true;
          cancelOutstanding();
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    synchronized (lock) {
      while (!isTerminated()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
    }
    return true;
  }

  /** Takes back a submission that failed; {@code sent} if it was counted as submitted. */
  void discard(DistributedFuture<?> future, boolean sent) {
    if (future.claimAccounting()) {
      rejected.increment();
      if (sent) {
        submitted.decrement();
        String member = future.member();
        MemberCounters counts = member == null ? null : perMember.get(member);
        if (counts != null) {
          counts.submitted.decrement();
        }
      }
      outstanding.remove(future);
      signalIfTerminated();
    }
  }

  /** Called once per future handed out, when it is done. */
  void finished(DistributedFuture<?> future) {
    String member = future.member();
    MemberCounters counts = member == null ? null : perMember.get(member);
    if (future.cancelled()) {
      cancelled.increment();
      if (counts != null) {
        counts.cancelled.increment();
      }
    } else {
      Throwable e = future.exception(Duration.ZERO);
      if (e == null) {
        completed.increment();
        if (counts != null) {
          counts.completed.increment();
        }
      } else {
        failed.increment();
        if (counts != null) {
          counts.failed.increment();
        }
        if (e instanceof MemberLostException) {
          memberLost.increment();
        }
      }
    }
    outstanding.remove(future);
    signalIfTerminated();
  }

  private void signalIfTerminated() {
    if (shutdown && outstanding.isEmpty()) {
      synchronized (lock) {
        lock.notifyAll();
      }
    }
  }

  /** A snapshot of the counts. Never blocks. */
  DistributedPoolStats snapshot(String name, String executorName, boolean durable) {
    return new DistributedPoolStats(
        name,
        executorName,
        durable,
        submitted.sum(),
        completed.sum(),
        failed.sum(),
        cancelled.sum(),
        rejected.sum(),
        memberLost.sum(),
        outstanding.size(),
        shutdown,
        isTerminated(),
        perMember.values().stream().map(MemberCounters::snapshot).sorted(BY_MEMBER).toList());
  }

  /** The counts of one member; {@code inFlight} is derived, so that the busy path adds only. */
  private static final class MemberCounters {
    final String member;
    final LongAdder submitted = new LongAdder();
    final LongAdder completed = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder cancelled = new LongAdder();

    MemberCounters(String member) {
      this.member = member;
    }

    MemberStats snapshot() {
      long done = completed.sum() + failed.sum() + cancelled.sum();
      long sent = submitted.sum();
      return new MemberStats(
          member, sent, completed.sum(), failed.sum(), cancelled.sum(), Math.max(0, sent - done));
    }
  }
}
