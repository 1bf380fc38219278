package dev.managedexecutors.demo;

import dev.managedexecutors.CloseableIterator;
import dev.managedexecutors.Futures;
import dev.managedexecutors.ManagedFuture;
import dev.managedexecutors.ManagedThreadPool;
import dev.managedexecutors.MapOptions;
import dev.managedexecutors.ReturnWhen;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** Runs a short tour of the executor API and prints what happens. */
@SpringBootApplication
public class DemoApplication {

  /**
   * Starts the demo.
   *
   * @param args command-line arguments, passed to Spring Boot
   */
  public static void main(String[] args) {
    SpringApplication.run(DemoApplication.class, args);
  }

  /**
   * The tour, run once at start-up.
   *
   * @return the runner
   */
  @Bean
  CommandLineRunner tour() {
    return args -> {
      try (ManagedThreadPool pool =
          ManagedThreadPool.builder("demo").maxWorkers(4).queueCapacity(100).build()) {
        ManagedFuture<Integer> answer = pool.submit(() -> 6 * 7);
        answer.addDoneCallback(f -> System.out.println("callback: " + f));
        System.out.println("submit -> " + answer.result(Duration.ofSeconds(5)));

        try (CloseableIterator<Integer> squares =
            pool.map(
                (Integer i) -> i * i,
                IntStream.rangeClosed(1, 10).boxed().toList(),
                MapOptions.defaults().withChunksize(3).withTimeout(Duration.ofSeconds(5)))) {
          System.out.println("map    -> " + squares.stream().toList());
        }

        List<ManagedFuture<String>> fs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
          int n = i;
          fs.add(pool.submit(() -> "task-" + n + " on " + Thread.currentThread().getName()));
        }
        try (CloseableIterator<ManagedFuture<String>> done = Futures.asCompleted(fs)) {
          done.forEachRemaining(f -> System.out.println("asCompleted -> " + f.result()));
        }
        System.out.println(
            "wait   -> "
                + Futures.wait(fs, Duration.ofSeconds(5), ReturnWhen.ALL_COMPLETED).done().size()
                + " done");
        System.out.println("stats  -> " + pool.stats());
      }
    };
  }
}
