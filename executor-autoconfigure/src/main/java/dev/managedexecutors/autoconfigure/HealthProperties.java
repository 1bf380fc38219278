package dev.managedexecutors.autoconfigure;

import java.time.Duration;

/** Settings of the {@code executors} health contributor. */
public class HealthProperties {

  /** When a pool counts as saturated, and what its health then says. */
  private final Saturation saturation = new Saturation();

  /** Creates settings with every default. */
  public HealthProperties() {}

  /**
   * Returns the saturation rule.
   *
   * @return the saturation settings; mutable, for binding
   */
  public Saturation getSaturation() {
    return saturation;
  }

  /**
   * The saturation rule: a pool is saturated while every worker is busy and its queue is at least
   * {@code queue-threshold} full, and reported so once it has been saturated at every health check
   * for at least {@code duration}.
   */
  public static class Saturation {

    /**
     * Fill ratio of the queue, from 0 (exclusive) to 1, at or above which a pool with every worker
     * busy is saturated. A pool with direct hand-off (queue-capacity 0) is saturated when every
     * worker is busy; an unbounded queue never fills.
     */
    private double queueThreshold = 0.9;

    /** How long a pool must stay saturated before its health reports it. */
    private Duration duration = Duration.ofSeconds(30);

    /**
     * Health status of a saturated pool. The default, UP, reports saturation in the details only,
     * so it never changes the application's status; set DOWN or OUT_OF_SERVICE to opt in.
     */
    private String status = "UP";

    /** Creates settings with every default. */
    public Saturation() {}

    /**
     * Returns the queue fill ratio at or above which a busy pool is saturated.
     *
     * @return the threshold, in (0, 1]
     */
    public double getQueueThreshold() {
      return queueThreshold;
    }

    /**
     * Sets the queue fill ratio at or above which a busy pool is saturated.
     *
     * @param queueThreshold the threshold, in (0, 1]
     */
    public void setQueueThreshold(double queueThreshold) {
      this.queueThreshold = queueThreshold;
    }

    /**
     * Returns how long a pool must stay saturated before it is reported.
     *
     * @return the duration
     */
    public Duration getDuration() {
      return duration;
    }

    /**
     * Sets how long a pool must stay saturated before it is reported.
     *
     * @param duration the duration
     */
    public void setDuration(Duration duration) {
      this.duration = duration;
    }

    /**
     * Returns the health status code of a saturated pool.
     *
     * @return the status code
     */
    public String getStatus() {
      return status;
    }

    /**
     * Sets the health status code of a saturated pool.
     *
     * @param status the status code, such as UP, DOWN or OUT_OF_SERVICE
     */
    public void setStatus(String status) {
      this.status = status;
    }
  }
}
