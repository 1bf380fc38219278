package dev.managedexecutors.benchmarks;

import com.hazelcast.core.HazelcastInstance;
import dev.managedexecutors.ManagedFuture;
import dev.managedexecutors.hazelcast.DistributedPool;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scale-out of a {@link DistributedPool}: tasks per second through a cluster of 1, 2 and 3
 * Hazelcast members embedded in this JVM (on 127.0.0.1, TCP-IP join, phone-home off, see {@link
 * EmbeddedMembers}), each running the pool's executor service with {@value #POOL_SIZE} threads. One
 * thread submits a batch of {@value #BATCH} tasks through the pool (default routing: a member at
 * random per task) and then waits for all of them; the score is tasks per second.
 *
 * <p>Each task blocks for about {@value #TASK_MILLIS} ms, as a task waiting on I/O would: members
 * in one JVM share the machine's cores, so CPU-bound tasks could not run faster with more members
 * on 2 cores, whereas blocked threads cost no CPU, and the capacity in threads grows with the
 * members. The ideal is {@code members × POOL_SIZE / TASK_MILLIS} tasks per millisecond; the random
 * routing of a finite batch leaves some members with more than their share, so the real figure is
 * somewhat below it.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(DistributedScaleOutBenchmark.BATCH)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "-Xms1g",
      "-Xmx1g",
      "-Dhazelcast.phone.home.enabled=false",
      "-Dhazelcast.logging.type=none"
    })
@State(Scope.Benchmark)
public class DistributedScaleOutBenchmark {
  /** Tasks submitted, then awaited, per benchmark invocation. */
  static final int BATCH = 240;

  /** Threads of the executor service on each member. */
  static final int POOL_SIZE = 4;

  /** How long each task blocks. */
  static final int TASK_MILLIS = 2;

  private static final String EXECUTOR = "scale-out";

  /** Members in the cluster. */
  @Param({"1", "2", "3"})
  public int members = 1;

  private final List<HazelcastInstance> cluster = new ArrayList<>();
  private @Nullable DistributedPool pool;

  /** Starts the members and the pool, which submits through the first member. */
  @Setup
  public void start() {
    cluster.addAll(
        EmbeddedMembers.start(members, c -> c.getExecutorConfig(EXECUTOR).setPoolSize(POOL_SIZE)));
    pool = DistributedPool.builder(cluster.get(0), EXECUTOR).build();
  }

  /** Stops the pool and the members. */
  @TearDown
  public void stop() {
    if (pool != null) {
      pool.shutdownNow();
    }
    EmbeddedMembers.stop(cluster);
  }

  /**
   * Submits {@value #BATCH} blocking tasks and waits for all of them.
   *
   * @return the sum of the tasks' results
   * @throws Exception if a task fails
   */
  @Benchmark
  public long batch() throws Exception {
    DistributedPool p = Objects.requireNonNull(pool);
    List<ManagedFuture<Integer>> futures = new ArrayList<>(BATCH);
    for (int i = 0; i < BATCH; i++) {
      futures.add(p.submit(Blocking.INSTANCE));
    }
    long sum = 0;
    for (ManagedFuture<Integer> f : futures) {
      sum += f.result();
    }
    return sum;
  }

  /** A serializable task that blocks for {@value #TASK_MILLIS} ms, as one waiting on I/O would. */
  static final class Blocking implements Callable<Integer>, Serializable {
    private static final long serialVersionUID = 1L;
    static final Blocking INSTANCE = new Blocking();

    @Override
    public Integer call() throws InterruptedException {
      Thread.sleep(TASK_MILLIS); // ALLOW-SLEEP: simulates I/O, so that more members mean more work
      return 1;
    }
  }
}
