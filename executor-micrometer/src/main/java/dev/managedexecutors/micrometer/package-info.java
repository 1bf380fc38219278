/**
 * Micrometer meters for a {@link dev.managedexecutors.ManagedThreadPool}, under the names and units
 * of Micrometer's own executor metrics. No Spring here: usable from any application.
 */
@NullMarked
package dev.managedexecutors.micrometer;

import org.jspecify.annotations.NullMarked;
