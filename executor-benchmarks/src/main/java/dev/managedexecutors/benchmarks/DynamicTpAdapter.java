package dev.managedexecutors.benchmarks;

import java.util.concurrent.ThreadPoolExecutor;
import org.dromara.dynamictp.core.executor.DtpExecutor;
import org.dromara.dynamictp.core.support.ThreadPoolBuilder;

/**
 * dynamic-tp's {@link DtpExecutor} from its core artifact alone, built with its own {@link
 * ThreadPoolBuilder} (no Spring context, no config centre, so nothing registers or refreshes it):
 * {@code core = max = workers}, an unbounded {@code LinkedBlockingQueue}, prestarted workers.
 * Notification (alarms) is switched off, since nothing would receive it. As a {@code
 * ThreadPoolExecutor}, it is used like the baseline: {@code submit} makes a {@code FutureTask}, and
 * the fan-out uses the {@code FutureTask.done()} hook.
 */
final class DynamicTpAdapter extends RawThreadPoolAdapter {

  DynamicTpAdapter(String name, int workers) {
    super(newDtpExecutor(name, workers));
  }

  private static ThreadPoolExecutor newDtpExecutor(String name, int workers) {
    DtpExecutor executor =
        ThreadPoolBuilder.newBuilder()
            .threadPoolName(name)
            .threadFactory(name)
            .corePoolSize(workers)
            .maximumPoolSize(workers)
            .workQueue("LinkedBlockingQueue", Integer.MAX_VALUE)
            .notifyEnabled(false)
            .buildDynamic();
    return executor;
  }
}
