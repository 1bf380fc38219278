package dev.managedexecutors.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The snippets of the Markdown pages and the source regions they quote.
 *
 * <p>A page quotes a file by a line {@code <!-- snippet: docs-examples/src/test/java/X.java#tag
 * -->} directly before a fenced code block; the block must equal the lines of that file between the
 * lines holding {@code tag::tag[]} and {@code end::tag[]}, without their common indentation.
 */
final class Snippets {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern REFERENCE =
      Pattern.compile("^<!-- snippet: (\\S+?)(?:#(\\S+))? -->$");

  /** A fenced block of a page, with the reference before it, if any. */
  record Block(
      Path page, int line, String language, String text, String file, String tag, boolean quoted) {
    @Override
    public String toString() {
      return ROOT.relativize(page) + ":" + line + " (```" + language + ")";
    }
  }

  private Snippets() {}

  static List<Path> pages() {
    List<Path> pages = new ArrayList<>();
    pages.add(ROOT.resolve("README.md"));
    try (var docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return pages;
  }

  static List<Block> blocks(Path page) {
    List<String> lines = read(page);
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (!line.startsWith("```") || line.length() == 3) {
        continue;
      }
      String indent = lines.get(i).substring(0, lines.get(i).indexOf('`'));
      StringBuilder text = new StringBuilder();
      int j = i + 1;
      while (!lines.get(j).strip().equals("```")) {
        String body = lines.get(j);
        text.append(body.startsWith(indent) ? body.substring(indent.length()) : body).append('\n');
        j++;
      }
      Matcher reference = i > 0 ? REFERENCE.matcher(lines.get(i - 1).strip()) : null;
      boolean quoted = reference != null && reference.matches();
      blocks.add(
          new Block(
              page,
              i + 1,
              line.substring(3),
              text.toString(),
              quoted ? reference.group(1) : "",
              quoted && reference.group(2) != null ? reference.group(2) : "",
              quoted));
      i = j;
    }
    return blocks;
  }

  /** The region of a file between its tag markers (or the whole file), without common indent. */
  static String region(String file, String tag) {
    List<String> lines = read(ROOT.resolve(file));
    List<String> region = new ArrayList<>();
    boolean inside = tag.isEmpty();
    for (String line : lines) {
      if (!tag.isEmpty() && line.contains("tag::" + tag + "[]")) {
        inside = !line.contains("end::");
        continue;
      }
      if (!tag.isEmpty() && line.contains("end::" + tag + "[]")) {
        inside = false;
        continue;
      }
      if (inside && !line.contains("tag::") && !line.contains("end::")) {
        region.add(line);
      }
    }
    if (region.isEmpty()) {
      throw new IllegalArgumentException("no region '" + tag + "' in " + file);
    }
    int indent =
        region.stream()
            .filter(l -> !l.isBlank())
            .mapToInt(l -> l.length() - l.stripLeading().length())
            .min()
            .orElse(0);
    StringBuilder text = new StringBuilder();
    for (String line : region) {
      text.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
    }
    return text.toString();
  }

  private static List<String> read(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
