package dev.managedexecutors.actuate;

import java.util.Map;

/**
 * Adds executors that are not {@link dev.managedexecutors.ManagedThreadPool}s, such as distributed
 * pools, to the {@code executors} endpoint, which lists them under {@code distributed}. Every bean
 * of this type is asked on each read of the endpoint.
 *
 * <p>Implementations must be safe for use by many threads and must not block.
 */
@FunctionalInterface
public interface ExecutorsEndpointContributor {
  /**
   * Describes the executors, by bean name; each description is written as JSON as it is (a record
   * of plain values is best).
   *
   * @return the descriptions, by bean name; possibly empty
   */
  Map<String, ?> describe();
}
