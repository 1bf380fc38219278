/**
 * Distributed pools: {@link dev.managedexecutors.hazelcast.DistributedPool}, a {@link
 * dev.managedexecutors.ManagedExecutor} whose serializable tasks run on the members of a Hazelcast
 * cluster, through Hazelcast's executor service or its durable executor service.
 *
 * <p>Every type here is safe for use by many threads unless its Javadoc says otherwise.
 */
@NullMarked
package dev.managedexecutors.hazelcast;

import org.jspecify.annotations.NullMarked;
