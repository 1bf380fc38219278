/**
 * Micrometer wiring for the pools. Every Micrometer type is referred to by name in conditions, so
 * nothing here is loaded when Micrometer is not on the class path.
 */
@NullMarked
package dev.managedexecutors.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
