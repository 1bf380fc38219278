package dev.managedexecutors.autoconfigure;

import java.util.List;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Reports an {@link InvalidExecutorsPropertyException} (a pool's, {@link
 * InvalidPoolPropertyException}, or another setting's) as Spring Boot's "APPLICATION FAILED TO
 * START" analysis: for each invalid property found (all of them, in one report), the property, the
 * value, its origin, the reason, and the fix. Registered in {@code META-INF/spring.factories}.
 *
 * <p>Ordered before Spring Boot's own analyzers: our exception may carry a {@code BindException} as
 * its cause, whose generic analysis would otherwise win.
 */
final class InvalidPoolPropertyFailureAnalyzer
    extends AbstractFailureAnalyzer<InvalidExecutorsPropertyException> implements Ordered {

  @Override
  protected FailureAnalysis analyze(
      Throwable rootFailure, InvalidExecutorsPropertyException cause) {
    List<InvalidExecutorsPropertyException> all = cause.getAll();
    StringBuilder description = new StringBuilder("Invalid managed-executors configuration:\n");
    for (InvalidExecutorsPropertyException problem : all) {
      description.append('\n');
      describe(problem, description);
    }
    if (all.size() == 1) {
      return new FailureAnalysis(description.toString().stripTrailing(), cause.getAction(), cause);
    }
    StringBuilder action = new StringBuilder("Correct each property:\n");
    for (InvalidExecutorsPropertyException problem : all) {
      action
          .append("\n    ")
          .append(problem.getProperty())
          .append(": ")
          .append(problem.getAction());
    }
    return new FailureAnalysis(description.toString().stripTrailing(), action.toString(), cause);
  }

  private static void describe(
      InvalidExecutorsPropertyException problem, StringBuilder description) {
    description.append("    Property: ").append(problem.getProperty()).append('\n');
    if (problem.getValue() != null) {
      description.append("    Value:    \"").append(problem.getValue()).append("\"\n");
    }
    if (problem.getOrigin() != null) {
      description.append("    Origin:   ").append(problem.getOrigin()).append('\n');
    }
    description.append("    Reason:   ").append(problem.getReason()).append('\n');
  }

  @Override
  public int getOrder() {
    return 0;
  }
}
