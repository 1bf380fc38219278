package dev.managedexecutors.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import dev.managedexecutors.CloseableIterator;
import dev.managedexecutors.DoneAndNotDone;
import dev.managedexecutors.FutureTimeoutException;
import dev.managedexecutors.Futures;
import dev.managedexecutors.ManagedFuture;
import dev.managedexecutors.MapOptions;
import dev.managedexecutors.ReturnWhen;
import dev.managedexecutors.TaskFailedException;
import dev.managedexecutors.hazelcast.testing.LoopbackMembers;
import dev.managedexecutors.hazelcast.testing.Tasks;
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A distributed pool over three real members in this JVM, one cluster for the whole class. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DistributedPoolTests {
  private static final Duration LONG = Duration.ofSeconds(30);

  private List<HazelcastInstance> members = List.of();
  private HazelcastInstance a;
  private final List<DistributedPool> pools = new ArrayList<>();
  private final List<String> latches = new ArrayList<>();

  @BeforeAll
  void startCluster() {
    String cluster = "pool-tests-" + UUID.randomUUID();
    members = LoopbackMembers.start(cluster, LoopbackMembers.freePorts(3), List.of("a", "b", "c"));
    a = members.get(0);
    await().atMost(Duration.ofSeconds(60)).until(() -> a.getCluster().getMembers().size() == 3);
  }

  @AfterAll
  void stopCluster() {
    LoopbackMembers.shutdownAll(members);
  }

  @AfterEach
  void releaseAndShutDown() {
    latches.forEach(id -> Tasks.latch(id).countDown());
    for (DistributedPool p : pools) {
      p.shutdown(true, true);
    }
    pools.clear();
  }

  private DistributedPool pool() {
    return pool(DistributedPool.builder(a, "tests"));
  }

  private DistributedPool pool(DistributedPool.Builder b) {
    DistributedPool p = b.build();
    pools.add(p);
    return p;
  }

  private Tasks.Blocks blocking() {
    String id = UUID.randomUUID().toString();
    latches.add(id);
    Tasks.latch(id);
    return new Tasks.Blocks(id);
  }

  private static void release(Tasks.Blocks task) {
    Tasks.latch(task.id()).countDown();
  }

  // ------------------------------------------------------------ submit and outcome

  @Test
  void submitCallableFinishesWithTheResultComputedOnAMember() {
    ManagedFuture<String> f = pool().submit(new Tasks.Constant("hello"));
    assertThat(f.result(LONG)).isEqualTo("hello");
    assertThat(f.done()).isTrue();
    assertThat(f.exception(Duration.ZERO)).isNull();
  }

  @Test
  void submitRunnableFinishesWithNullOrTheGivenResult() {
    Runnable r = (Runnable & Serializable) () -> {};
    DistributedPool p = pool();
    assertThat(p.submit(r).result(LONG)).isNull();
    assertThat(p.submit(r, "given").result(LONG)).isEqualTo("given");
  }

  @Test
  void taskExceptionIsTheFuturesExceptionAndResultThrowsTaskFailedException() {
    ManagedFuture<String> f = pool().submit(new Tasks.Fails("boom"));
    assertThat(f.exception(LONG)).isInstanceOf(IOException.class).hasMessage("boom");
    assertThatThrownBy(f::result)
        .isInstanceOf(TaskFailedException.class)
        .hasCauseInstanceOf(IOException.class);
  }

  @Test
  void callbacksRunOnceInTheOrderAddedAndTheCompletableFutureGetsTheResult() {
    Tasks.Blocks task = blocking();
    ManagedFuture<String> f = pool().submit(task);
    List<Integer> calls = Collections.synchronizedList(new ArrayList<>());
    List<String> threads = Collections.synchronizedList(new ArrayList<>());
    for (int i = 1; i <= 5; i++) {
      int n = i;
      f.addDoneCallback(
          done -> {
            threads.add(Thread.currentThread().getName());
            calls.add(n);
          });
    }
    CompletableFuture<String> cf = f.toCompletableFuture();
    assertThat(calls).isEmpty();
    release(task);
    await().until(() -> calls.size() == 5);
    assertThat(calls).containsExactly(1, 2, 3, 4, 5);
    assertThat(threads).noneMatch(name -> name.startsWith("hz."));
    assertThat(cf.join()).isEqualTo(task.id());
  }

  @Test
  void aCallbackExecutorCompletesTheFuturesAndRunsTheirCallbacks() {
    java.util.concurrent.ExecutorService callbacks =
        java.util.concurrent.Executors.newSingleThreadExecutor(r -> new Thread(r, "my-callbacks"));
    try {
      DistributedPool p = pool(DistributedPool.builder(a, "tests").callbackExecutor(callbacks));
      Tasks.Blocks task = blocking();
      ManagedFuture<String> f = p.submit(task);
      List<String> threads = Collections.synchronizedList(new ArrayList<>());
      f.addDoneCallback(done -> threads.add(Thread.currentThread().getName()));
      release(task);
      assertThat(f.result(LONG)).isEqualTo(task.id());
      await().until(() -> !threads.isEmpty());
      assertThat(threads).containsExactly("my-callbacks");
    } finally {
      callbacks.shutdown();
    }
  }

  @Test
  void resultWithATimeoutThrowsFutureTimeoutExceptionWhileTheTaskRuns() {
    Tasks.Blocks task = blocking();
    ManagedFuture<String> f = pool().submit(task);
    await().until(() -> Tasks.STARTED.contains(task.id()));
    assertThatThrownBy(() -> f.result(Duration.ofMillis(50)))
        .isInstanceOf(FutureTimeoutException.class)
        .hasMessageContaining("50 ms");
    assertThatThrownBy(() -> f.exception(Duration.ZERO)).isInstanceOf(FutureTimeoutException.class);
    release(task);
    assertThat(f.result(LONG)).isEqualTo(task.id());
  }

  @Test
  void cancelOfAPendingFutureCancelsItAndInterruptsTheTaskOnItsMember() {
    Tasks.Blocks task = blocking();
    DistributedPool p = pool();
    ManagedFuture<String> f = p.submit(task);
    await().until(() -> Tasks.STARTED.contains(task.id()));
    List<String> seen = new ArrayList<>();
    f.addDoneCallback(done -> seen.add(done.cancelled() ? "cancelled" : "other"));

    assertThat(f.cancel(true)).isTrue();

    assertThat(f.cancelled()).isTrue();
    assertThat(seen).containsExactly("cancelled");
    assertThatThrownBy(f::result).isInstanceOf(CancellationException.class);
    await().until(() -> Tasks.INTERRUPTED.contains(task.id()));
    await().until(() -> p.stats().cancelled() == 1 && p.stats().inFlight() == 0);
  }

  // ------------------------------------------------------------ map

  @Test
  void mapReturnsResultsInInputOrderWithAChunkPerRemoteTask() {
    Function<Integer, Integer> square = (Function<Integer, Integer> & Serializable) x -> x * x;
    List<Integer> items = IntStream.range(0, 50).boxed().toList();
    DistributedPool p = pool();
    for (int chunksize : new int[] {1, 7, 50}) {
      List<Integer> out = new ArrayList<>();
      try (CloseableIterator<Integer> it =
          p.map(square, items, MapOptions.defaults().withChunksize(chunksize))) {
        it.forEachRemaining(out::add);
      }
      assertThat(out).isEqualTo(items.stream().map(x -> x * x).toList());
    }
    // 50 + 8 + 1 remote tasks
    await().until(() -> p.stats().completed() == 59);
  }

  @Test
  void mapOfTwoInputsStopsAtTheShorterAndHonoursTheBufferSize() {
    BiFunction<Integer, String, String> join =
        (BiFunction<Integer, String, String> & Serializable) (i, s) -> i + s;
    List<String> out = new ArrayList<>();
    pool()
        .map(
            join,
            List.of(1, 2, 3, 4),
            List.of("a", "b", "c"),
            MapOptions.defaults().withBuffersize(1).withChunksize(2))
        .forEachRemaining(out::add);
    assertThat(out).containsExactly("1a", "2b", "3c");
  }

  @Test
  void mapDeliversEarlierResultsThenTheFailureAndEnds() {
    Function<Integer, Integer> failsOnThree =
        (Function<Integer, Integer> & Serializable)
            x -> {
              if (x == 3) {
                throw new IllegalStateException("three");
              }
              return x;
            };
    CloseableIterator<Integer> it =
        pool().map(failsOnThree, List.of(1, 2, 3, 4, 5), MapOptions.defaults().withChunksize(2));
    assertThat(it.next()).isEqualTo(1);
    assertThat(it.next()).isEqualTo(2);
    assertThatThrownBy(it::next)
        .isInstanceOf(TaskFailedException.class)
        .cause()
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("three");
    assertThat(it.hasNext()).isFalse();
  }

  @Test
  void mapTimeoutThrowsNamingTheUnfinishedTasksAndCancelsThem() {
    Tasks.Blocks task = blocking();
    Function<Integer, String> blocks =
        (Function<Integer, String> & Serializable)
            x -> {
              try {
                return task.call();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
              }
            };
    DistributedPool p = pool();
    CloseableIterator<String> it =
        p.map(blocks, List.of(1, 2, 3), MapOptions.defaults().withTimeout(Duration.ofMillis(200)));
    assertThatThrownBy(it::next)
        .isInstanceOf(FutureTimeoutException.class)
        .hasMessage("3 (of 3) futures unfinished");
    assertThat(it.hasNext()).isFalse();
    await().until(() -> p.stats().inFlight() == 0);
    assertThat(p.stats().cancelled()).isEqualTo(3);
  }

  @Test
  void mapRefusesANonSerializableFunctionNamingItsClass() {
    Function<Integer, Integer> plain = x -> x;
    assertThatThrownBy(() -> pool().map(plain, List.of(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(plain.getClass().getName())
        .hasMessageContaining("not serializable");
  }

  // ------------------------------------------------------------ Futures.wait / asCompleted

  @Test
  void futuresWaitAndAsCompletedWorkOnDistributedFutures() {
    DistributedPool p = pool();
    Tasks.Blocks slow = blocking();
    ManagedFuture<String> blocked = p.submit(slow);
    List<ManagedFuture<String>> quick = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      quick.add(p.submit(new Tasks.Constant("q" + i)));
    }
    List<ManagedFuture<String>> all = new ArrayList<>(quick);
    all.add(blocked);

    DoneAndNotDone<ManagedFuture<String>> first =
        Futures.wait(all, Duration.ofMillis(300), ReturnWhen.ALL_COMPLETED);
    assertThat(first.notDone()).contains(blocked);

    release(slow);
    List<ManagedFuture<String>> order = new ArrayList<>();
    try (CloseableIterator<ManagedFuture<String>> it = Futures.asCompleted(all, LONG)) {
      it.forEachRemaining(order::add);
    }
    assertThat(order).containsExactlyInAnyOrderElementsOf(all);
    assertThat(Futures.wait(all, LONG, ReturnWhen.ALL_COMPLETED).notDone()).isEmpty();
  }

  // ------------------------------------------------------------ routing

  @Test
  void submitToKeyOwnerRunsTheTaskOnTheOwnerOfTheKeysPartition() {
    DistributedPool p = pool();
    for (int i = 0; i < 12; i++) {
      String key = "key-" + i;
      Member owner = a.getPartitionService().getPartition(key).getOwner();
      assertThat(p.submitToKeyOwner(new Tasks.WhereAmI(), key).result(LONG))
          .isEqualTo(owner.getUuid().toString());
    }
  }

  @Test
  void aMemberSelectorRestrictsWhereTasksRun() {
    HazelcastInstance b = members.get(1);
    String bUuid = b.getCluster().getLocalMember().getUuid().toString();
    DistributedPool onB =
        pool(
            DistributedPool.builder(a, "tests")
                .memberSelector(m -> "b".equals(m.getAttribute("role"))));
    DistributedPool any = pool();
    Set<String> ran = new HashSet<>();
    for (int i = 0; i < 10; i++) {
      ran.add(onB.submit(new Tasks.WhereAmI()).result(LONG));
      ran.add(
          any.submit(new Tasks.WhereAmI(), m -> "b".equals(m.getAttribute("role"))).result(LONG));
    }
    assertThat(ran).containsExactly(bUuid);
    await().until(() -> onB.stats().inFlight() == 0);
    assertThat(onB.stats().members())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.member()).contains(bUuid);
              assertThat(m.submitted()).isEqualTo(10);
              assertThat(m.completed()).isEqualTo(10);
              assertThat(m.inFlight()).isZero();
            });
  }

  @Test
  void aSelectorThatAcceptsNoMemberIsRejectedAtSubmit() {
    DistributedPool p = pool();
    assertThatThrownBy(() -> p.submit(new Tasks.Constant("x"), m -> false))
        .isInstanceOf(RejectedExecutionException.class)
        .hasMessageContaining("no member")
        .hasMessageContaining("'tests'");
    assertThat(p.stats().rejected()).isEqualTo(1);
    assertThat(p.stats().inFlight()).isZero();
  }

  // ------------------------------------------------------------ serializability

  @Test
  void aTaskThatIsNotSerializableIsRefusedAtSubmitNamingItsClass() {
    DistributedPool p = pool();
    assertThatThrownBy(() -> p.submit(new Tasks.NotSerializable()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Tasks.NotSerializable.class.getName());
    Runnable plain = () -> {};
    assertThatThrownBy(() -> p.submit(plain))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(plain.getClass().getName());
    assertThat(p.stats().submitted()).isZero();
  }

  @Test
  void aTaskThatHazelcastFailsToSerializeIsRefusedAtSubmitNamingItsClass() {
    DistributedPool p = pool();
    assertThatThrownBy(() -> p.submit(new Tasks.HoldsNotSerializable()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Tasks.HoldsNotSerializable.class.getName());
    assertThat(p.stats().inFlight()).isZero();
    assertThat(p.stats().rejected()).isEqualTo(1);
  }

  // ------------------------------------------------------------ shutdown

  @Test
  void shutdownStopsAcceptingLetsOutstandingTasksFinishAndLeavesTheClusterExecutorRunning() {
    DistributedPool p = pool();
    Tasks.Blocks task = blocking();
    ManagedFuture<String> f = p.submit(task);
    p.shutdown(false);
    assertThat(p.isShutdown()).isTrue();
    assertThat(p.isTerminated()).isFalse();
    assertThatThrownBy(() -> p.submit(new Tasks.Constant("late")))
        .isInstanceOf(RejectedExecutionException.class)
        .hasMessageContaining("cannot schedule new tasks after shutdown")
        .hasMessageContaining("'tests'");
    release(task);
    assertThat(f.result(LONG)).isEqualTo(task.id());
    p.shutdown(true);
    assertThat(p.isTerminated()).isTrue();
    // Another pool over the same Hazelcast executor service still works.
    assertThat(pool().submit(new Tasks.Constant("still")).result(LONG)).isEqualTo("still");
    assertThat(a.getExecutorService("tests").isShutdown()).isFalse();
  }

  @Test
  void shutdownWithCancelFuturesCancelsWhatIsOutstandingAndWaits() throws Exception {
    DistributedPool p = pool();
    List<ManagedFuture<String>> fs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      fs.add(p.submit(blocking()));
    }
    p.shutdown(true, true);
    assertThat(fs).allMatch(ManagedFuture::cancelled);
    assertThat(p.isTerminated()).isTrue();
    assertThat(p.awaitTermination(0, TimeUnit.SECONDS)).isTrue();
    assertThat(p.stats())
        .extracting(
            DistributedPoolStats::submitted,
            DistributedPoolStats::cancelled,
            DistributedPoolStats::inFlight)
        .containsExactly(4L, 4L, 0);
  }

  @Test
  void shutdownWithWaitReturnsOnlyWhenOutstandingFuturesAreDone() throws Exception {
    DistributedPool p = pool();
    Tasks.Blocks task = blocking();
    ManagedFuture<String> f = p.submit(task);
    CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> p.shutdown(true));
    assertThat(p.awaitTermination(100, TimeUnit.MILLISECONDS)).isFalse();
    assertThat(waiting).isNotDone();
    release(task);
    waiting.get(30, TimeUnit.SECONDS);
    assertThat(f.done()).isTrue();
    assertThat(p.isTerminated()).isTrue();
  }

  // ------------------------------------------------------------ invokeAll, stats, durable

  @Test
  void invokeAllAndInvokeAnyGoThroughTheCluster() throws Exception {
    DistributedPool p = pool();
    List<Callable<String>> tasks =
        IntStream.range(0, 6)
            .mapToObj(i -> (Callable<String>) new Tasks.Constant("v" + i))
            .toList();
    List<String> values = new ArrayList<>();
    for (Future<String> f : p.invokeAll(tasks)) {
      values.add(f.get());
    }
    assertThat(values).containsExactly("v0", "v1", "v2", "v3", "v4", "v5");
    assertThat(p.invokeAny(List.of(new Tasks.Fails("no"), new Tasks.Constant("yes"))))
        .isEqualTo("yes");
  }

  @Test
  void statsCountWhatThePoolSubmittedAndHowItEnded() {
    DistributedPool p = pool();
    p.submit(new Tasks.Constant("ok")).result(LONG);
    p.submit(new Tasks.Fails("bad")).exception(LONG);
    ManagedFuture<String> c = p.submit(blocking());
    c.cancel();
    await().until(() -> p.stats().inFlight() == 0);
    DistributedPoolStats s = p.stats();
    assertThat(s.name()).isEqualTo("tests");
    assertThat(s.executorName()).isEqualTo("tests");
    assertThat(s.submitted()).isEqualTo(3);
    assertThat(s.completed() + s.failed() + s.cancelled()).isEqualTo(3);
    assertThat(s.completed()).isEqualTo(1);
    assertThat(s.failed()).isEqualTo(1);
    assertThat(s.cancelled()).isEqualTo(1);
  }

  @Test
  void aDurablePoolRunsTasksRoutesByKeyAndRefusesASelector() {
    DistributedPool d = pool(DistributedPool.builder(a, "durable-tests").durable(true));
    assertThat(d.durable()).isTrue();
    assertThat(d.submit(new Tasks.Constant("durable")).result(LONG)).isEqualTo("durable");
    String key = "k";
    Member owner = a.getPartitionService().getPartition(key).getOwner();
    assertThat(d.submitToKeyOwner(new Tasks.WhereAmI(), key).result(LONG))
        .isEqualTo(owner.getUuid().toString());
    Function<Integer, Integer> inc = (Function<Integer, Integer> & Serializable) x -> x + 1;
    List<Integer> out = new ArrayList<>();
    d.map(inc, List.of(1, 2, 3), MapOptions.defaults().withChunksize(2)).forEachRemaining(out::add);
    assertThat(out).containsExactly(2, 3, 4);
    assertThatThrownBy(() -> d.submit(new Tasks.Constant("x"), m -> true))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("durable");
    assertThatThrownBy(
            () -> DistributedPool.builder(a, "bad").durable(true).memberSelector(m -> true).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("memberSelector");
  }

  @Test
  void aPendingDurableFutureCanBeCancelled() {
    DistributedPool d = pool(DistributedPool.builder(a, "durable-tests").durable(true));
    Tasks.Blocks task = blocking();
    ManagedFuture<String> f = d.submit(task);
    await().until(() -> Tasks.STARTED.contains(task.id()));
    assertThat(f.cancel()).isTrue();
    assertThat(f.cancelled()).isTrue();
    await().until(() -> d.stats().cancelled() == 1 && d.stats().inFlight() == 0);
  }

  @Test
  void mapOverItemsThatCannotBeSerializedIsRefusedNamingTheItemsClass() {
    Function<Object, String> str = (Function<Object, String> & Serializable) String::valueOf;
    List<Object> items = List.of(new Object());
    assertThatThrownBy(() -> pool().map(str, items))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.Object");
  }

  @Test
  void aFailureOfADurableTaskIsTheFuturesException() {
    DistributedPool d = pool(DistributedPool.builder(a, "durable-tests").durable(true));
    assertThat(d.submit(new Tasks.Fails("durable boom")).exception(LONG))
        .isInstanceOf(IOException.class)
        .hasMessage("durable boom");
  }

  @SuppressWarnings("unused")
  private static Set<String> uuids(List<HazelcastInstance> ms) {
    return ms.stream()
        .map(m -> m.getCluster().getLocalMember().getUuid().toString())
        .collect(Collectors.toSet());
  }
}
