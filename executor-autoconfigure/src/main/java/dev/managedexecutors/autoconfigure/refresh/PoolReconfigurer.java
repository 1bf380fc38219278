package dev.managedexecutors.autoconfigure.refresh;

import dev.managedexecutors.ManagedThreadPool;
import dev.managedexecutors.PoolReconfiguration;
import dev.managedexecutors.RejectionPolicy;
import dev.managedexecutors.autoconfigure.HealthProperties;
import dev.managedexecutors.autoconfigure.HealthRules;
import dev.managedexecutors.autoconfigure.InvalidExecutorsPropertyException;
import dev.managedexecutors.autoconfigure.LivePoolSettings;
import dev.managedexecutors.autoconfigure.ManagedExecutorsProperties;
import dev.managedexecutors.autoconfigure.ManagedExecutorsProperties.Pool;
import dev.managedexecutors.autoconfigure.ManagedThreadPoolRegistry;
import dev.managedexecutors.autoconfigure.refresh.Reconfiguration.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.env.Environment;

/**
 * Applies changes of {@code managed-executors.pools.*} to the running pools (SPEC C1). On each
 * {@link #refresh()} it binds the pools' properties again, compares them with the settings last
 * applied, and checks every changed pool as the start-up report would. If any value is invalid, the
 * whole set is refused: no pool changes, one WARN line per problem names the property, the value,
 * the reason and the fix, and a {@link PoolReconfigurationRefusedEvent} is published. Otherwise
 * each changed pool takes its changes at once ({@link ManagedThreadPool#reconfigure()}, and the
 * shutdown settings), one INFO line per pool says what changed ({@code Pool 'io' reconfigured:
 * max-size 8 -> 16, queue-capacity 200 -> 500}), and a {@link PoolReconfiguredEvent} is published.
 * The health rules, {@code managed-executors.health.saturation.*}, are checked in the same set and
 * applied live too: the {@link HealthRules} take the new rule, one INFO line says what changed
 * ({@code Executors health rules reconfigured: managed-executors.health.saturation.duration 30s ->
 * 10s}), and a {@link HealthRulesReconfiguredEvent} is published. Changes that only a restart can
 * apply ({@code virtual}, {@code daemon}, {@code thread-name-prefix}, {@code prestart}, {@code
 * primary}, adding or removing a pool) are reported by a WARN line and in the events, never
 * silently ignored. Every outcome is kept in the {@link ReconfigurationHistory}, which the {@code
 * executors} endpoint shows.
 *
 * <p>Only what changed is applied: a pool resized through the endpoint keeps that size until its
 * size properties change.
 *
 * <p>Thread-safety: safe for use by many threads; refreshes are serialized. {@link #refresh()}
 * blocks only for that, never for tasks.
 */
public final class PoolReconfigurer {
  /*
   * Implementation notes. `applied` (guarded by `this`) holds the settings of each declared pool as
   * last applied (at first: as declared at start-up). A refused set leaves it as it was, so the
   * next refresh compares against what the pools really run with; `health` likewise holds the
   * health rules as last applied, formatted as in the log line.
   */
  private static final Log logger = LogFactory.getLog(PoolReconfigurer.class);
  private static final String POOLS = ManagedExecutorsProperties.PREFIX + ".pools.";
  private static final String AWAIT = "shutdown.await-termination";
  private static final String CANCEL = "shutdown.cancel-pending";

  /** The pool name under which a change of the health rules is reported: they are no pool's. */
  private static final String HEALTH = "-";

  private final Environment environment;
  private final PoolLookup pools;
  private final ManagedThreadPoolRegistry registry;
  private final ApplicationEventPublisher publisher;
  private final ReconfigurationHistory history;
  private final Clock clock;
  private final HealthRules healthRules;
  private final Map<String, Pool> applied;
  private Map<String, String> health;

  /**
   * Creates the reconfigurer; the declared pools' start-up settings are its starting point.
   *
   * @param environment the application's environment
   * @param registry the pool registry, through which pools are found and their settings kept
   * @param publisher where events are published
   * @param history where outcomes are kept
   * @param clock the time stamps' clock
   * @param healthRules the health rules in force, replaced when they change
   */
  public PoolReconfigurer(
      Environment environment,
      ManagedThreadPoolRegistry registry,
      ApplicationEventPublisher publisher,
      ReconfigurationHistory history,
      Clock clock,
      HealthRules healthRules) {
    this.environment = environment;
    this.pools = new PoolLookup(registry);
    this.registry = registry;
    this.publisher = publisher;
    this.history = history;
    this.clock = clock;
    this.healthRules = healthRules;
    this.applied = new LinkedHashMap<>(LivePoolSettings.atStartUp(registry));
    this.health = health(LivePoolSettings.bind(environment).properties());
  }

