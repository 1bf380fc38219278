package dev.managedexecutors.autoconfigure.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Gives the executor meters of the primary pool another {@code name} tag, such as {@code
 * applicationTaskExecutor}, so that the series Spring Boot published for its own executor (and the
 * dashboards and alerts built on them) go on after the starter replaces that executor. Only meters
 * whose name starts with {@code executor} are changed.
 *
 * <p>Thread-safety: safe for use by many threads; the primary pool's name is looked up once, when
 * the first executor meter is registered.
 */
final class PrimaryPoolNameTag implements MeterFilter {
  private final Supplier<@Nullable String> primaryPool;
  private final String nameTag;
  private volatile @Nullable String primary;
  private volatile boolean resolved;

  PrimaryPoolNameTag(Supplier<@Nullable String> primaryPool, String nameTag) {
    this.primaryPool = primaryPool;
    this.nameTag = nameTag;
  }

  @Override
  public Meter.Id map(Meter.Id id) {
    if (!id.getName().startsWith("executor")) {
      return id;
    }
    String pool = primary();
    if (pool == null || !pool.equals(id.getTag("name"))) {
      return id;
    }
    List<Tag> tags = new ArrayList<>();
    for (Tag tag : id.getTagsAsIterable()) {
      tags.add(tag.getKey().equals("name") ? Tag.of("name", nameTag) : tag);
    }
    return id.replaceTags(tags);
  }

  private @Nullable String primary() {
    if (!resolved) {
      primary = primaryPool.get();
      resolved = true;
    }
    return primary;
  }
}
