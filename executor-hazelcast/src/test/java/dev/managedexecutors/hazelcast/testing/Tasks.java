package dev.managedexecutors.hazelcast.testing;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import java.io.IOException;
import java.io.Serializable;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * Serializable tasks for the tests, shared with the other modules through this module's test-jar.
 * Members in the test JVM share its static state, so a task can wait on a latch the test releases,
 * named by a string. Thread-safety: safe for use by many threads.
 */
public final class Tasks {
  private Tasks() {}

  public static final ConcurrentHashMap<String, CountDownLatch> LATCHES = new ConcurrentHashMap<>();
  public static final Set<String> STARTED = ConcurrentHashMap.newKeySet();
  public static final Set<String> INTERRUPTED = ConcurrentHashMap.newKeySet();

  /**
   * Returns the latch named {@code id}, creating it if needed.
   *
   * @param id the latch's name
   * @return the latch, with a count of 1 when created
   */
  public static CountDownLatch latch(String id) {
    return LATCHES.computeIfAbsent(id, k -> new CountDownLatch(1));
  }

  /**
   * Returns a task that waits for a latch of its own, created now.
   *
   * @return the task; {@link #release} lets it end
   */
  public static Blocks blocks() {
    String id = UUID.randomUUID().toString();
    latch(id);
    return new Blocks(id);
  }

  /**
   * Lets a task made by {@link #blocks()} end, or never wait.
   *
   * @param task the task
   */
  public static void release(Blocks task) {
    latch(task.id()).countDown();
  }

  /** Releases every latch made so far, so no task is left waiting at the end of a test class. */
  public static void releaseAll() {
    LATCHES.values().forEach(CountDownLatch::countDown);
  }

  /** Returns a constant. */
  public record Constant(String value) implements Callable<String>, Serializable {
    @Override
    public String call() {
      return value;
    }
  }

  /** Throws an IOException. */
  public record Fails(String message) implements Callable<String>, Serializable {
    @Override
    public String call() throws IOException {
      throw new IOException(message);
    }
  }

  /** Marks itself started, waits for its latch, then returns its id; records an interrupt. */
  public record Blocks(String id) implements Callable<String>, Serializable {
    @Override
    public String call() throws InterruptedException {
      STARTED.add(id);
      try {
        latch(id).await();
      } catch (InterruptedException e) {
        INTERRUPTED.add(id);
        throw e;
      }
      return id;
    }
  }

  /** Returns the UUID of the member that runs it. */
  public static final class WhereAmI
      implements Callable<String>, Serializable, HazelcastInstanceAware {
    private static final long serialVersionUID = 1L;
    private transient HazelcastInstance hazelcast;

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
      this.hazelcast = hazelcastInstance;
    }

    @Override
    public String call() {
      return hazelcast.getCluster().getLocalMember().getUuid().toString();
    }
  }

  /** Not serializable at all. */
  public static final class NotSerializable implements Callable<String> {
    @Override
    public String call() {
      return "never";
    }
  }

  /** Serializable, but holds something that is not. */
  public static final class HoldsNotSerializable implements Callable<String>, Serializable {
    private static final long serialVersionUID = 1L;

    @SuppressWarnings("unused") // serialized, and that fails
    private final Object payload = new Object();

    @Override
    public String call() {
      return "never";
    }
  }
}
