/**
 * Spring Boot auto-configuration of managed-executors: pools declared under {@code
 * managed-executors.pools.<name>.*} become {@link dev.managedexecutors.ManagedExecutor} beans, the
 * primary pool serves {@code @Async}, Spring MVC async requests and the bootstrap executor, and
 * invalid settings fail start-up with a report that names the property.
 *
 * <p>This package only maps properties to the core's builder and wires beans; everything that is
 * true without Spring lives in {@code executor-core}.
 */
@NullMarked
package dev.managedexecutors.autoconfigure;

import org.jspecify.annotations.NullMarked;
