package dev.managedexecutors.autoconfigure;

/** Settings of the {@code executors} Actuator endpoint. */
public class EndpointProperties {

  /** Resizing pools through the endpoint's write operation. */
  private final Resize resize = new Resize();

  /** Creates settings with every default. */
  public EndpointProperties() {}

  /**
   * Returns the settings of the resize operation.
   *
   * @return the resize settings; mutable, for binding
   */
  public Resize getResize() {
    return resize;
  }

  /** Settings of the endpoint's resize operation. */
  public static class Resize {

    /**
     * The largest core-size or max-size the resize operation accepts; a request above it is refused
     * with 400. Each platform worker is a thread with its own stack, and a resize starts workers
     * for the queued tasks at once.
     */
    private int workerLimit = 256;

    /** Creates settings with every default. */
    public Resize() {}

    /**
     * Returns the largest pool size the resize operation accepts.
     *
     * @return the worker limit
     */
    public int getWorkerLimit() {
      return workerLimit;
    }

    /**
     * Sets the largest pool size the resize operation accepts.
     *
     * @param workerLimit the worker limit, 1 or more
     */
    public void setWorkerLimit(int workerLimit) {
      this.workerLimit = workerLimit;
    }
  }
}
