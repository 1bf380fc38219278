package dev.managedexecutors.autoconfigure.propagation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.managedexecutors.ManagedFuture;
import dev.managedexecutors.ManagedThreadPool;
import dev.managedexecutors.autoconfigure.ManagedExecutorsAutoConfiguration;
import dev.managedexecutors.stats.TaskListener;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;

/**
 * A task sees its submitter's MDC and current observation, and nothing of an earlier task on the
 * same worker; the worker's own MDC and observation are empty again after each task.
 */
class ContextPropagationTests {
  private final ObservationRegistry observations = ObservationRegistry.create();

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ManagedExecutorsAutoConfiguration.class))
          .withPropertyValues("managed-executors.pools.one.max-size=1");

  ContextPropagationTests() {
    // Without a handler, observations are no-ops and never become current.
    observations.observationConfig().observationHandler(context -> true);
  }

  @AfterEach
  void clearTheTestThread() {
    MDC.clear();
  }

  @Test
  void whenTwoRequestsShareOneWorkerThenEachTaskSeesOnlyItsOwnContext() {
    runner.run(
        context -> {
          ManagedThreadPool one = context.getBean("one", ManagedThreadPool.class);
          List<String> workerAfterTask = new CopyOnWriteArrayList<>();
          one.addTaskListener(
              new TaskListener() {
                @Override
                public void taskFinished(
                    long queuedNanos, long runNanos, @Nullable Throwable failure) {
                  // Runs in the worker, outside the decorator: the worker's own state.
                  workerAfterTask.add(mdc() + "|" + observations.getCurrentObservation());
                }
              });
          CountDownLatch bothSubmitted = new CountDownLatch(1);

          Observation requestOne = Observation.start("request-one", observations);
          ManagedFuture<Seen> a;
          try (Observation.Scope scope = requestOne.openScope()) {
            MDC.put("request", "1");
            a =
                one.submit(
                    () -> {
                      bothSubmitted.await(30, TimeUnit.SECONDS);
                      Seen seen = seen();
                      MDC.put("leftover", "from task A"); // a task that forgets to clean up
                      return seen;
                    });
          } finally {
            MDC.clear();
            requestOne.stop();
          }

          MDC.put("request", "2");
          ManagedFuture<Seen> b = one.submit(ContextPropagationTests.this::seen);
          MDC.clear();
          ManagedFuture<Seen> c = one.submit(ContextPropagationTests.this::seen);
          bothSubmitted.countDown();

          assertThat(a.result(Duration.ofSeconds(30)))
              .isEqualTo(new Seen(Map.of("request", "1"), "request-one"));
          assertThat(b.result(Duration.ofSeconds(30)))
              .isEqualTo(new Seen(Map.of("request", "2"), null));
          assertThat(c.result(Duration.ofSeconds(30))).isEqualTo(new Seen(Map.of(), null));
          assertThat(one.stats().largestPoolSize()).as("one worker ran all three").isEqualTo(1);
          assertThat(workerAfterTask).containsExactly("{}|null", "{}|null", "{}|null");
        });
  }

  @Test
  void theUsersTaskDecoratorsStillApplyAndSeeTheSubmittersContext() {
    runner
        .withBean(
            "tagging",
            TaskDecorator.class,
            () ->
                task ->
                    () -> {
                      String request = MDC.get("request");
                      MDC.put("decorated", String.valueOf(request));
                      try {
                        task.run();
                      } finally {
                        MDC.remove("decorated");
                      }
                    })
        .run(
            context -> {
              ManagedThreadPool one = context.getBean("one", ManagedThreadPool.class);
              MDC.put("request", "7");
              ManagedFuture<Map<String, String>> seen = one.submit(ContextPropagationTests::mdc);
              MDC.clear();
              assertThat(seen.result(Duration.ofSeconds(30)))
                  .isEqualTo(Map.of("request", "7", "decorated", "7"));
            });
  }

  @Test
  void whenTheApplicationHasItsOwnContextPropagatingDecoratorThenContextIsNotPropagatedTwice() {
    runner
        .withBean(
            "contextPropagatingTaskDecorator",
            ContextPropagatingTaskDecorator.class,
            ContextPropagatingTaskDecorator::new)
        .run(
            context -> {
              ManagedThreadPool one = context.getBean("one", ManagedThreadPool.class);
              MDC.put("request", "3");
              ManagedFuture<Map<String, String>> seen = one.submit(ContextPropagationTests::mdc);
              MDC.clear();
              // The application's decorator is in charge; without the MDC accessor registered
              // globally, it does not carry the MDC: ours was not added.
              assertThat(seen.result(Duration.ofSeconds(30))).isEmpty();
            });
  }

  @Test
  void whenPropagationIsEnabledThenTheTaskSeesTheSubmittersMdcAndTheWorkerIsClearedAfter() {
    runner
        .withPropertyValues("managed-executors.context-propagation.enabled=true")
        .run(
            context ->
                assertThat(mdcSeenBy(context.getBean("one", ManagedThreadPool.class)))
                    .isEqualTo(new MdcSeen(Map.of("request", "4"), Map.of())));
  }

  @Test
  void whenPropagationIsDisabledThenTheTaskDoesNotSeeTheSubmittersMdc() {
    // The same submission, with the switch on and then off: only the switch differs.
    runner
        .withPropertyValues("managed-executors.context-propagation.enabled=true")
        .run(
            context ->
                assertThat(mdcSeenBy(context.getBean("one", ManagedThreadPool.class)).task())
                    .isEqualTo(Map.of("request", "4")));
    runner
        .withPropertyValues("managed-executors.context-propagation.enabled=false")
        .run(
            context ->
                assertThat(mdcSeenBy(context.getBean("one", ManagedThreadPool.class)))
                    .isEqualTo(new MdcSeen(Map.of(), Map.of())));
  }

  @Test
  void whenContextPropagationIsNotOnTheClassPathThenPoolsStillWork() {
    runner
        .withClassLoader(new FilteredClassLoader("io.micrometer.context."))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(mdcSeenBy(context.getBean("one", ManagedThreadPool.class)))
                  .isEqualTo(new MdcSeen(Map.of(), Map.of()));
            });
  }

  /**
   * Submits a task with {@code request=4} in the submitter's MDC: what the task saw, and what the
   * worker's own MDC held once the task was over.
   */
  private static MdcSeen mdcSeenBy(ManagedThreadPool pool) {
    List<Map<String, String>> workerAfterTask = new CopyOnWriteArrayList<>();
    pool.addTaskListener(
        new TaskListener() {
          @Override
          public void taskFinished(long queuedNanos, long runNanos, @Nullable Throwable failure) {
            workerAfterTask.add(mdc());
          }
        });
    MDC.put("request", "4");
    ManagedFuture<Map<String, String>> seen = pool.submit(ContextPropagationTests::mdc);
    MDC.clear();
    Map<String, String> task = seen.result(Duration.ofSeconds(30));
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !workerAfterTask.isEmpty());
    return new MdcSeen(task, workerAfterTask.get(0));
  }

  /** The MDC a task saw, and the worker's own MDC after it. */
  record MdcSeen(Map<String, String> task, Map<String, String> workerAfter) {}

  private Seen seen() {
    Observation current = observations.getCurrentObservation();
    return new Seen(mdc(), current == null ? null : current.getContext().getName());
  }

  private static Map<String, String> mdc() {
    Map<String, String> copy = MDC.getCopyOfContextMap();
    return copy == null ? Map.of() : copy;
  }

  record Seen(Map<String, String> mdc, @Nullable String observation) {}
}
