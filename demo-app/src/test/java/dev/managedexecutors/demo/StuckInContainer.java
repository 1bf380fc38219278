package dev.managedexecutors.demo;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * On the member with role {@code container}: writes the marker file (in a directory mounted into
 * the container), so the test knows the task runs there, then works until the container is killed
 * or paused. On any other member: returns {@code "done on <uuid>"} at once, so that a durable task
 * carried out again elsewhere finishes.
 */
final class StuckInContainer implements Callable<String>, Serializable, HazelcastInstanceAware {
  private static final long serialVersionUID = 1L;

  private final String marker;
  private transient @Nullable HazelcastInstance hazelcast;

  StuckInContainer(Path marker) {
    this.marker = marker.toString();
  }

  @Override
  public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
    this.hazelcast = hazelcastInstance;
  }

  @Override
  public String call() throws IOException, InterruptedException {
    Member local = Objects.requireNonNull(hazelcast).getCluster().getLocalMember();
    if ("container".equals(local.getAttribute("role"))) {
      Files.writeString(Path.of(marker), local.toString());
      Thread.sleep(600_000); // ALLOW-SLEEP: long work that the test ends by killing its container
    }
    return "done on " + local.getUuid();
  }
}
