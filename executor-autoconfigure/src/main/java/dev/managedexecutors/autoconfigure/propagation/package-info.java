/**
 * Context propagation into pool tasks through Micrometer's context-propagation library: the
 * submitter's MDC and current observation are visible while the task runs, and restored afterwards.
 * Referred to only when {@code io.micrometer:context-propagation} is on the class path.
 */
@NullMarked
package dev.managedexecutors.autoconfigure.propagation;

import org.jspecify.annotations.NullMarked;
