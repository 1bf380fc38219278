/**
 * Distributed pools on Hazelcast ({@code executor-hazelcast}), declared under {@code
 * managed-executors.distributed}: their beans, their graceful shutdown and their place in the
 * {@code executors} endpoint. Hazelcast and {@code executor-hazelcast} are referred to by name in
 * conditions, so nothing here is loaded without them.
 */
@NullMarked
package dev.managedexecutors.autoconfigure.hazelcast;

import org.jspecify.annotations.NullMarked;
