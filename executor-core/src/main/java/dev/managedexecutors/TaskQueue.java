package dev.managedexecutors;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The pool's FIFO queue: a lock-free linked queue (Michael and Scott's algorithm) whose nodes are
 * the tasks themselves, so that queueing a task allocates nothing.
 *
 * <p>Implementation notes.
 *
 * <ul>
 *   <li>{@code head} is a dummy: the node last taken out (or a stub). The first task waiting is
 *       {@code head.next}. {@code tail} is the last node or, for a moment, one before it, even one
 *       already taken out: a taker never reads {@code tail}, because the submitters write it once
 *       per task and reading it would move its cache line to the taker's core on every poll. Both
 *       move by CAS; a node is linked by a CAS of its predecessor's {@code next} from {@code null},
 *       which is the linearization point of {@link #offer}. A node taken out of the queue links to
 *       itself ({@code next == this}) once its successor is taken out too, so that a task a user
 *       keeps does not keep every later task reachable; a thread that meets a self-link starts over
 *       from {@code head} (an offer that finds {@code tail} self-linked first moves it to {@code
 *       head}).
 *   <li>Depth without a shared counter: each node carries {@code seq}, the number of counted tasks
 *       linked up to and including it ({@code seq} of its predecessor, plus one if it is counted).
 *       Hand-offs to idle workers and stubs are not counted. The depth is {@code last.seq -
 *       head.seq}, and a bounded {@link #offer} reads {@code head} after it read the last node, so
 *       a depth it computes can only be too high, never too low: the capacity is never exceeded,
 *       and a refusal is true of the instant {@code head} was read.
 *   <li>The task taken out stays the dummy until the next one is taken. A worker about to park
 *       calls {@link #pollOrRelease}, which swaps in a fresh stub, so an idle pool keeps no task
 *       (nor its result) reachable.
 *   <li>{@code next} is written by CAS only, or by a release store of the self-link by the thread
 *       that took the node's successor out; {@code seq} and the place are written (together, in one
 *       field of the task: see {@link PoolTask}) before the linking CAS publishes the node.
 *   <li>{@code head} and {@code tail} sit on cache lines of their own ({@link QueueEnds}). A
 *       submitter whose linking CAS failed waits {@link #LINK_BACKOFF} spins before it looks again.
 * </ul>
 */
final class TaskQueue extends QueueEnds.AfterTail {
  private static final VarHandle HEAD;
  private static final VarHandle TAIL;
  private static final VarHandle NEXT;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      HEAD = lookup.findVarHandle(QueueEnds.Head.class, "head", PoolTask.class);
      TAIL = lookup.findVarHandle(QueueEnds.Tail.class, "tail", PoolTask.class);
      NEXT = lookup.findVarHandle(PoolTask.class, "next", PoolTask.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /**
   * {@link Thread#onSpinWait()}s after a linking CAS lost to another submitter's: retrying at once
   * took the tail's line back from the winner before it could move {@code tail} (with two
   * submitters, 24-30 % more tasks per millisecond in interleaved forks on JDK 17 and 25).
   */
  static final int LINK_BACKOFF = 16;

  TaskQueue() {
    PoolTask<?> stub = PoolTask.stub();
    head = stub;
    tail = stub;
  }

  /**
   * Links {@code t} last. A counted task ({@link PoolTask#COUNTED}) is linked only while fewer than
   * {@code capacity} counted tasks wait; a hand-off ({@link PoolTask#HANDED_OFF}) or a stub always.
   *
   * @return whether {@code t} was linked
   */
  boolean offer(PoolTask<?> t, byte place, int capacity) {
    for (; ; ) {
      PoolTask<?> last = tail;
      PoolTask<?> next = last.next;
      if (next != null) {
        // Help a lagging tail, then look again; a tail already taken out (self-linked) is behind
        // head: go on from head.
        TAIL.compareAndSet(this, last, next == last ? head : next);
        continue;
      }
      long s = last.seq();
      if (place == PoolTask.COUNTED) {
        if (capacity != ManagedThreadPool.UNBOUNDED && s - head.seq() >= capacity) {
          return false;
        }
        t.placeAt(s + 1, place);
      } else {
        t.placeAt(s, place);
      }
      if (NEXT.compareAndSet(last, null, t)) {
        TAIL.compareAndSet(this, last, t); // others help if this fails
        return true;
      }
      for (int i = 0; i < LINK_BACKOFF; i++) {
        Thread.onSpinWait(); // another submitter linked first: let it move the tail
      }
    }
  }

  /** Takes the first task out, or returns {@code null} if none waits. Stubs are skipped. */
  @Nullable PoolTask<?> poll() {
    for (; ; ) {
      PoolTask<?> h = head;
      PoolTask<?> n = h.next;
      if (n == null) {
        return null;
      }
      PoolTask<?> taken = advance(h, n);
      if (taken != null && taken.place() != PoolTask.STUB) {
        return taken;
      }
    }
  }

  /**
   * Like {@link #poll()}, but when the queue is empty also releases the task last taken out (it
   * stays the queue's dummy otherwise): called by a worker about to park.
   */
  @Nullable PoolTask<?> pollOrRelease() {
    PoolTask<?> t = poll();
    if (t != null || head.place() == PoolTask.STUB) {
      return t;
    }
    offer(PoolTask.stub(), PoolTask.STUB, 0);
    return poll(); // takes the stub out (skipped), or a task linked meanwhile
  }

  /**
   * Takes the first task out only if {@code shouldTake} accepts it; returns it, or {@code null} if
   * the queue is empty or its first task was refused (it then stays first).
   */
  @Nullable PoolTask<?> pollIf(java.util.function.Predicate<PoolTask<?>> shouldTake) {
    for (; ; ) {
      PoolTask<?> h = head;
      PoolTask<?> n = h.next;
      if (n == null) {
        return null;
      }
      if (n != h && n.place() != PoolTask.STUB && !shouldTake.test(n)) {
        return null;
      }
      PoolTask<?> taken = advance(h, n);
      if (taken != null && taken.place() != PoolTask.STUB) {
        return taken;
      }
    }
  }

  /**
   * Moves {@code head} from {@code h} to its successor {@code n}; returns {@code n} if this thread
   * did, else {@code null} (someone else moved it first; look again).
   */
  private @Nullable PoolTask<?> advance(PoolTask<?> h, PoolTask<?> n) {
    if (n == h || h != head) {
      return null; // h was taken out meanwhile (self-linked): start over from head
    }
    if (HEAD.compareAndSet(this, h, n)) {
      NEXT.setRelease(h, h);
      return n;
    }
    return null;
  }

  /** Takes every task out, in queue order, into {@code into}. */
  void drainTo(List<PoolTask<?>> into) {
    for (PoolTask<?> t; (t = poll()) != null; ) {
      into.add(t);
    }
  }

  /** Whether no task waits (a hand-off included); a stub does not count. */
  boolean isEmpty() {
    for (; ; ) {
      PoolTask<?> h = head;
      PoolTask<?> n = h.next;
      if (n == null) {
        return true;
      }
      if (n == h) {
        continue;
      }
      if (n.place() != PoolTask.STUB) {
        return false;
      }
      PoolTask<?> unused = advance(h, n); // a stub first: take it out, look again
    }
  }

  /** The last node: found from {@code tail}, or from {@code head} if tail fell behind it. */
  private PoolTask<?> last() {
    PoolTask<?> last = tail;
    for (PoolTask<?> n; (n = last.next) != null; ) {
      last = n == last ? head : n; // self-linked: taken out, behind head
    }
    return last;
  }

  /** Counted tasks waiting: hand-offs to idle workers are not queued work. Never negative. */
  int depth() {
    PoolTask<?> last = last();
    long d = last.seq() - head.seq(); // head read last: see the class notes
    return (int) Math.max(0L, Math.min(d, Integer.MAX_VALUE));
  }

  /** Counted tasks linked so far, ever: the submissions that took a place in the queue. */
  long countedTotal() {
    PoolTask<?> last = last();
    return last.seq();
  }
}
