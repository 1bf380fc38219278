package dev.managedexecutors;

import dev.managedexecutors.stats.TaskListener;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The task listeners of a pool: a copy-on-write array, replaced by CAS, so that firing an event
 * reads one volatile field and takes no lock. A task reads the array once for its started/finished
 * pair ({@link #current()}), so a listener added or removed meanwhile gets both events or neither.
 * A listener that throws (an {@link Error} included) is logged and skipped; the others still run,
 * and no listener is ever called under a lock.
 */
final class TaskListeners {
  private static final System.Logger LOG = System.getLogger(ManagedThreadPool.class.getName());
  private static final TaskListener[] NONE = new TaskListener[0];
  private static final VarHandle ARRAY;

  static {
    try {
      ARRAY =
          MethodHandles.lookup().findVarHandle(TaskListeners.class, "array", TaskListener[].class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final String poolName;
  private volatile TaskListener[] array;

  TaskListeners(String poolName, List<TaskListener> initial) {
    this.poolName = poolName;
    this.array = initial.toArray(NONE);
  }

  TaskListener[] current() {
    return array;
  }

  void add(TaskListener l) {
    for (; ; ) {
      TaskListener[] now = array;
      TaskListener[] next = Arrays.copyOf(now, now.length + 1);
      next[now.length] = l;
      if (ARRAY.compareAndSet(this, now, next)) {
        return;
      }
    }
  }

  void remove(TaskListener l) {
    for (; ; ) {
      TaskListener[] now = array;
      TaskListener[] next = Arrays.stream(now).filter(x -> x != l).toArray(TaskListener[]::new);
      if (next.length == now.length || ARRAY.compareAndSet(this, now, next)) {
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
    TaskListener[] ls = array;
    if (ls.length > 0) {
      each(ls, TaskListener::taskRejected);
    }
  }

  void firePoolTerminated() {
    each(array, TaskListener::poolTerminated);
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
