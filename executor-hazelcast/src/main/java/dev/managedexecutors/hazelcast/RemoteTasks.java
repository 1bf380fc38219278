package dev.managedexecutors.hazelcast;

import java.io.Serializable;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** The serializable tasks a {@link DistributedPool} sends on behalf of its callers. */
final class RemoteTasks {
  private RemoteTasks() {}

  /** A {@code Runnable} as a task with a fixed result. */
  record RunnableTask<T extends @Nullable Object>(Runnable task, T result)
      implements Callable<T>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public T call() {
      task.run();
      return result;
    }
  }

  /**
   * A chunk of a {@code map}: applies the function to its arguments in order and returns the
   * results, stopping at the first failure, which it returns in the last slot as a {@link
   * ChunkFailure}.
   */
  static final class Chunk implements Callable<@Nullable Object[]>, Serializable {
    private static final long serialVersionUID = 1L;

    private final Function<Object, Object> fn;
    private final @Nullable Object[] args;

    Chunk(Function<Object, Object> fn, @Nullable Object[] args) {
      this.fn = fn;
      this.args = args;
    }

    @Override
    public @Nullable Object[] call() {
      @Nullable Object[] out = new Object[args.length];
      for (int i = 0; i < args.length; i++) {
        try {
          out[i] = fn.apply(args[i]);
        } catch (RuntimeException | Error e) {
          @Nullable Object[] partial = java.util.Arrays.copyOf(out, i + 1);
          partial[i] = new ChunkFailure(e);
          return partial;
        }
      }
      return out;
    }
  }

  /** The failure that ended a chunk; the iteration ends there. */
  record ChunkFailure(Throwable failure) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** A function of two inputs applied to a {@link Pair}. */
  record PairFunction(BiFunction<Object, Object, Object> fn)
      implements Function<Object, Object>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Object apply(Object arg) {
      Pair p = (Pair) arg;
      return fn.apply(p.first(), p.second());
    }
  }

  /** The argument of a function of two inputs. */
  record Pair(@Nullable Object first, @Nullable Object second) implements Serializable {
    private static final long serialVersionUID = 1L;
  }
}
