package dev.managedexecutors.autoconfigure.actuate;

import dev.managedexecutors.actuate.ExecutorsEndpointWebExtension;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.OperationType;
import org.springframework.boot.actuate.endpoint.invoke.OperationInvoker;
import org.springframework.boot.actuate.endpoint.invoke.OperationInvokerAdvisor;
import org.springframework.boot.actuate.endpoint.invoke.OperationParameters;

/**
 * Checks the body of a resize request before Actuator binds it to the operation's parameters, which
 * would ignore a field it does not know (a misspelt {@code maxsize} would answer 200 and change
 * nothing) and truncate a fraction ({@code 1.5} becomes {@code 1}). (A value that is an array or an
 * object never gets here: Spring MVC refuses the body with a plain 400.) A field other than {@code
 * coreSize}, {@code maxSize} and {@code queueCapacity}, or a value that is not a whole number, is
 * answered with 400 naming the field, the pool unchanged.
 *
 * <p>Thread-safety: stateless, safe for use by many threads.
 */
final class ResizeRequestAdvisor implements OperationInvokerAdvisor {
  private static final EndpointId EXECUTORS = EndpointId.of("executors");

  /** The selector (the pool's name), which Actuator passes with the body's fields. */
  private static final String SELECTOR = "name";

  @Override
  public OperationInvoker apply(
      EndpointId endpointId,
      OperationType operationType,
      OperationParameters parameters,
      OperationInvoker invoker) {
    if (!EXECUTORS.equals(endpointId) || operationType != OperationType.WRITE) {
      return invoker;
    }
    return context -> {
      Map<String, Object> arguments = context.getArguments();
      String refusal = refusal(arguments);
      if (refusal != null) {
        return ExecutorsEndpointWebExtension.badRequest(
            String.valueOf(arguments.get(SELECTOR)), refusal);
      }
      return invoker.invoke(context);
    };
  }

  private static @Nullable String refusal(Map<String, Object> arguments) {
    List<String> fields = ExecutorsEndpointWebExtension.FIELDS;
    for (Map.Entry<String, Object> e : arguments.entrySet()) {
      String field = e.getKey();
      if (field.equals(SELECTOR)) {
        continue;
      }
      if (!fields.contains(field)) {
        return "unknown field '"
            + field
            + "': a resize takes only "
            + String.join(", ", fields)
            + " (the other settings cannot be changed at run time)";
      }
      Object value = e.getValue();
      if (value != null && !isInt(value)) {
        return field + " must be a whole number from 0 to " + Integer.MAX_VALUE + ", was " + value;
      }
    }
    return null;
  }

  /** Whether Actuator will convert the value to an int without losing anything. */
  private static boolean isInt(Object value) {
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return true;
    }
    BigInteger whole;
    if (value instanceof Long l) {
      whole = BigInteger.valueOf(l);
    } else if (value instanceof BigInteger b) {
      whole = b;
    } else if (value instanceof String s) { // Actuator reads the JSON body's values as strings
      try {
        whole = new BigInteger(s.trim());
      } catch (NumberFormatException e) {
        return false;
      }
    } else {
      return false; // a fraction (Double, BigDecimal), a boolean, an object or an array
    }
    return whole.bitLength() < Integer.SIZE;
  }
}