  /** The health rules, formatted as in the log line, by full property name. */
  private static Map<String, String> health(ManagedExecutorsProperties properties) {
    HealthProperties.Saturation s = properties.getHealth().getSaturation();
    Map<String, String> rules = new LinkedHashMap<>();
    String prefix = ManagedExecutorsProperties.PREFIX + ".health.saturation.";
    rules.put(prefix + "queue-threshold", String.valueOf(s.getQueueThreshold()));
    rules.put(prefix + "duration", String.valueOf(duration(s.getDuration())));
    String code = HealthRules.statusCode(s.getStatus());
    rules.put(prefix + "status", code.isEmpty() ? s.getStatus() : code);
    return rules;
  }

  /**
   * Binds {@code managed-executors.pools.*} and {@code managed-executors.health.saturation.*} again
   * and applies what changed, all or nothing.
   *
   * @return what was applied or refused, one entry per pool and one for the health rules (one entry
   *     in all for a refused set); empty if nothing changed
   */
  public synchronized List<Reconfiguration> refresh() {
    LivePoolSettings.Binding binding = LivePoolSettings.bind(environment);
    Map<String, Pool> next = binding.properties().getPools();
    List<InvalidExecutorsPropertyException> problems = new ArrayList<>(binding.problems());
    Map<String, Diff> diffs = new LinkedHashMap<>();
    Set<String> names = new LinkedHashSet<>(applied.keySet());
    names.addAll(next.keySet());
    for (String name : names) {
      Pool before = applied.get(name);
      Pool after = next.get(name);
      if (after == null && before != null && name.equals(ManagedExecutorsProperties.DEFAULT_POOL)) {
        after = new Pool(); // not declared: the default pool has every default, as at start-up
      }
      Diff diff =
          before == null
              ? Diff.restartOnly(name, "pool added: " + POOLS + name)
              : after == null
                  ? Diff.restartOnly(name, "pool removed: " + POOLS + name)
                  : Diff.of(name, before, after);
      if (diff.isEmpty()) {
        continue;
      }
      diffs.put(name, diff);
      if (after != null && before != null && !diff.live.isEmpty() && binding.problems().isEmpty()) {
        problems.addAll(LivePoolSettings.check(environment, name, after));
      }
    }
    Map<String, String> nextHealth = health(binding.properties());
    Diff rules = new Diff(HEALTH);
    nextHealth.forEach(
        (key, value) -> {
          String old = health.get(key);
          if (!value.equals(old)) {
            rules.live.add(key + " " + old + " -> " + value);
          }
        });
    HealthRules.Saturation nextRules = null;
    if (!rules.isEmpty()) {
      diffs.put(HEALTH, rules);
      if (binding.problems().isEmpty()) {
        nextRules =
            HealthRules.saturation(binding.properties().getHealth().getSaturation(), problems);
      }
    }
    if (!problems.isEmpty()) {
      return List.of(refuse(diffs, problems));
    }
    health = nextHealth;
    List<Reconfiguration> outcomes = new ArrayList<>();
    for (Diff diff : diffs.values()) {
      if (diff == rules) {
        outcomes.add(applyHealthRules(diff, Objects.requireNonNull(nextRules)));
        continue;
      }
      Pool after = next.get(diff.pool);
      if (after == null && diff.pool.equals(ManagedExecutorsProperties.DEFAULT_POOL)) {
        after = new Pool();
      }
      outcomes.add(apply(diff, after));
      if (after != null && outcomes.get(outcomes.size() - 1).outcome() == Outcome.APPLIED) {
        applied.put(diff.pool, after);
      } else if (after == null) {
        applied.remove(diff.pool); // reported once; the pool runs on until the restart
      }
    }
    return outcomes;
  }

