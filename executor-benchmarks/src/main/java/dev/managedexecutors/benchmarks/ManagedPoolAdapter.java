package dev.managedexecutors.benchmarks;

import dev.managedexecutors.ManagedFuture;
import dev.managedexecutors.ManagedThreadPool;
import dev.managedexecutors.MapOptions;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Our {@link ManagedThreadPool}, sized like the baseline: {@code coreWorkers = maxWorkers =
 * workers}, unbounded queue, prestarted workers. Callbacks are {@link
 * ManagedFuture#addDoneCallback}; {@code map} is the pool's own.
 */
class ManagedPoolAdapter implements BenchExecutor {
  final ManagedThreadPool pool;

  ManagedPoolAdapter(String name, int workers) {
    this.pool =
        ManagedThreadPool.builder(name)
            .coreWorkers(workers)
            .maxWorkers(workers)
            .prestart(true)
            .daemon(true)
            .build();
  }

  @Override
  public <T> Future<T> submit(Task<T> task) {
    return pool.submit(task);
  }

  @Override
  public void submitWithCallbacks(Task<?> task, Fanout fanout) {
    ManagedFuture<?> f = pool.submit(task);
    for (int i = 0, n = fanout.callbacks(); i < n; i++) {
      f.addDoneCallback(fanout);
    }
  }

  @Override
  public <T, R> Iterator<R> map(Function<? super T, ? extends R> fn, List<T> items, int chunksize) {
    return pool.map(fn, items, MapOptions.defaults().withChunksize(chunksize));
  }

  @Override
  public void close() {
    pool.close();
  }
}
