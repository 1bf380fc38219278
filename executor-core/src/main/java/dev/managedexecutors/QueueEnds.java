package dev.managedexecutors;

/**
 * The two ends of a {@link TaskQueue}, each on cache lines of its own: {@code head} is written by
 * the workers (one CAS per task taken), {@code tail} by the submitters (one CAS per task linked),
 * and with both in one line each write would also take the line from the other side (false
 * sharing). The padding is 128 bytes (two lines, as adjacent-line prefetchers fetch pairs) before,
 * between and after them, made of fields of superclasses: HotSpot lays out a superclass's fields
 * before its subclass's, which is what keeps them apart.
 */
@SuppressWarnings({"unused", "MultiVariableDeclaration"}) // the padding is never read
final class QueueEnds {
  private QueueEnds() {}

  /** Padding before the head. */
  abstract static class BeforeHead {
    int p;
    long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
  }

  /** The head: see {@link TaskQueue}. */
  abstract static class Head extends BeforeHead {
    @SuppressWarnings("NullAway.Init") // set by TaskQueue's constructor
    volatile PoolTask<?> head;
  }

  /** Padding between the head and the tail. */
  abstract static class BetweenEnds extends Head {
    int q;
    long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;
  }

  /** The tail: see {@link TaskQueue}. */
  abstract static class Tail extends BetweenEnds {
    @SuppressWarnings("NullAway.Init") // set by TaskQueue's constructor
    volatile PoolTask<?> tail;
  }

  /** Padding after the tail. */
  abstract static class AfterTail extends Tail {
    int r;
    long r00, r01, r02, r03, r04, r05, r06, r07, r08, r09, r10, r11, r12, r13, r14, r15;
  }
}
