package dev.managedexecutors;

import static org.awaitility.Awaitility.await;

import java.util.Arrays;

/**
 * Waits until a thread is parked inside a named method, not merely in some wait state: a {@code
 * TIMED_WAITING} thread may as well be in a class-loading lock, a log handler or another wait of
 * the code under test.
 */
final class ParkedThreads {
  private ParkedThreads() {}

  /**
   * Returns once {@code thread} is waiting (timed or not) with a frame of {@code type}'s method
   * {@code method} on its stack; fails (Awaitility's default limit) if it never is.
   */
  static void awaitParkedIn(Thread thread, Class<?> type, String method) {
    awaitParkedIn(thread, type.getName(), method);
  }

  /** As {@link #awaitParkedIn(Thread, Class, String)}, for a class the test cannot name. */
  static void awaitParkedIn(Thread thread, String className, String method) {
    await()
        .alias(thread.getName() + " parked in " + className + "." + method)
        .until(() -> isParkedIn(thread, className, method));
  }

  static boolean isParkedIn(Thread thread, String className, String method) {
    Thread.State state = thread.getState();
    if (state != Thread.State.WAITING && state != Thread.State.TIMED_WAITING) {
      return false;
    }
    return Arrays.stream(thread.getStackTrace())
        .anyMatch(f -> f.getClassName().equals(className) && f.getMethodName().equals(method));
  }
}
