/** Graceful shutdown of the configured pools, bound to the application context's lifecycle. */
@NullMarked
package dev.managedexecutors.autoconfigure.lifecycle;

import org.jspecify.annotations.NullMarked;
