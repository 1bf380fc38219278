package dev.managedexecutors;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The JDK's {@link AbstractExecutorService} with the checks its contract asks for and it leaves
 * out: {@code invokeAll} and {@code invokeAny} refuse a collection holding {@code null} before they
 * submit anything. The base of {@link ManagedThreadPool}.
 */
abstract class AbstractManagedExecutor extends AbstractExecutorService {
  /**
   * Runs every task and waits for all of them, with the JDK contract; see {@link
   * java.util.concurrent.ExecutorService#invokeAll(Collection)}. Every element is checked before
   * any task is submitted. Blocks the calling thread.
   *
   * @throws NullPointerException if {@code tasks} or any element is {@code null}; nothing was
   *     submitted then
   * @throws RejectedExecutionException if a task cannot be accepted; those already submitted are
   *     cancelled
   * @throws InterruptedException if interrupted while waiting; unfinished tasks are cancelled
   */
  @Override
  public <T extends @Nullable Object> List<java.util.concurrent.Future<T>> invokeAll(
      Collection<? extends Callable<T>> tasks) throws InterruptedException {
    return super.invokeAll(checkTasks(tasks));
  }

  /**
   * Runs every task and waits for all of them up to the timeout, with the JDK contract; see {@link
   * java.util.concurrent.ExecutorService#invokeAll(Collection, long, TimeUnit)}. Every element is
   * checked before any task is submitted. Blocks the calling thread.
   *
   * @throws NullPointerException if {@code tasks}, any element or {@code unit} is {@code null};
   *     nothing was submitted then
   * @throws RejectedExecutionException if a task cannot be accepted; those already submitted are
   *     cancelled
   * @throws InterruptedException if interrupted while waiting; unfinished tasks are cancelled
   */
  @Override
  public <T extends @Nullable Object> List<java.util.concurrent.Future<T>> invokeAll(
      Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException {
    return super.invokeAll(checkTasks(tasks), timeout, Objects.requireNonNull(unit, "unit"));
  }

  /**
   * Runs the tasks and returns the result of one that succeeded, with the JDK contract; see {@link
   * java.util.concurrent.ExecutorService#invokeAny(Collection)}. Every element is checked before
   * any task is submitted. Blocks the calling thread.
   *
   * @throws NullPointerException if {@code tasks} or any element is {@code null}; nothing was
   *     submitted then
   * @throws IllegalArgumentException if {@code tasks} is empty
   * @throws ExecutionException if no task succeeded
   * @throws RejectedExecutionException if the tasks cannot be accepted
   * @throws InterruptedException if interrupted while waiting
   */
  @Override
  public <T extends @Nullable Object> T invokeAny(Collection<? extends Callable<T>> tasks)
      throws InterruptedException, ExecutionException {
    return super.invokeAny(checkTasks(tasks));
  }

  /**
   * Runs the tasks and returns the result of one that succeeded within the timeout, with the JDK
   * contract; see {@link java.util.concurrent.ExecutorService#invokeAny(Collection, long,
   * TimeUnit)}. Every element is checked before any task is submitted. Blocks the calling thread.
   *
   * @throws NullPointerException if {@code tasks}, any element or {@code unit} is {@code null};
   *     nothing was submitted then
   * @throws IllegalArgumentException if {@code tasks} is empty
   * @throws ExecutionException if no task succeeded
   * @throws TimeoutException if no task succeeded before the timeout
   * @throws RejectedExecutionException if the tasks cannot be accepted
   * @throws InterruptedException if interrupted while waiting
   */
  @Override
  public <T extends @Nullable Object> T invokeAny(
      Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    return super.invokeAny(checkTasks(tasks), timeout, Objects.requireNonNull(unit, "unit"));
  }

  /** Checks every element first, so that a null one refuses the whole call (the JDK contract). */
  private static <C extends Collection<?>> C checkTasks(C tasks) {
    Objects.requireNonNull(tasks, "tasks");
    int i = 0;
    for (Object task : tasks) {
      if (task == null) {
        throw new NullPointerException(
            "tasks[" + i + "] is null; no task of the " + tasks.size() + " was submitted");
      }
      i++;
    }
    return tasks;
  }
}
