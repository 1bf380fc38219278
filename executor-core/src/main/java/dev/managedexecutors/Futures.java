package dev.managedexecutors;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * Python's module functions over many futures: {@link #wait} and {@link #asCompleted}. The futures
 * may come from different executors, and duplicates count once.
 *
 * <p>Thread-safety: the methods may be called from any thread; they register short-lived internal
 * listeners on the futures and always remove them before returning (or when the iterator ends or is
 * closed), so waiting repeatedly on long-lived futures does not accumulate garbage.
 */
public final class Futures {
  private Futures() {}

  /**
   * Waits without limit until every future is done. Same as {@code wait(fs, null,
   * ReturnWhen.ALL_COMPLETED)}.
   *
   * @param fs the futures
   * @param <F> the type of the futures
   * @return the done and not-done futures (all done here)
   * @throws NullPointerException if {@code fs} or one of its elements is {@code null}
   * @throws WaitInterruptedException if the calling thread is interrupted while waiting
   */
  public static <F extends ManagedFuture<?>> DoneAndNotDone<F> wait(Collection<? extends F> fs) {
    return wait(fs, null, ReturnWhen.ALL_COMPLETED);
  }

  /**
   * Waits until the condition {@code when} holds for {@code fs}, or {@code timeout} passes, and
   * returns which futures were done at that moment. Futures already done count at once; a future
   * that is cancelled counts as completed but never as an exception. On timeout it returns
   * normally, with the unfinished futures in {@code notDone}.
   *
   * @param fs the futures
   * @param timeout how long to wait at most; {@code null} for no limit; zero or negative polls
   * @param when the condition to wait for
   * @param <F> the type of the futures
   * @return the futures done when it returned, and the others, each in the order of {@code fs}
   * @throws NullPointerException if {@code fs}, one of its elements or {@code when} is {@code null}
   * @throws WaitInterruptedException if the calling thread is interrupted while waiting (its
   *     interrupt status is set again)
   */
  public static <F extends ManagedFuture<?>> DoneAndNotDone<F> wait(
      Collection<? extends F> fs, @Nullable Duration timeout, ReturnWhen when) {
    Objects.requireNonNull(when, "when");
    Set<F> all = distinct(fs);
    Collector collector = new Collector();
    List<Registration> registrations = new ArrayList<>();
    try {
      int done = 0;
      boolean failed = false;
      List<F> notDoneYet = new ArrayList<>();
      for (F f : all) {
        if (f.done()) {
          done++;
          failed |= f.finishedWithException();
        } else {
          notDoneYet.add(f);
        }
      }
      if (!satisfied(when, done, all.size(), failed)) {
        // From here each future in notDoneYet is counted once, through the collector: by its
        // listener, or by us when it finished before the listener could be added.
        for (F f : notDoneYet) {
          Object reg = f.addListener(collector);
          if (reg == null) {
            collector.futureDone(f);
          } else {
            registrations.add(new Registration(f, reg));
          }
        }
        long deadline =
            timeout == null ? 0L : System.nanoTime() + FutureStates.saturatedNanos(timeout);
        while (true) {
          ManagedFuture<?> f;
          while ((f = collector.completed.poll()) != null) {
            done++;
            failed |= f.finishedWithException();
          }
          if (satisfied(when, done, all.size(), failed)
              || !collector.park(timeout == null, deadline)) {
            break;
          }
        }
      }
    } finally {
      for (Registration r : registrations) {
        r.future.removeListener(r.registration);
      }
    }
    Set<F> doneSet = new LinkedHashSet<>();
    Set<F> notDone = new LinkedHashSet<>();
    for (F f : all) {
      (f.done() ? doneSet : notDone).add(f);
    }
    return new DoneAndNotDone<>(doneSet, notDone);
  }

  /**
   * Returns an iterator that yields each future once, as it completes (finishes or is cancelled);
   * futures already done come first, in the order of {@code fs}. If the next future is not done by
   * {@code timeout} after this call, {@code next()} throws {@link FutureTimeoutException} naming
   * the unfinished count, e.g. {@code "2 (of 4) futures unfinished"}, and the iteration ends.
   *
   * <p>{@code next()} blocks until a future completes; it throws {@link WaitInterruptedException}
   * if the thread is interrupted. Close the iterator if you stop early: that removes its listeners
   * from the futures (the futures themselves are not touched).
   *
   * @param fs the futures
   * @param timeout how long from this call to wait at most; {@code null} for no limit
   * @param <F> the type of the futures
   * @return the futures, in completion order
   * @throws NullPointerException if {@code fs} or one of its elements is {@code null}
   */
  public static <F extends ManagedFuture<?>> CloseableIterator<F> asCompleted(
      Collection<? extends F> fs, @Nullable Duration timeout) {
    return new AsCompleted<>(distinct(fs), timeout);
  }

