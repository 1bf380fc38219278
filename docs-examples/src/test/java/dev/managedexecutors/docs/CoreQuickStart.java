package dev.managedexecutors.docs;

import dev.managedexecutors.CloseableIterator;
import dev.managedexecutors.ManagedFuture;
import dev.managedexecutors.ManagedThreadPool;
import dev.managedexecutors.MapOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The core quick start of docs/core.md, compiled; {@code CoreQuickStartTests} runs it. */
final class CoreQuickStart {
  private static final Logger log = LoggerFactory.getLogger(CoreQuickStart.class);

  long run(List<String> urls) {
    LongAdder total = new LongAdder();
    // tag::core[]
    try (ManagedThreadPool pool =
        ManagedThreadPool.builder("io").maxWorkers(8).queueCapacity(1000).build()) {
      ManagedFuture<String> page = pool.submit(() -> fetch("https://example.org"));
      page.addDoneCallback(f -> log.info("fetched: {}", f));
      String body = page.result(Duration.ofSeconds(5)); // FutureTimeoutException if late

      try (CloseableIterator<Integer> sizes =
          pool.map(
              this::size,
              urls,
              MapOptions.defaults().withTimeout(Duration.ofSeconds(30)).withChunksize(16))) {
        sizes.forEachRemaining(total::add); // in input order
      }
      log.debug("{} characters, {} sizes so far", body.length(), total.sum());
    } // close() = shutdown(wait=true)
    // end::core[]
    return total.sum();
  }

  /** Stands in for a blocking call; nothing leaves the machine. */
  String fetch(String url) {
    return "<html>" + url + "</html>";
  }

  int size(String url) {
    return url.length();
  }
}
