/**
 * Spring Boot Actuator support for managed-executors: the {@code executors} endpoint, which shows
 * each pool's settings and live statistics and can resize a pool at run time, and the {@code
 * executors} health contributor, which reports broken, shut-down and saturated pools.
 *
 * <p>Actuator types are referred to by name in the auto-configurations, so nothing here is loaded
 * when Actuator is not on the class path.
 */
@NullMarked
package dev.managedexecutors.actuate;

import org.jspecify.annotations.NullMarked;
