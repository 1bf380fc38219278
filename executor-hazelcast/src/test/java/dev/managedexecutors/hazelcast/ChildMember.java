package dev.managedexecutors.hazelcast;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.managedexecutors.hazelcast.testing.LoopbackMembers;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * A member in a child JVM, for the member-loss tests: {@code ChildMember <cluster> <port>
 * <port,port,...>}. It joins with role {@code child}, prints {@code READY}, and ends when its
 * standard input closes (so it never outlives the test JVM), unless it is killed first.
 */
public final class ChildMember {
  private ChildMember() {}

  public static void main(String[] args) throws IOException {
    System.setProperty("hazelcast.phone.home.enabled", "false");
    System.setProperty("hazelcast.logging.type", "jdk");
    List<Integer> ports = Arrays.stream(args[2].split(",")).map(Integer::valueOf).toList();
    HazelcastInstance member =
        Hazelcast.newHazelcastInstance(
            LoopbackMembers.config(args[0], Integer.parseInt(args[1]), ports, "child"));
    System.out.println("READY " + member.getCluster().getLocalMember());
    System.out.flush();
    while (System.in.read() >= 0) {
      // wait for the parent to close our input
    }
    member.getLifecycleService().terminate();
    System.exit(0);
  }
}
