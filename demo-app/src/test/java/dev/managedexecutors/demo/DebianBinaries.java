package dev.managedexecutors.demo;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the real binaries some tests run (Debian's {@code /usr/bin/…} first, then {@code PATH}).
 * Where one is missing the test is skipped, saying which package provides it; on CI ({@code
 * CI=true} in the environment, where {@code .ci/run} installs the packages) it fails instead, so
 * that a broken install cannot pass as a skip.
 */
final class DebianBinaries {

  private DebianBinaries() {}

  static Optional<Path> find(String name) {
    Path debian = Path.of("/usr/bin", name);
    if (Files.isExecutable(debian)) {
      return Optional.of(debian);
    }
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, name))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /**
   * Returns the binary, or skips the calling test (fails it on CI) when it is not installed.
   *
   * @param name the executable's file name
   * @param debianPackage the package that provides it, named in the skip reason
   * @return the path of the executable
   */
  static Path require(String name, String debianPackage) {
    Optional<Path> found = find(name);
    if (found.isPresent()) {
      return found.get();
    }
    String reason =
        name + " is not installed (apt-get install --no-install-recommends " + debianPackage + ")";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      return fail(reason + ", and CI=true: .ci/run must install it");
    }
    return abort(reason + "; skipping");
  }
}
