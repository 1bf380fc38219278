package dev.managedexecutors.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Describes the machine the report is generated on: processors, CPU model, memory, OS. */
final class Machine {
  private Machine() {}

  static String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append(Runtime.getRuntime().availableProcessors()).append(" processors");
    String cpu = procField("/proc/cpuinfo", "model name");
    if (cpu != null) {
      sb.append(", ").append(cpu);
    }
    String mem = procField("/proc/meminfo", "MemTotal");
    if (mem != null) {
      String[] parts = mem.trim().split("\\s+");
      try {
        sb.append(
            String.format(
                Locale.ROOT, ", %.0f GiB memory", Long.parseLong(parts[0]) / 1024.0 / 1024.0));
      } catch (NumberFormatException e) {
        sb.append(", ").append(mem).append(" memory");
      }
    }
    sb.append(", ")
        .append(System.getProperty("os.name"))
        .append(' ')
        .append(System.getProperty("os.version"))
        .append(' ')
        .append(System.getProperty("os.arch"));
    return sb.toString();
  }

  /** The value of the first {@code field: value} line of a /proc file, or null off Linux. */
  private static @org.jspecify.annotations.Nullable String procField(String file, String field) {
    try {
      List<String> lines = Files.readAllLines(Path.of(file));
      for (String line : lines) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equals(field)) {
          return line.substring(colon + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or not readable: describe the machine without it
    }
    return null;
  }
}
