package dev.managedexecutors.benchmarks;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Names the JDK-based pools' workers {@code <name>-<n>} and makes them daemon threads, as the
 * managed pool's are here, so a benchmark fork that fails cannot hang on them.
 */
final class WorkerThreads implements ThreadFactory {
  private final String name;
  private final AtomicInteger count = new AtomicInteger();

  WorkerThreads(String name) {
    this.name = name;
  }

  @Override
  public Thread newThread(Runnable r) {
    Thread t = new Thread(r, name + "-" + count.incrementAndGet());
    t.setDaemon(true);
    return t;
  }
}
