package dev.managedexecutors;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Polls conditions at once and often (Awaitility waits 100 ms before the first check by default),
 * with a limit generous enough for a loaded 2-core machine.
 */
public class AwaitilityDefaults implements LauncherSessionListener {
  @Override
  public void launcherSessionOpened(LauncherSession session) {
    Awaitility.setDefaultPollDelay(Duration.ZERO);
    Awaitility.setDefaultPollInterval(Duration.ofMillis(2));
    Awaitility.setDefaultTimeout(Duration.ofSeconds(30));
  }
}
