package dev.managedexecutors.hazelcast;

/**
 * What one {@link DistributedPool} sent to one member and how it ended, part of {@link
 * DistributedPoolStats}. Immutable. Tasks whose member is chosen by Hazelcast (those of a durable
 * pool) are not counted per member.
 *
 * @param member the member, as its address and UUID ({@code [127.0.0.1]:5701 - <uuid>})
 * @param submitted tasks sent to the member
 * @param completed of those, tasks whose futures finished with a result
 * @param failed of those, tasks whose futures finished with an exception (including the member's
 *     loss)
 * @param cancelled of those, tasks whose futures were cancelled
 * @param inFlight of those, futures not done yet
 */
public record MemberStats(
    String member, long submitted, long completed, long failed, long cancelled, long inFlight) {}
