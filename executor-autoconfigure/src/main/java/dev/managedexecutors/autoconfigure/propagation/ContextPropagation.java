package dev.managedexecutors.autoconfigure.propagation;

import io.micrometer.context.ContextAccessor;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.context.ThreadLocalAccessor;
import io.micrometer.context.integration.Slf4jThreadLocalAccessor;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;
import org.springframework.util.ClassUtils;

/**
 * Creates the task decorator that carries the submitter's context into every pool task: Spring's
 * {@link ContextPropagatingTaskDecorator} over a {@link ContextSnapshotFactory} whose registry has
 * every accessor of the global {@link ContextRegistry} (so the current Micrometer observation,
 * whose accessor micrometer-observation registers, and any the application registered) plus the
 * SLF4J MDC, which context-propagation only offers as an opt-in accessor.
 *
 * <p>The snapshot is taken in the submitting thread, when the task is submitted; while the task
 * runs, thread-locals missing from it are cleared ({@code clearMissing}), so a task never sees what
 * an earlier task on the same worker left behind; afterwards the worker's values are restored.
 *
 * <p>The global registry is copied, not changed: registering the MDC accessor there would change
 * the behaviour of every other user of it (Reactor, for one).
 */
public final class ContextPropagation {

  private ContextPropagation() {}

  /**
   * Creates the decorator.
   *
   * @return a decorator that propagates the global registry's thread-locals and the MDC
   */
  public static TaskDecorator taskDecorator() {
    ContextRegistry global = ContextRegistry.getInstance();
    ContextRegistry registry = new ContextRegistry();
    boolean hasMdc = false;
    for (ThreadLocalAccessor<?> accessor : global.getThreadLocalAccessors()) {
      registry.registerThreadLocalAccessor(accessor);
      hasMdc |= Slf4jThreadLocalAccessor.KEY.equals(accessor.key());
    }
    for (ContextAccessor<?, ?> accessor : global.getContextAccessors()) {
      registry.registerContextAccessor(accessor);
    }
    if (!hasMdc
        && ClassUtils.isPresent("org.slf4j.MDC", ContextPropagation.class.getClassLoader())) {
      registry.registerThreadLocalAccessor(new Slf4jThreadLocalAccessor());
    }
    return new ContextPropagatingTaskDecorator(
        ContextSnapshotFactory.builder().contextRegistry(registry).clearMissing(true).build());
  }
}
