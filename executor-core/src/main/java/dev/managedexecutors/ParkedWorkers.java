package dev.managedexecutors;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * The workers parked for want of work: a lock-free stack (Treiber's) of fresh nodes, one per park,
 * so that a submitter can wake one worker, and only when one is parked: a busy pool's workers never
 * park, and its submitters only read an empty stack.
 *
 * <p>Implementation notes. A worker pushes its node, then looks at the queue once more, then parks;
 * a submitter links its task, then reads the stack. Each writes before it reads what the other
 * writes (both are CASes), so at least one sees the other: the worker finds the task, or the
 * submitter finds the worker. A node's {@code thread} is claimed once, by CAS to {@code null},
 * either by a waker (who then unparks the thread) or by its own worker (who leaves without being
 * woken); the loser knows it lost. Nodes are never reused, so popping them is free of ABA. A node
 * its worker claimed stays in the stack until a waker pops it, unless it was still on top.
 */
final class ParkedWorkers {
  private static final VarHandle TOP;
  private static final VarHandle THREAD;
  private static final VarHandle SPINNING;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      TOP = lookup.findVarHandle(ParkedWorkers.class, "top", Node.class);
      THREAD = lookup.findVarHandle(Node.class, "thread", Thread.class);
      SPINNING = lookup.findVarHandle(ParkedWorkers.class, "spinning", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private volatile @Nullable Node top;
  private volatile int spinning;

  /** A worker that is about to park: its entry in the stack. */
  static final class Node {
    volatile @Nullable Thread thread;
    @Nullable Node next; // written before the push that publishes the node; never again

    Node(Thread thread) {
      this.thread = thread;
    }

    /** Whether a waker claimed this node (its worker should look for work). */
    boolean woken() {
      return thread == null;
    }
  }

  Node push(Thread me) {
    Node n = new Node(me);
    for (; ; ) {
      Node h = top;
      n.next = h;
      if (TOP.compareAndSet(this, h, n)) {
        return n;
      }
    }
  }

  /**
   * The worker of {@code n} stops waiting by itself. Returns {@code true} if it took its node back,
   * {@code false} if a waker claimed it first (and has unparked, or will unpark, the worker).
   */
  boolean withdraw(Node n, Thread me) {
    if (!THREAD.compareAndSet(n, me, null)) {
      return false;
    }
    if (top == n) {
      TOP.compareAndSet(this, n, n.next); // the usual case: spare wakers a dead node
    }
    return true;
  }

  boolean isEmpty() {
    return top == null;
  }

  /** Counts the caller as spinning if fewer than {@code limit} workers spin; whether it did. */
  boolean tryStartSpinning(int limit) {
    for (int n; (n = spinning) < limit; ) {
      if (SPINNING.compareAndSet(this, n, n + 1)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Uncounts a spinner; the caller then looks at the queue and {@link #signal}s if a task waits.
   */
  void stopSpinning() {
    SPINNING.getAndAdd(this, -1);
  }

  /**
   * Called after a task was linked: wakes a parked worker if no worker spins (a spinner would find
   * the task) and one is parked. Returns whether it woke one.
   */
  boolean signal() {
    return spinning == 0 && top != null && wakeOne();
  }

  /** Wakes one parked worker, if any; returns whether it woke one. */
  boolean wakeOne() {
    for (; ; ) {
      Node h = top;
      if (h == null) {
        return false;
      }
      if (TOP.compareAndSet(this, h, h.next)) {
        Thread t = h.thread;
        if (t != null && THREAD.compareAndSet(h, t, null)) {
          LockSupport.unpark(t);
          return true;
        }
      }
    }
  }

  /** Wakes every parked worker (to see a change of state or size). */
  void wakeAll() {
    Node h = (Node) TOP.getAndSet(this, null);
    for (; h != null; h = h.next) {
      Thread t = h.thread;
      if (t != null && THREAD.compareAndSet(h, t, null)) {
        LockSupport.unpark(t);
      }
    }
  }
}
