package dev.managedexecutors;

import dev.managedexecutors.stats.TaskListener;
import dev.managedexecutors.stats.TimeoutKind;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The task listeners of a pool: copy-on-write arrays, replaced together by CAS, so that firing an
 * event reads one volatile field and takes no lock. A task reads the array of the listeners that
 * want per-task events once for its started/finished pair ({@link #current()}), so a listener added
 * or removed meanwhile gets both events or neither; listeners that want none ({@link
 * TaskListener#wantsTaskEvents()}) are left out of that array, so they cost the busy path nothing.
 * A listener that throws (an {@link Error} included) is logged and skipped; the others still run,
 * and no listener is ever called under a lock.
 */
final class TaskListeners {
  private static final System.Logger LOG = System.getLogger(ManagedThreadPool.class.getName());
  private static final TaskListener[] NONE = new TaskListener[0];
  private static final VarHandle SET;

  static {
    try {
      SET = MethodHandles.lookup().findVarHandle(TaskListeners.class, "set", Snapshot.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Every listener, and those of them that want per-task events; immutable. */
  private static final class Snapshot {
    final TaskListener[] all;
    final TaskListener[] perTask;

    Snapshot(TaskListener[] all) {
      this.all = all;
      this.perTask =
          Arrays.stream(all).filter(TaskListener::wantsTaskEvents).toArray(TaskListener[]::new);
    }
  }

  private final String poolName;
  private volatile Snapshot set;

  TaskListeners(String poolName, List<TaskListener> initial) {
    this.poolName = poolName;
    this.set = new Snapshot(initial.toArray(NONE));
  }

  /** The listeners that want per-task events. */
  TaskListener[] current() {
    return set.perTask;
  }

  void add(TaskListener l) {
    for (; ; ) {
      Snapshot now = set;
      TaskListener[] next = Arrays.copyOf(now.all, now.all.length + 1);
      next[now.all.length] = l;
      if (SET.compareAndSet(this, now, new Snapshot(next))) {
        return;
      }
    }
  }

  void remove(TaskListener l) {
    for (; ; ) {
      Snapshot now = set;
      TaskListener[] next = Arrays.stream(now.all).filter(x -> x != l).toArray(TaskListener[]::new);
      if (next.length == now.all.length || SET.compareAndSet(this, now, new Snapshot(next))) {
        return;
      }
    }
  }

  void fireStarted(TaskListener[] ls, long queuedNanos) {
    each(ls, l -> l.taskStarted(queuedNanos));
  }

  void fireFinished(TaskListener[] ls, long queuedNanos, long runNanos, @Nullable Throwable f) {
    each(ls, l -> l.taskFinished(queuedNanos, runNanos, f));
  }

  void fireRejected() {
    TaskListener[] ls = set.all;
    if (ls.length > 0) {
      each(ls, TaskListener::taskRejected);
    }
  }

  void fireTimedOut(TimeoutKind kind) {
    TaskListener[] ls = set.all;
    if (ls.length > 0) {
      each(ls, l -> l.taskTimedOut(kind));
    }
  }

  void firePoolTerminated() {
    each(set.all, TaskListener::poolTerminated);
  }

  private void each(TaskListener[] ls, Consumer<TaskListener> event) {
    for (TaskListener l : ls) {
      try {
        event.accept(l);
      } catch (Throwable e) {
        try {
          LOG.log(
              e instanceof Error ? Level.ERROR : Level.WARNING,
              () -> "task listener " + l + " of pool '" + poolName + "' threw; ignored",
              e);
        } catch (Throwable unloggable) {
          // Nothing left to report it with; the pool's own state must still move on.
        }
      }
    }
  }
}
