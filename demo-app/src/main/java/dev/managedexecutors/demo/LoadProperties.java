package dev.managedexecutors.demo;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The shape of the demo's built-in load, under {@code demo.load}.
 *
 * @param enabled whether the load runs from start-up; {@code POST /api/load?enabled=…} switches it
 *     at run time
 * @param period the period of the sine wave that sets the submission rate, so queues rise and drain
 * @param ioRate the mean rate of tasks submitted to the {@code io} pool, per second; it swings
 *     between about a half and one and a half times this
 * @param burstEvery how often a burst of {@code burstSize} tasks hits the {@code io} pool at once
 * @param burstSize tasks in one burst; more than the {@code io} queue holds, so some are rejected
 */
@ConfigurationProperties("demo.load")
public record LoadProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("30s") Duration period,
    @DefaultValue("70") int ioRate,
    @DefaultValue("20s") Duration burstEvery,
    @DefaultValue("150") int burstSize) {

  /**
   * Checks the values.
   *
   * @param enabled whether the load runs from start-up
   * @param period the period of the rate's sine wave, positive
   * @param ioRate the mean rate on {@code io}, per second, 0 or more
   * @param burstEvery the time between bursts, positive
   * @param burstSize tasks in one burst, 0 or more
   * @throws IllegalArgumentException if a duration is not positive or a count is negative
   */
  public LoadProperties {
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("demo.load.period must be positive, was " + period);
    }
    if (burstEvery.isNegative() || burstEvery.isZero()) {
      throw new IllegalArgumentException(
          "demo.load.burst-every must be positive, was " + burstEvery);
    }
    if (ioRate < 0 || burstSize < 0) {
      throw new IllegalArgumentException(
          "demo.load.io-rate and demo.load.burst-size must be >= 0, were "
              + ioRate
              + " and "
              + burstSize);
    }
  }
}
