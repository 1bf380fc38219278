package dev.managedexecutors.actuate;

import dev.managedexecutors.ManagedThreadPool;
import java.util.LinkedHashMap;
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
 * message} says which value is wrong and why, the pool unchanged; 404 when there is no such pool;
 * 409 when the pool is shut down. Registered only when {@code
 * managed-executors.endpoint.resize.enabled=true}; Actuator's exposure and security rules apply as
 * to any write operation.
 *
 * <p>Thread-safety: safe for use by many threads; concurrent resizes of one pool are serialised by
 * the pool, the last one wins. Never blocks on tasks.
 */
@EndpointWebExtension(endpoint = ExecutorsEndpoint.class)
public class ExecutorsEndpointWebExtension {
  private final ExecutorsEndpoint endpoint;

  /**
   * Creates the extension.
   *
   * @param endpoint the endpoint whose pools it resizes
   */
  public ExecutorsEndpointWebExtension(ExecutorsEndpoint endpoint) {
    this.endpoint = endpoint;
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
    if (pool.isShutdown()) {
      return error(409, name, "pool '" + name + "' is shut down");
    }
    try {
      pool.resize(
          coreSize != null ? coreSize : pool.coreWorkers(),
          maxSize != null ? maxSize : pool.maxWorkers(),
          queueCapacity != null ? queueCapacity : pool.queueCapacity());
    } catch (IllegalArgumentException e) {
      // The core names the argument and the value, and leaves the pool unchanged.
      return error(WebEndpointResponse.STATUS_BAD_REQUEST, name, String.valueOf(e.getMessage()));
    }
    return new WebEndpointResponse<>(ExecutorsEndpoint.describe(name, pool));
  }

  private static WebEndpointResponse<Object> error(int status, String pool, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", status);
    body.put("pool", pool);
    body.put("message", message);
    return new WebEndpointResponse<>(body, status);
  }
}
