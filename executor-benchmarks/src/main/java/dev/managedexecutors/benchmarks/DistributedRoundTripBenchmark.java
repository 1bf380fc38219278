package dev.managedexecutors.benchmarks;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MemberSelector;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import dev.managedexecutors.ManagedThreadPool;
import dev.managedexecutors.hazelcast.DistributedPool;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one remote round trip: one thread submits a no-op serializable task to the other of
 * two Hazelcast members embedded in this JVM (on 127.0.0.1, TCP-IP join, phone-home off) and waits
 * for its result, again and again. {@code DISTRIBUTED_POOL} goes through our {@link
 * DistributedPool} ({@code submit(task, selector)}, then {@code result()}); {@code
 * HAZELCAST_EXECUTOR} is the baseline, Hazelcast's own {@link IExecutorService} ({@code
 * submit(task, selector)}, then {@code get()}), to the same member through the same executor
 * service. {@code DISTRIBUTED_POOL_DIRECT_CALLBACKS} completes the pool's futures in the thread
 * that receives the response, to show what the default hand-off to the callback executor costs.
 * {@code LOCAL_POOL} is a local {@link ManagedThreadPool} of two workers, for the cost of going
 * remote at all. Run in one JMH run, so the ratios share the machine's load.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "-Xms1g",
      "-Xmx1g",
      "-Dhazelcast.phone.home.enabled=false",
      "-Dhazelcast.logging.type=none"
    })
@State(Scope.Benchmark)
public class DistributedRoundTripBenchmark {
  /** Where the task goes. */
  public enum Kind {
    /** Our distributed pool, to the other member. */
    DISTRIBUTED_POOL,
    /**
     * The same, its futures completed in the thread that receives the response instead of the
     * default callback executor (the common ForkJoinPool): how much that hand-off costs.
     */
    DISTRIBUTED_POOL_DIRECT_CALLBACKS,
    /** Hazelcast's IExecutorService, to the other member: the baseline. */
    HAZELCAST_EXECUTOR,
    /** A local ManagedThreadPool of two workers. */
    LOCAL_POOL
  }

  /** Where the task goes. */
  @Param public Kind kind = Kind.HAZELCAST_EXECUTOR;

  private final List<HazelcastInstance> members = new ArrayList<>();
  private @Nullable DistributedPool pool;
  private @Nullable IExecutorService raw;
  private @Nullable ManagedThreadPool local;
  private MemberSelector other = m -> false;

  /** Starts the two members, or the local pool. */
  @Setup
  public void start() {
    if (kind == Kind.LOCAL_POOL) {
      local = ManagedThreadPool.builder("local").maxWorkers(2).coreWorkers(2).build();
      return;
    }
    members.addAll(EmbeddedMembers.start(2, c -> {}));
    HazelcastInstance submitter = members.get(0);
    Member remote = members.get(1).getCluster().getLocalMember();
    other = m -> m.getUuid().equals(remote.getUuid());
    DistributedPool.Builder builder = DistributedPool.builder(submitter, "bench");
    if (kind == Kind.DISTRIBUTED_POOL_DIRECT_CALLBACKS) {
      builder.callbackExecutor(Runnable::run);
    }
    pool = builder.build();
    raw = submitter.getExecutorService("bench");
  }

  /** Stops the members, or the local pool. */
  @TearDown
  public void stop() {
    if (pool != null) {
      pool.shutdownNow();
    }
    if (local != null) {
      local.shutdownNow();
    }
    EmbeddedMembers.stop(members);
  }

  /**
   * Submits a no-op task and waits for its result.
   *
   * @return the task's result
   * @throws Exception if the task fails
   */
  @Benchmark
  public Object submitAndWait() throws Exception {
    switch (kind) {
      case DISTRIBUTED_POOL:
      case DISTRIBUTED_POOL_DIRECT_CALLBACKS:
        return Objects.requireNonNull(pool).submit(Noop.INSTANCE, other).result();
      case HAZELCAST_EXECUTOR:
        try {
          return Objects.requireNonNull(raw).submit(Noop.INSTANCE, other).get();
        } catch (ExecutionException e) {
          throw new IllegalStateException(e.getCause());
        }
      case LOCAL_POOL:
      default:
        return Objects.requireNonNull(local).submit(Noop.INSTANCE).result();
    }
  }

  /** A serializable task that returns at once. */
  static final class Noop implements Callable<Integer>, Serializable {
    private static final long serialVersionUID = 1L;
    static final Noop INSTANCE = new Noop();

    @Override
    public Integer call() {
      return 1;
    }
  }
}
