package dev.managedexecutors.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a {@link PoolNameClashException} as Spring Boot's "APPLICATION FAILED TO START" analysis.
 * Registered in {@code META-INF/spring.factories}.
 */
final class PoolNameClashFailureAnalyzer extends AbstractFailureAnalyzer<PoolNameClashException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, PoolNameClashException cause) {
    return new FailureAnalysis(
        String.valueOf(cause.getMessage()),
        "Give each pool its own name: rename the pool under "
            + ManagedExecutorsProperties.PREFIX
            + ".pools, or build the application's pool with another name"
            + " (ManagedThreadPool.builder(\"<name>\")). To replace a configured pool with your"
            + " own, define a bean with the pool's name.",
        cause);
  }
}
