package dev.managedexecutors.demo;

import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Answers every error of the demo's controllers as an RFC 9457 problem detail ({@code
 * application/problem+json}), as Spring MVC's {@link ResponseEntityExceptionHandler} does; a
 * request parameter refused by Bean Validation gets a {@code detail} that names the parameter, the
 * rule and the value, e.g. {@code tasks must be between 1 and 1000, was 0}.
 */
@RestControllerAdvice
public class ValidationProblems extends ResponseEntityExceptionHandler {

  /** Creates the advice. */
  public ValidationProblems() {}

  @Override
  protected @Nullable ResponseEntity<Object> handleHandlerMethodValidationException(
      HandlerMethodValidationException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    String detail =
        ex.getParameterValidationResults().stream()
            .flatMap(
                result ->
                    result.getResolvableErrors().stream()
                        .map(
                            error ->
                                result.getMethodParameter().getParameterName()
                                    + " "
                                    + message(error)
                                    + ", was "
                                    + result.getArgument()))
            .collect(Collectors.joining("; "));
    ex.getBody().setDetail(detail);
    return handleExceptionInternal(ex, null, headers, status, request);
  }

  private static String message(MessageSourceResolvable error) {
    String message = error.getDefaultMessage();
    return message == null ? "is invalid" : message;
  }
}
