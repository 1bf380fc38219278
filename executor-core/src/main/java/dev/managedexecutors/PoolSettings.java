package dev.managedexecutors;

import dev.managedexecutors.stats.TaskListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The settings of a {@link ManagedThreadPool} and their validation: the state and setters of its
 * {@link ManagedThreadPool.Builder}. Each setter checks its argument at once and throws {@link
 * IllegalArgumentException} naming the setting and the value; {@link #checkSizes} checks the sizes
 * against each other. Not thread-safe.
 */
abstract class PoolSettings {
  final String name;
  int maxWorkers = ManagedThreadPool.defaultMaxWorkers();
  int coreWorkers;
  int queueCapacity = ManagedThreadPool.UNBOUNDED;
  Duration keepAlive = Duration.ofSeconds(60);
  @Nullable String threadNamePrefix;
  boolean daemon;
  boolean virtualThreads;
  @Nullable Runnable initializer;
  RejectionPolicy rejection = RejectionPolicy.ABORT;
  Duration blockTimeout = Duration.ofSeconds(10);
  @Nullable UnaryOperator<Runnable> taskDecorator;
  boolean prestart;
  @Nullable Duration queueTimeout;
  @Nullable Duration runTimeout;
  final List<TaskListener> listeners = new ArrayList<>();

  /**
   * Sets the most workers that may run at once. Default: {@code min(32, availableProcessors + 4)},
   * as in Python.
   *
   * @param maxWorkers 1 or more, at most 32767
   * @return this builder
   * @throws IllegalArgumentException if {@code maxWorkers} is out of range
   */
  public ManagedThreadPool.Builder maxWorkers(int maxWorkers) {
    checkSizes(0, maxWorkers);
    this.maxWorkers = maxWorkers;
    return self();
  }

  /**
   * Sets the workers kept alive even when idle. Default 0: every idle worker ends after {@code
   * keepAlive}.
   *
   * @param coreWorkers 0 or more, and at most {@code maxWorkers} (checked by {@link
   *     ManagedThreadPool.Builder#build()})
   * @return this builder
   * @throws IllegalArgumentException if {@code coreWorkers < 0}
   */
  public ManagedThreadPool.Builder coreWorkers(int coreWorkers) {
    if (coreWorkers < 0) {
      throw new InvalidSettingException(
          InvalidSettingException.CORE_WORKERS,
          coreWorkers,
          "coreWorkers must be >= 0, was " + coreWorkers);
    }
    this.coreWorkers = coreWorkers;
    return self();
  }

  /**
   * Sets how many tasks may wait in the queue. Default {@link ManagedThreadPool#UNBOUNDED}; 0 means
   * direct hand-off (a task is accepted only if a worker takes it at once).
   *
   * @param queueCapacity 0 or more
   * @return this builder
   * @throws IllegalArgumentException if {@code queueCapacity < 0}
   */
  public ManagedThreadPool.Builder queueCapacity(int queueCapacity) {
    PoolSettings.checkCapacity(queueCapacity);
    this.queueCapacity = queueCapacity;
    return self();
  }

  /**
   * Sets how long a worker beyond the core size waits idle before it ends. Default 60 s.
   *
   * @param keepAlive zero or positive
   * @return this builder
   * @throws IllegalArgumentException if {@code keepAlive} is negative
   * @throws NullPointerException if {@code keepAlive} is {@code null}
   */
  public ManagedThreadPool.Builder keepAlive(Duration keepAlive) {
    this.keepAlive = checkNotNegative("keepAlive", keepAlive);
    return self();
  }

  /**
   * Sets the prefix of worker thread names, which are {@code <prefix>-<n>}. Default: the pool's
   * name, verbatim.
   *
   * @param threadNamePrefix not blank
   * @return this builder
   * @throws IllegalArgumentException if {@code threadNamePrefix} is blank
   * @throws NullPointerException if {@code threadNamePrefix} is {@code null}
   */
  public ManagedThreadPool.Builder threadNamePrefix(String threadNamePrefix) {
    Objects.requireNonNull(threadNamePrefix, "threadNamePrefix");
    if (threadNamePrefix.isBlank()) {
      throw new InvalidSettingException(
          InvalidSettingException.THREAD_NAME_PREFIX,
          threadNamePrefix,
          "threadNamePrefix must not be blank, was '" + threadNamePrefix + "'");
    }
    this.threadNamePrefix = threadNamePrefix;
    return self();
  }

  /**
   * Sets whether workers are daemon threads. Default {@code false}: like Python's workers, a task
   * still queued or running when {@code main} returns is carried out.
   *
   * @param daemon whether workers are daemon threads
   * @return this builder
   */
  public ManagedThreadPool.Builder daemon(boolean daemon) {
    this.daemon = daemon;
    return self();
  }

  /**
   * Sets whether workers are virtual threads (JDK 21 and later). The pool keeps its semantics: at
   * most {@code maxWorkers} tasks run at once, which is the concurrency limit; with {@code
   * coreWorkers} 0 and a short {@code keepAlive}, each virtual worker lives about as long as a
   * burst of tasks. Virtual threads are always daemon threads, so {@link #daemon} is ignored.
   * Default {@code false}.
   *
   * @param virtualThreads whether to run tasks on virtual threads
   * @return this builder
   * @throws UnsupportedOperationException if {@code true} and this JDK has no virtual threads
   */
  public ManagedThreadPool.Builder virtualThreads(boolean virtualThreads) {
    if (virtualThreads && !VirtualThreads.available()) {
      throw new UnsupportedOperationException(
          "virtualThreads=true needs JDK 21 or later; this is JDK " + Runtime.version());
    }
    this.virtualThreads = virtualThreads;
    return self();
  }

  /**
   * Sets code that runs first in every worker thread. If it throws, the pool breaks (see the class
   * documentation).
   *
   * @param initializer the initializer, or {@code null} for none
   * @return this builder
   */
  public ManagedThreadPool.Builder initializer(@Nullable Runnable initializer) {
    this.initializer = initializer;
    return self();
  }

  /**
   * Sets what happens to a task when the pool is saturated. Default {@link RejectionPolicy#ABORT}.
   *
   * @param rejection the policy
   * @return this builder
   * @throws NullPointerException if {@code rejection} is {@code null}
   */
  public ManagedThreadPool.Builder rejection(RejectionPolicy rejection) {
    this.rejection = Objects.requireNonNull(rejection, "rejection");
    return self();
  }

  /**
   * Sets how long {@link RejectionPolicy#BLOCK} waits for room before it rejects. Default 10 s.
   *
   * @param blockTimeout zero or positive
   * @return this builder
   * @throws IllegalArgumentException if {@code blockTimeout} is negative
   * @throws NullPointerException if {@code blockTimeout} is {@code null}
   */
  public ManagedThreadPool.Builder blockTimeout(Duration blockTimeout) {
    this.blockTimeout = checkNotNegative("blockTimeout", blockTimeout);
    return self();
  }

  /**
   * Sets a decorator applied to every task at submission, in the submitting thread; the runnable it
   * returns is run by the worker. Used for context propagation: capture the submitter's context
   * when called, restore it around the task, clean up afterwards.
   *
   * <p>The returned runnable must call the one it was given, once, in the thread that runs it. A
   * decorator that returns {@code null} makes every submission throw {@link NullPointerException}
   * naming the decorator, before the task is accepted. A task whose decorated runnable returns
   * without having run it fails with an {@link IllegalStateException} saying that the decorator did
   * not run the task. An exception thrown by the decorated runnable itself is the task's outcome.
   *
   * @param taskDecorator the decorator, or {@code null} for none
   * @return this builder
   */
  public ManagedThreadPool.Builder taskDecorator(@Nullable UnaryOperator<Runnable> taskDecorator) {
    this.taskDecorator = taskDecorator;
    return self();
  }

  /**
   * Sets how long a task may wait in the queue: a task that waited longer when a worker takes it is
   * not run, its future is cancelled, and it is counted as a queue timeout ({@link
   * dev.managedexecutors.stats.TaskListener#taskTimedOut}). A pool with a queue timeout reads the
   * clock once per submission. Default: none.
   *
   * @param queueTimeout the longest wait, positive; {@code null} for none
   * @return this builder
   * @throws IllegalArgumentException if {@code queueTimeout} is zero or negative
   */
  public ManagedThreadPool.Builder queueTimeout(@Nullable Duration queueTimeout) {
    this.queueTimeout = checkPositiveOrNull("queueTimeout", queueTimeout);
    return self();
  }

  /**
   * Sets how long a task may run in a worker: a task still running after it is interrupted once
   * (its future then ends with whatever the task does) and counted as a run timeout ({@link
   * dev.managedexecutors.stats.TaskListener#taskTimedOut}); a task that ignores the interrupt keeps
   * its worker. A pool with a run timeout has one more daemon thread, {@code <prefix>-timeouts},
   * and reads the clock once per task. Tasks run in a submitting thread ({@code CALLER_RUNS}) are
   * not timed out. Default: none.
   *
   * @param runTimeout the longest run, positive; {@code null} for none
   * @return this builder
   * @throws IllegalArgumentException if {@code runTimeout} is zero or negative
   */
  public ManagedThreadPool.Builder runTimeout(@Nullable Duration runTimeout) {
    this.runTimeout = checkPositiveOrNull("runTimeout", runTimeout);
    return self();
  }

  /**
   * Sets whether the core workers are started when the pool is built, rather than on demand.
   * Default {@code false}.
   *
   * @param prestart whether to start the core workers at once
   * @return this builder
   */
  public ManagedThreadPool.Builder prestart(boolean prestart) {
    this.prestart = prestart;
    return self();
  }

  /**
   * Adds a task listener (see {@link TaskListener}).
   *
   * @param listener the listener
   * @return this builder
   * @throws NullPointerException if {@code listener} is {@code null}
   */
  public ManagedThreadPool.Builder listener(TaskListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return self();
  }

  PoolSettings(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new InvalidSettingException(
          InvalidSettingException.NAME, name, "name must not be blank, was '" + name + "'");
    }
    this.name = name;
  }

  abstract ManagedThreadPool.Builder self();

  static @Nullable Duration checkPositiveOrNull(String name, @Nullable Duration d) {
    if (d != null && (d.isZero() || d.isNegative())) {
      throw new IllegalArgumentException(name + " must be positive (or null for none), was " + d);
    }
    return d;
  }

  static void checkSizes(int coreWorkers, int maxWorkers) {
    if (maxWorkers < 1) {
      throw new InvalidSettingException(
          InvalidSettingException.MAX_WORKERS,
          maxWorkers,
          "maxWorkers must be >= 1, was " + maxWorkers);
    }
    if (maxWorkers > ControlWord.MAX_WORKERS) {
      throw new InvalidSettingException(
          InvalidSettingException.MAX_WORKERS,
          maxWorkers,
          "maxWorkers must be <= " + ControlWord.MAX_WORKERS + ", was " + maxWorkers);
    }
    if (coreWorkers < 0 || coreWorkers > maxWorkers) {
      throw new InvalidSettingException(
          InvalidSettingException.CORE_WORKERS,
          coreWorkers,
          "coreWorkers must be between 0 and maxWorkers (" + maxWorkers + "), was " + coreWorkers);
    }
  }

  static void checkCapacity(int queueCapacity) {
    if (queueCapacity < 0) {
      throw new InvalidSettingException(
          InvalidSettingException.QUEUE_CAPACITY,
          queueCapacity,
          "queueCapacity must be >= 0 (0 = direct hand-off), was " + queueCapacity);
    }
  }

  static Duration checkNotNegative(String what, Duration d) {
    return InvalidSettingException.requireNotNegative(what, d);
  }
}
