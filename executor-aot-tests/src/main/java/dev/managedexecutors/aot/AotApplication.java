package dev.managedexecutors.aot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableAsync;

/**
 * A web application with three pools from {@code application.yml} ({@code default}, {@code io},
 * {@code slow}), processed by the Spring Boot Maven plugin's {@code process-aot} goal when this
 * module is built and started by its tests with {@code -Dspring.aot.enabled=true}.
 */
@SpringBootApplication
@EnableAsync
public class AotApplication {

  /**
   * Starts the application; the web server keeps the JVM alive until SIGTERM.
   *
   * @param args command-line arguments, passed to Spring Boot
   */
  public static void main(String[] args) {
    SpringApplication.run(AotApplication.class, args);
  }
}
