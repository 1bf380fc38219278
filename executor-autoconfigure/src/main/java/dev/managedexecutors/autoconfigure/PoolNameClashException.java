package dev.managedexecutors.autoconfigure;

/**
 * Thrown when two different pools carry the same name: meters, the {@code executors} endpoint, the
 * health contributor and the logs know a pool by its name only, so the second would hide the first
 * (and Micrometer would silently keep one pool's meters). {@link PoolNameClashFailureAnalyzer}
 * turns it into Spring Boot's start-up failure report.
 */
public class PoolNameClashException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final String name;

  /**
   * Creates the exception.
   *
   * @param name the name both pools carry
   * @param first where the pool registered first comes from, e.g. {@code bean 'io'}
   * @param second where the other one comes from
   */
  public PoolNameClashException(String name, String first, String second) {
    super(
        "Two pools are named '"
            + name
            + "': "
            + first
            + " and "
            + second
            + ". Meters, the executors endpoint, health and logs know a pool by its name only.");
    this.name = name;
  }

  /**
   * Returns the name both pools carry.
   *
   * @return the pool name
   */
  public String getName() {
    return name;
  }
}