  private Reconfiguration refuse(
      Map<String, Diff> diffs, List<InvalidExecutorsPropertyException> all) {
    List<String> problems = new ArrayList<>();
    for (InvalidExecutorsPropertyException p : all) {
      String problem = p.getProperty() + "=" + p.getValue() + ": " + p.getReason();
      problems.add(problem);
      logger.warn(
          "Pool reconfiguration refused, no pool changed: " + problem + ". " + p.getAction());
    }
    Reconfiguration refused =
        new Reconfiguration(
            clock.instant(),
            diffs.isEmpty() ? "-" : String.join(",", diffs.keySet()),
            Outcome.REFUSED,
            diffs.values().stream().flatMap(d -> d.live.stream()).toList(),
            diffs.values().stream().flatMap(d -> d.restart.stream()).toList(),
            problems);
    history.add(refused);
    publisher.publishEvent(new PoolReconfigurationRefusedEvent(this, refused));
    return refused;
  }

  private Reconfiguration applyHealthRules(Diff diff, HealthRules.Saturation next) {
    healthRules.replace(next);
    logger.info("Executors health rules reconfigured: " + String.join(", ", diff.live));
    Reconfiguration done =
        new Reconfiguration(
            clock.instant(), HEALTH, Outcome.APPLIED, diff.live, List.of(), List.of());
    history.add(done);
    publisher.publishEvent(new HealthRulesReconfiguredEvent(this, done));
    return done;
  }

  private Reconfiguration apply(Diff diff, @Nullable Pool after) {
    ManagedThreadPool pool = pools.find(diff.pool);
    List<String> restart = new ArrayList<>(diff.restart);
    if (pool == null && !diff.live.isEmpty()) {
      restart.addAll(diff.live); // a lazy pool not created yet: it is built as declared
      logger.warn(
          "Pool '"
              + diff.pool
              + "' is not running yet; it will start with the settings declared at start-up: "
              + String.join(", ", diff.live));
    }
    List<String> changes = new ArrayList<>();
    if (pool != null && after != null && !diff.live.isEmpty()) {
      Map<String, String> from = current(pool);
      try {
        reconfiguration(pool, diff.liveKeys, after).apply();
      } catch (IllegalStateException | IllegalArgumentException e) {
        logger.warn(
            "Pool reconfiguration refused, pool '"
                + diff.pool
                + "' unchanged: "
                + e.getMessage()
                + " ("
                + String.join(", ", diff.live)
                + ")");
        Reconfiguration refused =
            new Reconfiguration(
                clock.instant(),
                diff.pool,
                Outcome.REFUSED,
                diff.live,
                restart,
                List.of(POOLS + diff.pool + ": " + e.getMessage()));
        history.add(refused);
        publisher.publishEvent(new PoolReconfigurationRefusedEvent(this, refused));
        return refused;
      }
      // The graceful shutdown reads shutdown.* from the registry when the context stops.
      registry.updateSettings(diff.pool, after);
      Map<String, String> to = current(pool);
      for (String key : diff.liveKeys) {
        String old = from.containsKey(key) ? from.get(key) : diff.oldValues.get(key);
        String now = to.containsKey(key) ? to.get(key) : diff.newValues.get(key);
        changes.add(key + " " + old + " -> " + now);
      }
      logger.info("Pool '" + diff.pool + "' reconfigured: " + String.join(", ", changes));
    }
    if (!restart.isEmpty()) {
      logger.warn(
          "Pool '"
              + diff.pool
              + "': these changes take effect only after a restart: "
              + String.join(", ", restart));
    }
    Reconfiguration done =
        new Reconfiguration(
            clock.instant(), diff.pool, Outcome.APPLIED, changes, restart, List.of());
    history.add(done);
    if (pool != null) {
      publisher.publishEvent(new PoolReconfiguredEvent(pool, done));
    }
    return done;
  }

  private static PoolReconfiguration reconfiguration(
      ManagedThreadPool pool, Set<String> keys, Pool after) {
    PoolReconfiguration r = pool.reconfigure();
    if (keys.contains("core-size")) {
      r.coreWorkers(after.getCoreSize());
    }
    if (keys.contains("max-size")) {
      Integer max = after.getMaxSize();
      r.maxWorkers(max != null ? max : ManagedThreadPool.defaultMaxWorkers());
    }
    if (keys.contains("queue-capacity")) {
      r.queueCapacity(after.getQueueCapacity());
    }
    if (keys.contains("keep-alive")) {
      r.keepAlive(after.getKeepAlive());
    }
    if (keys.contains("rejection")) {
      r.rejection(after.getRejection());
    }
    if (keys.contains("block-timeout")) {
      r.blockTimeout(after.getBlockTimeout());
    }
    if (keys.contains("queue-timeout")) {
      r.queueTimeout(after.getQueueTimeout());
    }
    if (keys.contains("run-timeout")) {
      r.runTimeout(after.getRunTimeout());
    }
    return r;
  }

