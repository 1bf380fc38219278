package dev.managedexecutors.autoconfigure;

/** Settings of context propagation into tasks. */
public class ContextPropagationProperties {

  /**
   * Whether, with io.micrometer:context-propagation on the class path, every pool's tasks see the
   * submitter's MDC and current observation while they run.
   */
  private boolean enabled = true;

  /** Creates settings with every default. */
  public ContextPropagationProperties() {}

  /**
   * Returns whether context propagation is enabled.
   *
   * @return whether context propagation is enabled
   */
  public boolean isEnabled() {
    return enabled;
  }

  /**
   * Sets whether context propagation is enabled.
   *
   * @param enabled whether context propagation is enabled
   */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }
}
