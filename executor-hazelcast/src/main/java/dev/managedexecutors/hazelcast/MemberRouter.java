package dev.managedexecutors.hazelcast;

import com.hazelcast.cluster.Cluster;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MemberSelector;
import com.hazelcast.cluster.memberselector.MemberSelectors;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.durableexecutor.DurableExecutorService;
import com.hazelcast.nio.serialization.DataSerializable;
import com.hazelcast.nio.serialization.HazelcastSerializationException;
import com.hazelcast.partition.PartitionService;
import com.hazelcast.spi.exception.TargetNotMemberException;
import dev.managedexecutors.ManagedFuture;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link DistributedPool} reaches the cluster: how a task is sent and its future completed,
 * which member it goes to, through which executor service, and what Hazelcast's failures mean for
 * the task's future.
 *
 * <p>Thread-safety: safe for use by many threads; holds no mutable state of its own.
 */
final class MemberRouter {
  /** How a task is addressed. */
  enum Route {
    DEFAULT,
    KEY,
    SELECTOR
  }

  private final String name;
  private final @Nullable MemberSelector defaultSelector;
  private final @Nullable IExecutorService executor;
  private final @Nullable DurableExecutorService durableExecutor;
  private final PartitionService partitionService;
  private final Cluster cluster;
  private final PoolAccounting accounting;
  private final @Nullable Executor callbackExecutor;

  MemberRouter(
      HazelcastInstance hazelcast,
      String name,
      String executorName,
      boolean durable,
      @Nullable MemberSelector defaultSelector,
      PoolAccounting accounting,
      @Nullable Executor callbackExecutor) {
    this.name = name;
    this.callbackExecutor = callbackExecutor;
    this.defaultSelector = defaultSelector;
    this.accounting = accounting;
    this.partitionService = hazelcast.getPartitionService();
    this.cluster = hazelcast.getCluster();
    if (durable) {
      this.executor = null;
      this.durableExecutor = hazelcast.getDurableExecutorService(executorName);
    } else {
      this.executor = hazelcast.getExecutorService(executorName);
      this.durableExecutor = null;
    }
  }

  /**
   * Sends a task and returns its future, which is completed from Hazelcast's outcome in the
   * callback executor. {@code userTask} is what the caller gave, named in messages.
   */
  @SuppressWarnings("unchecked")
  <T extends @Nullable Object> ManagedFuture<T> send(
      Callable<T> task, Object userTask, Route route, @Nullable Object target) {
    requireSerializable(userTask, "task");
    DistributedFuture<T> future = new DistributedFuture<>(accounting);
    if (!accounting.accept(future)) {
      accounting.discard(future, false);
      throw new RejectedExecutionException(
          "cannot schedule new tasks after shutdown: distributed pool '" + name + "'");
    }
    // Counted before the task is sent, so that a future cancelled meanwhile is counted in full.
    accounting.countSubmitted();
    Future<T> remote;
    try {
      remote = dispatch(future, task, route, target);
    } catch (HazelcastSerializationException e) {
      accounting.discard(future, true);
      throw new IllegalArgumentException(
          "task of class "
              + userTask.getClass().getName()
              + " cannot be serialized for distributed pool '"
              + name
              + "': "
              + rootCause(e),
          e);
    } catch (RejectedExecutionException e) {
      accounting.discard(future, true);
      throw e;
    } catch (RuntimeException e) {
      accounting.discard(future, true);
      throw new RejectedExecutionException(
          "distributed pool '" + name + "' could not submit the task: " + e, e);
    }
    String member = future.member();
    future.attach(remote);
    if (remote instanceof CompletionStage<?> stage) {
      CompletionStage<Object> s = (CompletionStage<Object>) stage;
      Executor ex = callbackExecutor;
      if (ex == null) {
        s.whenCompleteAsync((v, e) -> future.complete(v, translate(e, member)));
      } else {
        s.whenCompleteAsync((v, e) -> future.complete(v, translate(e, member)), ex);
      }
    } else {
      // Hazelcast's futures are all CompletionStages; this keeps no future pending if one is not.
      future.complete(
          null,
          new IllegalStateException(
              "Hazelcast returned a future that is not a CompletionStage: " + remote.getClass()));
    }
    return future;
  }

