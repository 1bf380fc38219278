package dev.managedexecutors.hazelcast;

/**
 * An immutable snapshot of what one {@link DistributedPool} (on this member) submitted and how it
 * ended. Each figure is read without locking, so a snapshot taken while tasks finish may mix
 * instants a few nanoseconds apart. When the pool is quiet the counts add up: {@code completed +
 * failed + cancelled + inFlight == submitted}; {@code rejected} submissions are not in {@code
 * submitted}.
 *
 * @param name the pool's name
 * @param executorName the name of the Hazelcast executor service the tasks go to
 * @param durable whether the pool uses Hazelcast's durable executor service
 * @param submitted tasks accepted by this pool
 * @param completed tasks whose futures finished with a result
 * @param failed tasks whose futures finished with an exception (including {@code memberLost})
 * @param cancelled tasks whose futures were cancelled
 * @param rejected submissions refused (after shutdown, or refused by Hazelcast)
 * @param memberLost tasks that failed with {@link MemberLostException}
 * @param inFlight futures not done yet
 * @param shutdown whether the pool accepts no more tasks
 * @param terminated whether the pool has shut down and every future it handed out is done
 * @param members the same counts per member the pool addressed tasks to, ordered by member (not for
 *     a durable pool, whose members Hazelcast chooses); a member that left stays listed
 */
public record DistributedPoolStats(
    String name,
    String executorName,
    boolean durable,
    long submitted,
    long completed,
    long failed,
    long cancelled,
    long rejected,
    long memberLost,
    int inFlight,
    boolean shutdown,
    boolean terminated,
    java.util.List<MemberStats> members) {}
