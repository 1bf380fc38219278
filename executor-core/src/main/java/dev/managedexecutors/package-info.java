/**
 * Python's {@code concurrent.futures} model for Java: {@link dev.managedexecutors.ManagedFuture},
 * {@link dev.managedexecutors.ManagedExecutor}, the {@link dev.managedexecutors.ManagedThreadPool}
 * and the module functions in {@link dev.managedexecutors.Futures}.
 *
 * <p>Plain Java with no runtime dependencies. Every type here is safe for use by many threads
 * unless its Javadoc says otherwise.
 */
@NullMarked
package dev.managedexecutors;

import org.jspecify.annotations.NullMarked;
