package dev.managedexecutors.demo;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import dev.managedexecutors.ManagedExecutor;
import java.io.Serializable;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Profile;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The {@code hazelcast} profile's load: every 500 ms, while {@code demo.load.enabled} is true, a
 * few blocking tasks through the distributed pool {@code reports}. Each task runs on whichever
 * member the pool picks (this demo's, or another demo's on the same machine) and returns that
 * member's address; the {@code executors} endpoint counts the work per member.
 *
 * <p>Implementation notes: the scheduler never runs {@link #tick()} twice at once; {@code rejected}
 * and {@code failed} are atomic because web threads read them and the futures' callback threads
 * update {@code failed}.
 */
@Component
@Profile("hazelcast")
public class DistributedLoad {
  private static final int TASKS_PER_TICK = 4;

  private final ManagedExecutor reports;
  private final LoadGenerator load;
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  /**
   * Creates the load.
   *
   * @param reports the distributed pool
   * @param load the built-in load, whose on/off switch this load follows
   */
  public DistributedLoad(@Qualifier("reports") ManagedExecutor reports, LoadGenerator load) {
    this.reports = reports;
    this.load = load;
  }

  /** Submits one tick's tasks, if the load is on. */
  @Scheduled(fixedDelay = 500)
  public void tick() {
    if (!load.enabled()) {
      return;
    }
    for (int i = 0; i < TASKS_PER_TICK; i++) {
      try {
        reports
            .submit(new RemoteReport(ThreadLocalRandom.current().nextInt(50, 150)))
            .addDoneCallback(
                f -> {
                  if (!f.cancelled() && f.exception(Duration.ZERO) != null) {
                    failed.incrementAndGet(); // e.g. its member left (MemberLostException)
                  }
                });
      } catch (RejectedExecutionException e) {
        rejected.incrementAndGet(); // shutting down, or the cluster refused it
      }
    }
  }

  /**
   * Returns how many submissions were refused.
   *
   * @return the count
   */
  public long rejected() {
    return rejected.get();
  }

  /**
   * Returns how many tasks failed, for example because their member left.
   *
   * @return the count
   */
  public long failed() {
    return failed.get();
  }

  /** A blocking task that tells which member ran it. Serializable: it travels to a member. */
  static final class RemoteReport
      implements Callable<String>, Serializable, HazelcastInstanceAware {
    private static final long serialVersionUID = 1L;
    private final int millis;
    private transient @Nullable HazelcastInstance member;

    RemoteReport(int millis) {
      this.millis = millis;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
      this.member = hazelcastInstance;
    }

    @Override
    public String call() {
      Work.blockingCall(millis);
      HazelcastInstance m = member;
      return m == null ? "unknown" : m.getCluster().getLocalMember().getAddress().toString();
    }
  }
}
