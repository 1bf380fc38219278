package dev.managedexecutors.demo;

import java.util.concurrent.TimeUnit;

/** The simulated work the demo's tasks do: waiting, as for another service, or computing. */
final class Work {

  private Work() {}

  /**
   * Waits, as a call to another service would. Returns early, with the interrupt flag set, if
   * interrupted (as on a forced shutdown).
   *
   * @param millis how long to wait
   * @return {@code millis}
   */
  static int blockingCall(int millis) {
    try {
      // Simulated I/O, not synchronisation.
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return millis;
  }

  /**
   * Keeps a CPU busy for about {@code micros} microseconds and returns a value that depends on
   * every step, so the loop is not optimised away.
   *
   * @param seed the input
   * @param micros how long to compute
   * @return a checksum
   */
  static long compute(long seed, long micros) {
    long deadline = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(micros);
    long x = seed | 1;
    while (System.nanoTime() < deadline) {
      for (int i = 0; i < 256; i++) {
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
      }
    }
    return x;
  }
}