  /** Refuses member selection in a durable pool, whose executor routes by partition only. */
  void requireMemberSelection(String pool) {
    if (durableExecutor != null) {
      throw new UnsupportedOperationException(
          "distributed pool '"
              + pool
              + "' is durable: Hazelcast's durable executor routes by partition (any member or"
              + " submitToKeyOwner), not by member selector");
    }
  }

  /** Sends {@code task} by {@code route}, recording on {@code future} the member chosen, if any. */
  <T extends @Nullable Object> Future<T> dispatch(
      DistributedFuture<T> future, Callable<T> task, Route route, @Nullable Object target) {
    DurableExecutorService d = durableExecutor;
    if (d != null) {
      return route == Route.KEY
          ? d.submitToKeyOwner(task, Objects.requireNonNull(target))
          : d.submit(task);
    }
    IExecutorService x = Objects.requireNonNull(executor);
    Member member =
        switch (route) {
          case KEY -> partitionService.getPartition(Objects.requireNonNull(target)).getOwner();
          case SELECTOR -> pick((MemberSelector) Objects.requireNonNull(target));
          case DEFAULT -> {
            MemberSelector s = defaultSelector;
            yield pick(s == null ? MemberSelectors.DATA_MEMBER_SELECTOR : s);
          }
        };
    if (member == null) {
      // The key's partition has no owner yet (the cluster is starting): Hazelcast routes it.
      return x.submitToKeyOwner(task, Objects.requireNonNull(target));
    }
    String described = describe(member);
    accounting.countSentTo(described);
    future.sentTo(described);
    return x.submitToMember(task, member);
  }

  /**
   * Chooses the member for a task, at random among those {@code selector} accepts. The task is then
   * addressed to that member rather than to a partition, so that if the member leaves, the future
   * fails: Hazelcast would re-send a partition-addressed task to the partition's next owner, where
   * it could run a second time.
   */
  private Member pick(MemberSelector selector) {
    List<Member> candidates = new ArrayList<>();
    for (Member m : cluster.getMembers()) {
      if (selector.select(m)) {
        candidates.add(m);
      }
    }
    if (candidates.isEmpty()) {
      throw new RejectedExecutionException(
          "no member of the cluster is accepted by the member selector of distributed pool '"
              + name
              + "' ("
              + selector
              + ")");
    }
    return candidates.get(ThreadLocalRandom.current().nextInt(candidates.size()));
  }

  private static String describe(Member m) {
    return m.getAddress() + " - " + m.getUuid();
  }

  void requireSerializable(Object task, String what) {
    if (!(task instanceof Serializable) && !(task instanceof DataSerializable)) {
      throw new IllegalArgumentException(
          what
              + " of class "
              + task.getClass().getName()
              + " is not serializable, so distributed pool '"
              + name
              + "' cannot send it to a member: implement java.io.Serializable (for a lambda,"
              + " cast it to an intersection type such as (Callable<T> & Serializable))");
    }
  }

  /** What the future of a remote task finishes with, for what Hazelcast reported. */
  @Nullable Throwable translate(@Nullable Throwable e, @Nullable String member) {
    if (e == null) {
      return null;
    }
    Throwable t = e;
    while ((t instanceof CompletionException || t.getClass() == ExecutionException.class)
        && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof MemberLeftException left) {
      Member m = left.getMember();
      String who = m != null ? describe(m) : member != null ? member : "unknown member";
      return new MemberLostException(name, who, left);
    }
    if (t instanceof TargetNotMemberException notMember) {
      return new MemberLostException(
          name, member != null ? member : describeTarget(notMember), notMember);
    }
    return t;
  }

  static String rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t + ")";
  }

  private static String describeTarget(TargetNotMemberException e) {
    String m = e.getMessage();
    return m == null ? "unknown member" : "the target (" + m + ")";
  }
}