  /**
   * Same as {@link #asCompleted(Collection, Duration) asCompleted(fs, null)}: no time limit.
   *
   * @param fs the futures
   * @param <F> the type of the futures
   * @return the futures, in completion order
   * @throws NullPointerException if {@code fs} or one of its elements is {@code null}
   */
  public static <F extends ManagedFuture<?>> CloseableIterator<F> asCompleted(
      Collection<? extends F> fs) {
    return asCompleted(fs, null);
  }

  private static <F> Set<F> distinct(Collection<? extends F> fs) {
    Objects.requireNonNull(fs, "fs");
    Set<F> all = new LinkedHashSet<>();
    for (F f : fs) {
      all.add(Objects.requireNonNull(f, "fs contains null"));
    }
    return all;
  }

  private static boolean satisfied(ReturnWhen when, int done, int total, boolean failed) {
    return switch (when) {
      case FIRST_COMPLETED -> done > 0 || total == 0;
      case FIRST_EXCEPTION -> failed || done == total;
      case ALL_COMPLETED -> done == total;
    };
  }

  private record Registration(ManagedFuture<?> future, Object registration) {}

  /** Collects completions from the futures' threads and wakes the one waiting thread. */
  private static final class Collector implements ManagedFuture.DoneListener {
    final ConcurrentLinkedQueue<ManagedFuture<?>> completed = new ConcurrentLinkedQueue<>();
    volatile @Nullable Thread waiter;

    @Override
    public void futureDone(ManagedFuture<?> future) {
      completed.add(future);
      Thread w = waiter;
      if (w != null) {
        LockSupport.unpark(w);
      }
    }

    /**
     * Parks until a completion arrives or the deadline passes. Returns false on timeout.
     *
     * @throws WaitInterruptedException if interrupted
     */
    boolean park(boolean forever, long deadline) {
      waiter = Thread.currentThread();
      try {
        while (completed.isEmpty()) {
          if (Thread.interrupted()) {
            Thread.currentThread().interrupt();
            throw new WaitInterruptedException("futures", new InterruptedException());
          }
          if (forever) {
            LockSupport.park(this);
          } else {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0L) {
              return false;
            }
            LockSupport.parkNanos(this, remaining);
          }
        }
        return true;
      } finally {
        waiter = null;
      }
    }
  }

  private static final class AsCompleted<F extends ManagedFuture<?>>
      implements CloseableIterator<F> {
    private final Collector collector = new Collector();
    // Only futures not yet yielded: a yielded one is dropped from both (SPEC A4.2).
    private final IdentityHashMap<ManagedFuture<?>, Object> registrations = new IdentityHashMap<>();
    private final ArrayList<@Nullable F> ready = new ArrayList<>();
    private final boolean timed;
    private final long deadline;
    private final int total;
    private int readyPos;
    private int yielded;
    private boolean closed;

    AsCompleted(Set<F> all, @Nullable Duration timeout) {
      this.total = all.size();
      this.timed = timeout != null;
      this.deadline =
          timeout == null ? 0L : System.nanoTime() + FutureStates.saturatedNanos(timeout);
      List<F> pending = new ArrayList<>();
      for (F f : all) {
        (f.done() ? ready : pending).add(f);
      }
      for (F f : pending) {
        Object reg = f.addListener(collector);
        if (reg == null) {
          collector.futureDone(f); // finished since the first look
        } else {
          registrations.put(f, reg);
        }
      }
      if (yielded == total) {
        close();
      }
    }

    @Override
    public boolean hasNext() {
      return !closed && yielded < total;
    }

    @Override
    @SuppressWarnings("unchecked")
    public F next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      try {
        F f;
        if (readyPos < ready.size()) {
          f = java.util.Objects.requireNonNull(ready.get(readyPos));
          ready.set(readyPos++, null);
        } else {
          ManagedFuture<?> c;
          while ((c = collector.completed.poll()) == null) {
            if (!collector.park(!timed, deadline)) {
              throw FutureTimeoutException.unfinished(total - yielded, total);
            }
          }
          f = (F) c;
          registrations.remove(c); // done: its listener node went with its closed stack
        }
        yielded++;
        if (yielded == total) {
          close();
        }
        return f;
      } catch (RuntimeException | Error e) {
        close();
        throw e;
      }
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      for (Map.Entry<ManagedFuture<?>, Object> r : registrations.entrySet()) {
        r.getKey().removeListener(r.getValue());
      }
      registrations.clear();
      ready.clear();
    }
  }
}
