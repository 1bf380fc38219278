package dev.managedexecutors.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import java.io.IOException;
import java.io.Serializable;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * Serializable tasks for the tests. Members in the test JVM share its static state, so a task can
 * wait on a latch the test releases, named by a string.
 */
final class Tasks {
  private Tasks() {}

  static final ConcurrentHashMap<String, CountDownLatch> LATCHES = new ConcurrentHashMap<>();
  static final Set<String> STARTED = ConcurrentHashMap.newKeySet();
  static final Set<String> INTERRUPTED = ConcurrentHashMap.newKeySet();

  static CountDownLatch latch(String id) {
    return LATCHES.computeIfAbsent(id, k -> new CountDownLatch(1));
  }

  /** Returns a constant. */
  record Constant(String value) implements Callable<String>, Serializable {
    @Override
    public String call() {
      return value;
    }
  }

  /** Throws an IOException. */
  record Fails(String message) implements Callable<String>, Serializable {
    @Override
    public String call() throws IOException {
      throw new IOException(message);
    }
  }

  /** Marks itself started, waits for its latch, then returns its id; records an interrupt. */
  record Blocks(String id) implements Callable<String>, Serializable {
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
  static final class WhereAmI implements Callable<String>, Serializable, HazelcastInstanceAware {
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
  static final class NotSerializable implements Callable<String> {
    @Override
    public String call() {
      return "never";
    }
  }

  /** Serializable, but holds something that is not. */
  static final class HoldsNotSerializable implements Callable<String>, Serializable {
    private static final long serialVersionUID = 1L;

    @SuppressWarnings("unused") // serialized, and that fails
    private final Object payload = new Object();

    @Override
    public String call() {
      return "never";
    }
  }
}
