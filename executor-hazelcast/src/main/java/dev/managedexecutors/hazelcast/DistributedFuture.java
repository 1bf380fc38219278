package dev.managedexecutors.hazelcast;

import dev.managedexecutors.InvalidStateException;
import dev.managedexecutors.ManagedFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * The future of a task sent to the cluster. It stays {@code PENDING} until Hazelcast reports the
 * outcome (whether the task started on its member is not known here), so {@link #cancel()} works
 * until then; a cancel is passed on to Hazelcast, best effort, with {@code cancel(true)}.
 *
 * <p>Implementation notes: {@code remote} is set once Hazelcast accepted the task; a cancel that
 * came before is passed on right after it is set. {@code accounted} makes sure the pool's counts
 * are updated once, by {@link #afterDone()} or by a submission that failed.
 */
final class DistributedFuture<T extends @Nullable Object> extends ManagedFuture<T> {
  private final PoolAccounting accounting;
  private final AtomicBoolean accounted = new AtomicBoolean();
  private volatile @Nullable Future<?> remote;
  private volatile @Nullable String member;

  DistributedFuture(PoolAccounting accounting) {
    this.accounting = accounting;
  }

  /** Records the member the task is addressed to (before it is sent). */
  void sentTo(String memberDescription) {
    member = memberDescription;
  }

  /** The member the task was addressed to, or {@code null} if Hazelcast chose it. */
  @Nullable String member() {
    return member;
  }

  void attach(Future<?> remoteFuture) {
    remote = remoteFuture;
    if (cancelled()) {
      cancelRemote(remoteFuture);
    }
  }

  /** Finishes from Hazelcast's outcome; a future already cancelled here stays cancelled. */
  // T is "@Nullable Object" here; NullAway's non-JSpecify mode cannot see it.
  @SuppressWarnings({"unchecked", "NullAway"})
  void complete(@Nullable Object value, @Nullable Throwable failure) {
    if (done()) {
      return;
    }
    try {
      if (failure == null) {
        setResult((T) value);
      } else if (failure instanceof java.util.concurrent.CancellationException) {
        cancel();
      } else {
        setException(failure);
      }
    } catch (InvalidStateException raced) {
      // Cancelled meanwhile: the cancel stands.
    }
  }

  boolean claimAccounting() {
    return accounted.compareAndSet(false, true);
  }

  @Override
  protected void afterDone() {
    if (cancelled()) {
      Future<?> r = remote;
      if (r != null) {
        cancelRemote(r);
      }
    }
    if (claimAccounting()) {
      accounting.finished(this);
    }
  }

  @Override
  protected void interruptTask() {
    // Never RUNNING here, but a cancel(true) still asks the member to stop the task.
    Future<?> r = remote;
    if (r != null) {
      cancelRemote(r);
    }
  }

  private static void cancelRemote(Future<?> r) {
    try {
      r.cancel(true);
    } catch (RuntimeException e) {
      // Best effort: the member may have left, or the durable executor may not cancel.
    }
  }
}
