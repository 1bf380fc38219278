package dev.managedexecutors;

import java.util.Set;

/**
 * What {@link Futures#wait} returns: the futures that were done when it returned, and the others.
 * Both sets are unmodifiable and keep the order in which the futures were passed in.
 *
 * @param done futures that finished or were cancelled
 * @param notDone futures still pending or running
 * @param <F> the type of the futures
 */
public record DoneAndNotDone<F>(Set<F> done, Set<F> notDone) {
  /**
   * Creates the pair, keeping unmodifiable views.
   *
   * @param done futures that finished or were cancelled
   * @param notDone futures still pending or running
   */
  public DoneAndNotDone {
    done = java.util.Collections.unmodifiableSet(done);
    notDone = java.util.Collections.unmodifiableSet(notDone);
  }
}
