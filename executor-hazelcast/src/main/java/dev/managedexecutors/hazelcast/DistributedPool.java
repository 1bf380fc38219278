package dev.managedexecutors.hazelcast;

import com.hazelcast.cluster.MemberSelector;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.durableexecutor.DurableExecutorService;
import com.hazelcast.nio.serialization.DataSerializable;
import dev.managedexecutors.CloseableIterator;
import dev.managedexecutors.Drainable;
import dev.managedexecutors.ManagedExecutor;
import dev.managedexecutors.ManagedFuture;
import dev.managedexecutors.MapOptions;
import dev.managedexecutors.ShutdownReport;
import java.io.Serializable;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A distributed pool: a {@link ManagedExecutor} whose tasks run on the members of a Hazelcast
 * cluster, through Hazelcast's executor service ({@link IExecutorService}) or, for a pool built
 * {@linkplain Builder#durable(boolean) durable}, its durable executor service ({@link
 * DurableExecutorService}). Its futures are {@link ManagedFuture}s, so callbacks, {@code result}
 * and {@code exception} with timeouts, {@code toCompletableFuture}, {@code Futures.wait} and {@code
 * asCompleted} work as they do on a local pool.
 *
 * <ul>
 *   <li>Tasks must be serializable ({@link Serializable} or Hazelcast's {@link DataSerializable}):
 *       one that is not, or that Hazelcast fails to serialize, is refused at {@code submit} with an
 *       {@link IllegalArgumentException} naming its class. The same holds for the function given to
 *       {@code map}.
 *   <li>Routing: by default a task goes to any data member (or to one the pool's {@linkplain
 *       Builder#memberSelector selector} accepts); {@link #submitToKeyOwner} sends it to the owner
 *       of a key, {@link #submit(Callable, MemberSelector)} to a member a selector accepts. In a
 *       pool that is not durable, a task is addressed to one member, chosen at submit: the owner of
 *       a key is looked up then (a partition that migrates meanwhile does not follow it).
 *   <li>A future stays {@code PENDING} until its outcome arrives: whether the task has started on
 *       its member is not known here. {@code cancel} therefore succeeds until then and is passed on
 *       to the member, best effort, as Hazelcast's {@code cancel(true)}, which interrupts a running
 *       task.
 *   <li>If the task's member leaves the cluster, the future fails with {@link MemberLostException}
 *       naming the member, and the task is not run again (at most once); in a durable pool the task
 *       is carried out again on the member that takes over its partition (at least once), and the
 *       future finishes with that outcome.
 *   <li>{@code shutdown(wait, cancelFutures)} concerns what this pool object submitted: it stops
 *       accepting, cancels the futures not yet done if asked, and waits for the others. The
 *       cluster's executor service, used by the other members, is left running.
 * </ul>
 *
 * <p>Callbacks of its futures run in the callback executor ({@link Builder#callbackExecutor}),
 * never in Hazelcast's own I/O threads.
 *
 * <p>Thread-safety: safe for use by many threads. Memory consistency effects: actions in a thread
 * before it submits a task <i>happen-before</i> the task's serialization; the task's actions on its
 * member happen-before the future's outcome is visible here (through the cluster's messages).
 */
public final class DistributedPool implements ManagedExecutor, Drainable {
  /*
   * Implementation notes.
   *
   * The pool's state lives in two package-private helpers: PoolAccounting holds the futures not yet
   * done, the shutdown flag and the counts (its notes say how shutdown and submit are ordered);
   * MemberRouter chooses the member and the executor service, and translates Hazelcast's failures.
   * invokeAll/invokeAny are in Invocations, map in DistributedMapIterator, drain in DistributedDrain.
   */

  /** How long {@link #shutdown(Duration, boolean)} waits for the futures it cancelled: 500 ms. */
  public static final Duration CANCEL_GRACE = Duration.ofMillis(500);

  private final String name;
  private final String executorName;
  private final boolean durable;
  private final PoolAccounting accounting = new PoolAccounting();
  private final MemberRouter router;

  private DistributedPool(Builder b) {
    this.name = b.name;
    this.executorName = b.executorName == null ? b.name : b.executorName;
    this.durable = b.durable;
    this.router =
        new MemberRouter(
            b.hazelcast,
            name,
            executorName,
            durable,
            b.memberSelector,
            accounting,
            b.callbackExecutor);
  }

  /**
   * Starts a builder for a pool over the given member or client.
   *
   * @param hazelcast the Hazelcast instance (member or client) to submit through
   * @param name the pool's name, used in messages; also the executor service's name unless {@link
   *     Builder#executorName} says otherwise
   * @return a new builder
   * @throws NullPointerException if an argument is {@code null}
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public static Builder builder(HazelcastInstance hazelcast, String name) {
    return new Builder(hazelcast, name);
  }

  @Override
  public String name() {
    return name;
  }

  /**
   * Returns whether the pool uses Hazelcast's durable executor service.
   *
   * @return {@code true} for a durable pool
   */
  public boolean durable() {
    return durable;
  }

  // ---------------------------------------------------------------- submit

  @Override
  public <T extends @Nullable Object> ManagedFuture<T> submit(Callable<T> task) {
    Objects.requireNonNull(task, "task");
    return router.send(task, task, MemberRouter.Route.DEFAULT, null);
  }

  // The result is null; NullAway's non-JSpecify mode (all a JDK 17 compiler allows) cannot see
  // that T is a nullable type variable here.
  @SuppressWarnings("NullAway")
  @Override
  public ManagedFuture<?> submit(Runnable task) {
    return submit(task, null);
  }

  @Override
  public <T extends @Nullable Object> ManagedFuture<T> submit(Runnable task, T result) {
    Objects.requireNonNull(task, "task");
    return router.send(
        new RemoteTasks.RunnableTask<>(task, result), task, MemberRouter.Route.DEFAULT, null);
  }

  @Override
  @SuppressWarnings("FutureReturnValueIgnored") // execute() reports nothing, as its contract says
  public void execute(Runnable command) {
    submit(Objects.requireNonNull(command, "command"));
  }

  /**
   * Schedules {@code task} on the member that owns {@code key}'s partition, so that it can work on
   * that key's data locally.
   *
   * @param task the task, serializable
   * @param key the key whose owner runs the task
   * @param <T> the type of the result
   * @return the task's future
   * @throws IllegalArgumentException if the task cannot be serialized (the message names its class)
   * @throws RejectedExecutionException if the pool is shut down or Hazelcast refuses the task
   * @throws NullPointerException if an argument is {@code null}
   */
  public <T extends @Nullable Object> ManagedFuture<T> submitToKeyOwner(
      Callable<T> task, Object key) {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(key, "key");
    return router.send(task, task, MemberRouter.Route.KEY, key);
  }

  /**
   * Same as {@link #submitToKeyOwner(Callable, Object)} for a {@code Runnable}; the future's result
   * is {@code null}.
   *
   * @param task the task, serializable
   * @param key the key whose owner runs the task
   * @return the task's future
   * @throws IllegalArgumentException if the task cannot be serialized (the message names its class)
   * @throws RejectedExecutionException if the pool is shut down or Hazelcast refuses the task
   * @throws NullPointerException if an argument is {@code null}
   */
  // The result is null; NullAway's non-JSpecify mode (all a JDK 17 compiler allows) cannot see
  // that T is a nullable type variable here.
  @SuppressWarnings("NullAway")
  public ManagedFuture<?> submitToKeyOwner(Runnable task, Object key) {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(key, "key");
    return router.send(
        new RemoteTasks.RunnableTask<>(task, null), task, MemberRouter.Route.KEY, key);
  }

  /**
   * Schedules {@code task} on one of the members {@code selector} accepts. Not available in a
   * durable pool: Hazelcast's durable executor routes by partition only.
   *
   * @param task the task, serializable
   * @param selector which members may run the task
   * @param <T> the type of the result
   * @return the task's future
   * @throws IllegalArgumentException if the task cannot be serialized (the message names its class)
   * @throws UnsupportedOperationException if the pool is durable
   * @throws RejectedExecutionException if the pool is shut down, or Hazelcast refuses the task (for
   *     example because no member matches)
   * @throws NullPointerException if an argument is {@code null}
   */
  public <T extends @Nullable Object> ManagedFuture<T> submit(
      Callable<T> task, MemberSelector selector) {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(selector, "selector");
    router.requireMemberSelection(name);
    return router.send(task, task, MemberRouter.Route.SELECTOR, selector);
  }

  // ---------------------------------------------------------------- map

  /**
   * {@inheritDoc}
   *
   * <p>In a distributed pool {@code fn} must be serializable (for a lambda, cast it to {@code
   * (Function<T, R> & Serializable)}), and so must the items; each remote task carries one chunk of
   * {@code chunksize} items.
   *
   * @throws IllegalArgumentException if {@code fn} is not serializable (the message names its
   *     class)
   */
  @Override
  public <T extends @Nullable Object, R extends @Nullable Object> CloseableIterator<R> map(
      Function<? super T, ? extends R> fn, Iterable<? extends T> items, MapOptions options) {
    return DistributedMapIterator.overItems(this, router, fn, items, options);
  }

  /**
   * {@inheritDoc}
   *
   * <p>In a distributed pool {@code fn} must be serializable, and so must the items.
   *
   * @throws IllegalArgumentException if {@code fn} is not serializable (the message names its
   *     class)
   */
  @Override
  public <A extends @Nullable Object, B extends @Nullable Object, R extends @Nullable Object>
      CloseableIterator<R> map(
          BiFunction<? super A, ? super B, ? extends R> fn,
          Iterable<? extends A> first,
          Iterable<? extends B> second,
          MapOptions options) {
    return DistributedMapIterator.overPairs(this, router, fn, first, second, options);
  }

  // ---------------------------------------------------------------- invokeAll / invokeAny

  @Override
  public <T extends @Nullable Object> List<Future<T>> invokeAll(
      Collection<? extends Callable<T>> tasks) throws InterruptedException {
    return Invocations.invokeAll(this, tasks);
  }

  @Override
  public <T extends @Nullable Object> List<Future<T>> invokeAll(
      Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException {
    return Invocations.invokeAll(this, tasks, timeout, unit);
  }

  @Override
  public <T extends @Nullable Object> T invokeAny(Collection<? extends Callable<T>> tasks)
      throws InterruptedException, ExecutionException {
    try {
      return invokeAny(tasks, Long.MAX_VALUE, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no deadline", e);
    }
  }

  @Override
  public <T extends @Nullable Object> T invokeAny(
      Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    return Invocations.invokeAny(this, tasks, timeout, unit);
  }

  // ---------------------------------------------------------------- shutdown

  /**
   * {@inheritDoc}
   *
   * <p>In a distributed pool this concerns the futures this pool object handed out: with {@code
   * cancelFutures} every one not yet done is cancelled (here at once, and on its member best
   * effort); with {@code wait} the call returns when all of them are done. The cluster's executor
   * service is not shut down, since other members use it.
   *
   * <p>The pool has no worker threads on this member, so this never throws {@link
   * IllegalStateException}. Do not call it with {@code wait} from a done-callback of one of its
   * futures, though: the callback executor's thread may be the one that must complete the others.
   */
  @Override
  public void shutdown(boolean wait, boolean cancelFutures) {
    accounting.markShutdown(cancelFutures);
    if (wait) {
      accounting.awaitTerminationCancellingOnInterrupt();
    }
  }

  @Override
  public void shutdown() {
    shutdown(false, false);
  }

  /**
   * Stops accepting tasks and cancels every future not yet done (on its member, best effort). No
   * task is held on this member, so the list is always empty.
   *
   * @return an empty list
   */
  @Override
  public List<Runnable> shutdownNow() {
    shutdown(false, true);
    return List.of();
  }

  /**
   * Shuts the pool down gracefully and reports on its futures: stops accepting tasks (cancelling
   * those not done if {@code cancelPending}), waits up to {@code awaitTermination}, cancels those
   * still not done (on their members too, best effort, interrupting them) and waits up to {@link
   * #CANCEL_GRACE} for them. The cluster's executor service, used by other members, stays up.
   *
   * <p>The report counts this pool object's futures: {@code completed}, ended during the wait
   * (normally, by the task's failure or a lost member); {@code cancelled}, cancelled before the
   * deadline; {@code interrupted}, not done at the deadline and cancelled then (whether each had
   * started is not known here); {@code stillRunning}, not done when the grace ended.
   *
   * <p>Thread-safety: safe from any thread, concurrently with submissions and other shutdowns.
   * Blocks for at most about {@code awaitTermination} plus {@link #CANCEL_GRACE}; an interrupt ends
   * the current wait early and stays set. Not from a done-callback of its own futures (see {@link
   * #shutdown(boolean, boolean)}). Memory consistency effects: each completed future's outcome
   * happens-before the return.
   *
   * @param awaitTermination how long to wait for the futures before cancelling them; zero or
   *     positive
   * @param cancelPending whether to cancel the futures not yet done at once
   * @return what the shutdown did
   * @throws NullPointerException if {@code awaitTermination} is {@code null}
   * @throws dev.managedexecutors.InvalidSettingException if {@code awaitTermination} is negative
   *     (setting {@code awaitTermination}); the pool is then unchanged
   */
  @Override
  public ShutdownReport shutdown(Duration awaitTermination, boolean cancelPending) {
    return DistributedDrain.drain(this, awaitTermination, cancelPending);
  }

  @Override
  public boolean isShutdown() {
    return accounting.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return accounting.isTerminated();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return accounting.awaitTermination(timeout, unit);
  }

  // ---------------------------------------------------------------- stats

  /**
   * Returns a snapshot of what this pool submitted and how it ended. Never blocks.
   *
   * @return the statistics
   */
  public DistributedPoolStats stats() {
    return accounting.snapshot(name, executorName, durable);
  }

  /**
   * Adds a listener that is told the name of each member (as in {@link MemberStats#member()}) the
   * first time this pool addresses a task to it, and at once of every member addressed already;
   * meters use it to add a series per member. A member addressed while the listener is being added
   * may be told twice. The listener runs in the submitting thread, so it must be quick and must not
   * throw; a durable pool, whose members Hazelcast chooses, never calls it.
   *
   * <p>Thread-safety: safe to call from any thread; never blocks.
   *
   * @param listener told of each member
   * @throws NullPointerException if {@code listener} is {@code null}
   */
  public void addMemberListener(Consumer<? super String> listener) {
    accounting.addMemberListener(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public String toString() {
    String kind = durable ? ", durable" : "";
    return "DistributedPool[" + name + kind + ", executor " + executorName + "]";
  }

  // ---------------------------------------------------------------- builder

  /** Builds a {@link DistributedPool}. Not thread-safe: build in one thread. */
  public static final class Builder {
    private final HazelcastInstance hazelcast;
    private final String name;
    private @Nullable String executorName;
    private boolean durable;
    private @Nullable MemberSelector memberSelector;
    private @Nullable Executor callbackExecutor;

    private Builder(HazelcastInstance hazelcast, String name) {
      this.hazelcast = Objects.requireNonNull(hazelcast, "hazelcast");
      this.name = Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("name must not be blank");
      }
    }

    /**
     * Sets the name of the Hazelcast executor service (configured on the members with {@code
     * ExecutorConfig} or {@code DurableExecutorConfig}) the tasks go to; the pool's name by
     * default.
     *
     * @param executorName the executor service's name
     * @return this builder
     * @throws IllegalArgumentException if {@code executorName} is blank
     */
    public Builder executorName(String executorName) {
      Objects.requireNonNull(executorName, "executorName");
      if (executorName.isBlank()) {
        throw new IllegalArgumentException("executorName must not be blank");
      }
      this.executorName = executorName;
      return this;
    }

    /**
     * Whether to use Hazelcast's durable executor service, which carries a task out again on
     * another member when its member leaves; {@code false} by default. A durable pool routes by
     * partition only (no member selector).
     *
     * @param durable whether the pool is durable
     * @return this builder
     */
    public Builder durable(boolean durable) {
      this.durable = durable;
      return this;
    }

    /**
     * Restricts the members that run tasks submitted without a route; any member by default. Not
     * available for a durable pool.
     *
     * @param selector which members may run the pool's tasks
     * @return this builder
     */
    public Builder memberSelector(MemberSelector selector) {
      this.memberSelector = Objects.requireNonNull(selector, "selector");
      return this;
    }

    /**
     * Sets the executor that runs the futures' completion (and so their done-callbacks). By default
     * Hazelcast's default asynchronous executor does (the common {@code ForkJoinPool}), never its
     * I/O threads; give an executor of your own if callbacks may block for long.
     *
     * @param executor the executor for completions
     * @return this builder
     */
    public Builder callbackExecutor(Executor executor) {
      this.callbackExecutor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Builds the pool. Obtaining the executor service proxy does not start anything on the members
     * that is not started already.
     *
     * @return the pool
     * @throws IllegalArgumentException if the pool is durable and has a member selector
     */
    public DistributedPool build() {
      if (durable && memberSelector != null) {
        throw new IllegalArgumentException(
            "a durable distributed pool cannot have a member selector: Hazelcast's durable"
                + " executor routes by partition; durable=true, memberSelector="
                + memberSelector);
      }
      return new DistributedPool(this);
    }
  }
}