  /** The pool's live settings as it runs now, formatted as in the log line. */
  private static Map<String, String> current(ManagedThreadPool pool) {
    Map<String, String> now = new LinkedHashMap<>();
    now.put("core-size", String.valueOf(pool.coreWorkers()));
    now.put("max-size", String.valueOf(pool.maxWorkers()));
    now.put("queue-capacity", capacity(pool.queueCapacity()));
    now.put("keep-alive", duration(pool.keepAlive()));
    now.put("rejection", rejection(pool.rejection()));
    now.put("block-timeout", duration(pool.blockTimeout()));
    return now;
  }

  /** The keys applied live, in the order of the log line, with how to read each from settings. */
  private static final Map<String, Function<Pool, @Nullable String>> LIVE = new LinkedHashMap<>();

  /** The keys that only a restart applies. */
  private static final Map<String, Function<Pool, @Nullable String>> RESTART =
      new LinkedHashMap<>();

  static {
    LIVE.put("core-size", p -> String.valueOf(p.getCoreSize()));
    LIVE.put("max-size", p -> p.getMaxSize() == null ? "default" : String.valueOf(p.getMaxSize()));
    LIVE.put("queue-capacity", p -> capacity(p.getQueueCapacity()));
    LIVE.put("keep-alive", p -> duration(p.getKeepAlive()));
    LIVE.put("rejection", p -> rejection(p.getRejection()));
    LIVE.put("block-timeout", p -> duration(p.getBlockTimeout()));
    LIVE.put("queue-timeout", p -> timeout(p.getQueueTimeout()));
    LIVE.put("run-timeout", p -> timeout(p.getRunTimeout()));
    LIVE.put(AWAIT, p -> duration(p.getShutdown().getAwaitTermination()));
    LIVE.put(CANCEL, p -> String.valueOf(p.getShutdown().isCancelPending()));
    RESTART.put("thread-name-prefix", Pool::getThreadNamePrefix);
    RESTART.put("daemon", p -> String.valueOf(p.isDaemon()));
    RESTART.put("virtual", p -> String.valueOf(p.isVirtual()));
    RESTART.put("prestart", p -> String.valueOf(p.isPrestart()));
    RESTART.put("primary", p -> String.valueOf(p.isPrimary()));
  }

  private static String capacity(int capacity) {
    return capacity == ManagedThreadPool.UNBOUNDED ? "unbounded" : String.valueOf(capacity);
  }

  private static @Nullable String duration(@Nullable Duration d) {
    if (d == null) {
      return null;
    }
    long millis = d.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
  }

  private static String timeout(@Nullable Duration d) {
    return d == null ? "none" : String.valueOf(duration(d));
  }

  private static @Nullable String rejection(@Nullable RejectionPolicy policy) {
    return policy == null ? null : policy.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** What changed in one pool's settings: live keys and keys that need a restart. */
  private static final class Diff {
    final String pool;
    final Set<String> liveKeys = new LinkedHashSet<>();
    final List<String> live = new ArrayList<>();
    final List<String> restart = new ArrayList<>();
    final Map<String, @Nullable String> oldValues = new LinkedHashMap<>();
    final Map<String, @Nullable String> newValues = new LinkedHashMap<>();

    private Diff(String pool) {
      this.pool = pool;
    }

    static Diff restartOnly(String pool, String what) {
      Diff d = new Diff(pool);
      d.restart.add(what);
      return d;
    }

    static Diff of(String pool, Pool before, Pool after) {
      Diff d = new Diff(pool);
      LIVE.forEach(
          (key, read) -> {
            String old = read.apply(before);
            String now = read.apply(after);
            if (!Objects.equals(old, now)) {
              d.liveKeys.add(key);
              d.live.add(key + " " + old + " -> " + now);
              d.oldValues.put(key, old);
              d.newValues.put(key, now);
            }
          });
      RESTART.forEach(
          (key, read) -> {
            String old = read.apply(before);
            String now = read.apply(after);
            if (!Objects.equals(old, now)) {
              d.restart.add(POOLS + pool + "." + key + " " + old + " -> " + now);
            }
          });
      return d;
    }

    boolean isEmpty() {
      return live.isEmpty() && restart.isEmpty();
    }
  }
}
