package dev.managedexecutors.micrometer;

import dev.managedexecutors.hazelcast.DistributedPool;
import dev.managedexecutors.hazelcast.DistributedPoolStats;
import dev.managedexecutors.hazelcast.MemberStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Binds the meters of one {@link DistributedPool} (from {@code executor-hazelcast}, an optional
 * dependency of this module), under the names and base units of Micrometer's executor metrics where
 * they apply, tagged {@code name=<pool name>} and, for what is counted per member, {@code
 * member=<address>} (such as {@code [127.0.0.1]:5701}):
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>value</th></tr>
 *   <tr><td>{@code executor.completed}</td><td>function counter (tasks)</td>
 *       <td>name, member</td><td>tasks this pool sent to the member whose futures finished,
 *       with a result or an exception</td></tr>
 *   <tr><td>{@code executor.active}</td><td>gauge (threads)</td><td>name, member</td>
 *       <td>tasks sent to the member and not done yet: the member's threads busy with them, plus
 *       those queued on it</td></tr>
 *   <tr><td>{@code executor.rejected}</td><td>function counter (tasks)</td><td>name</td>
 *       <td>submissions refused (after shutdown, or by Hazelcast)</td></tr>
 * </table>
 *
 * <p>A series per member is added the first time the pool sends a task to that member, and stays
 * when the member leaves (a member that comes back at the same address continues it). A durable
 * pool's members are chosen by Hazelcast and not known here: its counts are under {@code
 * member=any}. The queue, pool-size and timer meters of a local pool do not apply (the queues and
 * threads are on the members) and are not registered.
 *
 * <p>The meters are removed from every registry they were bound to when this binder is {@linkplain
 * #close() closed}; binding after that registers nothing.
 *
 * <p>Thread-safety: safe for use by many threads.
 */
public final class DistributedPoolMetrics implements MeterBinder, AutoCloseable {
  /*
   * Implementation notes. `registries` and `meters` are guarded by `this`, as is `closed`. Member
   * series are added by the pool's member listener, in a submitting thread, once per member per
   * registry (`members` remembers which were added); Micrometer returns the meter already
   * registered for an id, so a member told twice, or a member back at the same address, does not
   * make a second series.
   */

  /** The {@code member} tag of the counts of a durable pool, whose members are not known. */
  public static final String ANY_MEMBER = "any";

  private final DistributedPool pool;
  private final Tags tags;
  private final List<MeterRegistry> registries = new ArrayList<>();
  private final List<Bound> meters = new ArrayList<>();
  private final Set<String> members = new HashSet<>();
  private boolean listening;
  private boolean closed;

  /**
   * Creates a binder for {@code pool}. Nothing is registered until {@link #bindTo}.
   *
   * @param pool the pool to meter
   * @param tags tags to add to every meter, besides {@code name} and {@code member}
   * @throws NullPointerException if an argument is {@code null}
   */
  public DistributedPoolMetrics(DistributedPool pool, Iterable<Tag> tags) {
    this.pool = Objects.requireNonNull(pool, "pool");
    this.tags = Tags.concat(Objects.requireNonNull(tags, "tags"), "name", pool.name());
  }

  /**
   * Registers the meters with {@code registry}: the pool's, and those of every member it has sent
   * tasks to; members addressed later are added as they are. Does nothing once closed.
   *
   * @param registry the registry
   */
  @Override
  public void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    boolean listen;
    synchronized (this) {
      if (closed) {
        return;
      }
      registries.add(registry);
      add(
          registry,
          FunctionCounter.builder("executor.rejected", pool, p -> (double) p.stats().rejected())
              .tags(tags)
              .description("The total number of tasks that the executor refused")
              .baseUnit(BaseUnits.TASKS)
              .register(registry));
      if (pool.durable()) {
        registerMember(registry, ANY_MEMBER);
      }
      for (String address : members) {
        registerMember(registry, address);
      }
      listen = !listening;
      listening = true;
    }
    if (listen) {
      // Outside `this`: the pool calls back at once for the members addressed already.
      pool.addMemberListener(this::memberAddressed);
    }
  }

  private synchronized void memberAddressed(String member) {
    String address = address(member);
    if (closed || !members.add(address)) {
      return;
    }
    for (MeterRegistry r : registries) {
      registerMember(r, address);
    }
  }

  private void registerMember(MeterRegistry registry, String address) {
    Tags memberTags = tags.and("member", address);
    add(
        registry,
        FunctionCounter.builder(
                "executor.completed",
                pool,
                perMember(
                    address,
                    m -> (double) m.completed() + m.failed(),
                    s -> s.completed() + s.failed()))
            .tags(memberTags)
            .description("The approximate total number of tasks that have completed execution")
            .baseUnit(BaseUnits.TASKS)
            .register(registry));
    add(
        registry,
        Gauge.builder(
                "executor.active",
                pool,
                perMember(address, m -> (double) m.inFlight(), s -> s.inFlight()))
            .tags(memberTags)
            .description(
                "The approximate number of tasks sent to the member and not done yet (running or"
                    + " queued there)")
            .baseUnit(BaseUnits.THREADS)
            .register(registry));
  }

  /** The value for one member address, or for {@link #ANY_MEMBER} the pool's own figure. */
  private static ToDoubleFunction<DistributedPool> perMember(
      String address,
      ToDoubleFunction<MemberStats> memberValue,
      ToDoubleFunction<DistributedPoolStats> poolValue) {
    if (ANY_MEMBER.equals(address)) {
      return p -> poolValue.applyAsDouble(p.stats());
    }
    return p -> {
      double sum = 0;
      for (MemberStats m : p.stats().members()) {
        if (address(m.member()).equals(address)) {
          sum += memberValue.applyAsDouble(m);
        }
      }
      return sum;
    };
  }

  /** {@code [127.0.0.1]:5701} of {@code [127.0.0.1]:5701 - <uuid>}. */
  static String address(String member) {
    int dash = member.indexOf(" - ");
    return dash < 0 ? member : member.substring(0, dash);
  }

  private void add(MeterRegistry registry, Meter meter) {
    meters.add(new Bound(registry, meter));
  }

  /** Removes every meter registered by this binder. Idempotent. */
  @Override
  public synchronized void close() {
    closed = true;
    for (Bound b : meters) {
      b.registry().remove(b.meter());
    }
    meters.clear();
    registries.clear();
  }

  private record Bound(MeterRegistry registry, Meter meter) {}
}
