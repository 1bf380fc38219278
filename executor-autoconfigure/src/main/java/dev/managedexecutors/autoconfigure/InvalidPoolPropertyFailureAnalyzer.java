package dev.managedexecutors.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Reports an {@link InvalidPoolPropertyException} as Spring Boot's "APPLICATION FAILED TO START"
 * analysis: the property, the value, its origin, the reason, and the fix. Registered in {@code
 * META-INF/spring.factories}.
 *
 * <p>Ordered before Spring Boot's own analyzers: our exception may carry a {@code BindException} as
 * its cause, whose generic analysis would otherwise win.
 */
final class InvalidPoolPropertyFailureAnalyzer
    extends AbstractFailureAnalyzer<InvalidPoolPropertyException> implements Ordered {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, InvalidPoolPropertyException cause) {
    StringBuilder description = new StringBuilder("Invalid managed-executors configuration:\n\n");
    description.append("    Property: ").append(cause.getProperty()).append('\n');
    if (cause.getValue() != null) {
      description.append("    Value:    \"").append(cause.getValue()).append("\"\n");
    }
    if (cause.getOrigin() != null) {
      description.append("    Origin:   ").append(cause.getOrigin()).append('\n');
    }
    description.append("    Reason:   ").append(cause.getReason());
    return new FailureAnalysis(description.toString(), cause.getAction(), cause);
  }

  @Override
  public int getOrder() {
    return 0;
  }
}
