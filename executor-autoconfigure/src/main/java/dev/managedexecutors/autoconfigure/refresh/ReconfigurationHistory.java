package dev.managedexecutors.autoconfigure.refresh;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The last live reconfigurations, applied or refused, newest first, as the {@code executors}
 * endpoint shows them. Keeps at most {@link #CAPACITY}.
 *
 * <p>Thread-safety: safe for use by many threads; each method holds the history's lock briefly and
 * never calls out while holding it.
 */
public final class ReconfigurationHistory {
  /** How many reconfigurations are kept: 20. */
  public static final int CAPACITY = 20;

  private final Deque<Reconfiguration> last = new ArrayDeque<>();

  /** Creates an empty history. */
  public ReconfigurationHistory() {}

  /**
   * Adds a reconfiguration, dropping the oldest beyond {@link #CAPACITY}.
   *
   * @param reconfiguration what happened
   */
  public synchronized void add(Reconfiguration reconfiguration) {
    last.addFirst(reconfiguration);
    while (last.size() > CAPACITY) {
      last.removeLast();
    }
  }

  /**
   * Returns the reconfigurations kept, newest first.
   *
   * @return a copy
   */
  public synchronized List<Reconfiguration> recent() {
    return new ArrayList<>(last);
  }
}
