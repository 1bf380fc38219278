package dev.managedexecutors.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * On the member with role {@code child}: creates the marker file, so the test knows the task is
 * running there, and then works until the member is killed. On any other member: returns {@code
 * "done on <uuid>"} at once (so a durable task carried out again elsewhere finishes).
 */
final class StuckOnChild implements Callable<String>, Serializable, HazelcastInstanceAware {
  private static final long serialVersionUID = 1L;

  private final String marker;
  private transient HazelcastInstance hazelcast;

  StuckOnChild(Path marker) {
    this.marker = marker.toString();
  }

  @Override
  public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
    this.hazelcast = hazelcastInstance;
  }

  @Override
  public String call() throws IOException, InterruptedException {
    var local = hazelcast.getCluster().getLocalMember();
    if ("child".equals(local.getAttribute("role"))) {
      Files.writeString(Path.of(marker), local.toString());
      Thread.sleep(600_000); // ALLOW-SLEEP: long work that the test ends by killing this member
    }
    return "done on " + local.getUuid();
  }
}
