package dev.managedexecutors.actuate;

import dev.managedexecutors.ManagedThreadPool;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * Adds the resize operation to the {@code executors} endpoint over HTTP: {@code POST
 * /actuator/executors/{name}} with a JSON body holding any of {@code coreSize}, {@code maxSize} and
 * {@code queueCapacity}; a value left out keeps the pool's current one. It calls {@link
 * ManagedThreadPool#resize}, which is safe while tasks run and arrive: nothing accepted is lost.
 *
 * <p>Responses: 200 with the pool's description after the resize; 400 with a body whose {@code
 * message} says which value is wrong and why, the pool unchanged (a value the pool refuses, a
 * {@code coreSize} or {@code maxSize} above the worker limit, and, checked before the operation is
 * called, a field other than these three or a value that is not a whole number); 404 when there is
 * no such pool; 409 when the pool is shut down. Actuator offers it only when the endpoint's access
 * is unrestricted ({@code management.endpoint.executors.access=unrestricted}; the endpoint's
 * default is read-only); Actuator's exposure and security rules apply as to any write operation.
 *
 * <p>Thread-safety: safe for use by many threads; concurrent resizes of one pool are serialised by
 * the pool, the last one wins. Never blocks on tasks.
 */
@EndpointWebExtension(endpoint = ExecutorsEndpoint.class)
public class ExecutorsEndpointWebExtension {
  /** The fields of a resize request's body. */
  public static final List<String> FIELDS = List.of("coreSize", "maxSize", "queueCapacity");

  /**
   * The default for the largest {@code coreSize} or {@code maxSize} accepted: 256. Eight times the
   * largest default pool size (min(32, processors + 4)), above Tomcat's 200 request threads; each
   * platform worker is a thread with its own stack, and a resize starts workers for queued tasks at
   * once.
   */
  public static final int DEFAULT_WORKER_LIMIT = 256;

  private final ExecutorsEndpoint endpoint;
  private final int workerLimit;

  /**
   * Creates the extension with the {@link #DEFAULT_WORKER_LIMIT default worker limit}.
   *
   * @param endpoint the endpoint whose pools it resizes
   */
  public ExecutorsEndpointWebExtension(ExecutorsEndpoint endpoint) {
    this(endpoint, DEFAULT_WORKER_LIMIT);
  }

  /**
   * Creates the extension.
   *
   * @param endpoint the endpoint whose pools it resizes
   * @param workerLimit the largest {@code coreSize} or {@code maxSize} a request may set
   * @throws IllegalArgumentException if {@code workerLimit} is less than 1
   */
  public ExecutorsEndpointWebExtension(ExecutorsEndpoint endpoint, int workerLimit) {
    if (workerLimit < 1) {
      throw new IllegalArgumentException("workerLimit must be 1 or more, was " + workerLimit);
    }
    this.endpoint = endpoint;
    this.workerLimit = workerLimit;
  }

  /**
   * Resizes a pool.
   *
   * @param name the pool's bean name
   * @param coreSize the new core size, or {@code null} to keep it
   * @param maxSize the new maximum size, or {@code null} to keep it
   * @param queueCapacity the new queue capacity, or {@code null} to keep it
   * @return 200 and the pool's description, or 400, 404 or 409 with a body saying why
   */
  @WriteOperation
  public WebEndpointResponse<Object> resize(
      @Selector String name,
      @Nullable Integer coreSize,
      @Nullable Integer maxSize,
      @Nullable Integer queueCapacity) {
    ManagedThreadPool pool = endpoint.find(name);
    if (pool == null) {
      return error(WebEndpointResponse.STATUS_NOT_FOUND, name, "no pool named '" + name + "'");
    }
    if (coreSize == null && maxSize == null && queueCapacity == null) {
      return error(
          WebEndpointResponse.STATUS_BAD_REQUEST,
          name,
          "give at least one of coreSize, maxSize, queueCapacity");
    }
    String aboveLimit = aboveLimit("coreSize", coreSize);
    if (aboveLimit == null) {
      aboveLimit = aboveLimit("maxSize", maxSize);
    }
    if (aboveLimit != null) {
      return error(WebEndpointResponse.STATUS_BAD_REQUEST, name, aboveLimit);
    }
    try {
      pool.resize(
          coreSize != null ? coreSize : pool.coreWorkers(),
          maxSize != null ? maxSize : pool.maxWorkers(),
          queueCapacity != null ? queueCapacity : pool.queueCapacity());
    } catch (IllegalArgumentException e) {
      // The core names the argument and the value, and leaves the pool unchanged.
      return error(WebEndpointResponse.STATUS_BAD_REQUEST, name, String.valueOf(e.getMessage()));
    } catch (IllegalStateException e) {
      // The core refuses to resize a shut-down pool; asking it (rather than checking isShutdown()
      // first) leaves no window for a shutdown to land between the check and the resize.
      return error(409, name, String.valueOf(e.getMessage()));
    }
    return new WebEndpointResponse<>(ExecutorsEndpoint.describe(name, pool));
  }

  /**
   * Returns the 400 response the operation gives for a request it refuses, for checks made before
   * it is called.
   *
   * @param pool the pool's name, as requested
   * @param message what is wrong, naming the field
   * @return the response
   */
  public static WebEndpointResponse<Object> badRequest(String pool, String message) {
    return error(WebEndpointResponse.STATUS_BAD_REQUEST, pool, message);
  }

  private @Nullable String aboveLimit(String field, @Nullable Integer value) {
    if (value == null || value <= workerLimit) {
      return null;
    }
    return field
        + " "
        + value
        + " is above the limit of "
        + workerLimit
        + " workers (managed-executors.endpoint.resize.worker-limit)";
  }

  private static WebEndpointResponse<Object> error(int status, String pool, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", status);
    body.put("pool", pool);
    body.put("message", message);
    return new WebEndpointResponse<>(body, status);
  }
}
