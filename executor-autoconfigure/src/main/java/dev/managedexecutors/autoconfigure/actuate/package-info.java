/**
 * Auto-configuration of the Actuator support ({@link dev.managedexecutors.actuate}): the {@code
 * executors} endpoint and health contributor. Actuator's classes are referred to by name in
 * conditions, so nothing here is loaded without Actuator.
 */
@NullMarked
package dev.managedexecutors.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
