package dev.managedexecutors.demo;

import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers a request whose values are out of range, such as a resize with {@code max < core}, with
 * 400 and the exception's message, which names the argument (the pool's own validation).
 */
@RestControllerAdvice
public class BadRequestAdvice {

  /** Creates the advice. */
  public BadRequestAdvice() {}

  /**
   * Turns the exception into a 400 response.
   *
   * @param e the exception
   * @return 400 with {@code {"error": message}}
   */
  @ExceptionHandler(IllegalArgumentException.class)
  public ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException e) {
    return ResponseEntity.badRequest().body(Map.of("error", String.valueOf(e.getMessage())));
  }
}
