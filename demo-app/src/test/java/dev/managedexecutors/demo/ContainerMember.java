package dev.managedexecutors.demo;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.managedexecutors.hazelcast.testing.LoopbackMembers;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A Hazelcast member for {@link DistributedMemberContainerIT}, run in the JRE image: {@code
 * ContainerMember <cluster> <port> <port,port,...>}. It joins with role {@code container}, prints
 * {@code READY}, and runs until its container is killed or stopped.
 */
public final class ContainerMember {
  private ContainerMember() {}

  /**
   * Starts the member.
   *
   * @param args the cluster name, this member's port, and every member's port
   * @throws InterruptedException never: the member runs until its JVM ends
   */
  public static void main(String[] args) throws InterruptedException {
    System.setProperty("hazelcast.phone.home.enabled", "false");
    List<Integer> ports = Arrays.stream(args[2].split(",")).map(Integer::valueOf).toList();
    HazelcastInstance member =
        Hazelcast.newHazelcastInstance(
            LoopbackMembers.config(args[0], Integer.parseInt(args[1]), ports, "container"));
    System.out.println("READY " + member.getCluster().getLocalMember());
    System.out.flush();
    new CountDownLatch(1).await(); // until docker kill or docker stop ends the JVM
  }
}
