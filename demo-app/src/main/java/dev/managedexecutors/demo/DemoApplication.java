package dev.managedexecutors.demo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * A web application that keeps three managed pools busy and shows them: a live page at {@code /},
 * fed by the {@code executors} Actuator endpoint and the pools' timers, and the meters at {@code
 * /actuator/prometheus}.
 *
 * <p>The pools ({@code io}, {@code cpu} and the primary {@code default}) are declared in {@code
 * application.yml}; {@link LoadGenerator} drives them on {@code @Scheduled} ticks while {@code
 * demo.load.enabled} is true.
 */
@SpringBootApplication
@EnableAsync
@EnableScheduling
@EnableConfigurationProperties(LoadProperties.class)
public class DemoApplication {

  /**
   * Starts the demo and returns at once; the web server keeps the JVM alive until it is stopped
   * (Ctrl-C or SIGTERM), which drains the pools gracefully.
   *
   * @param args command-line arguments, passed to Spring Boot ({@code --server.port=9090}, {@code
   *     --demo.load.enabled=false}, …)
   */
  public static void main(String[] args) {
    SpringApplication.run(DemoApplication.class, args);
  }
}
