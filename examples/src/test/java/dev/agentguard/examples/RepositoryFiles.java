package dev.agentguard.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The repository's root and its files (build output and hidden folders excluded). */
final class RepositoryFiles {

  private static final Set<String> SKIPPED = Set.of("target", "node_modules", "build", "out");

  private RepositoryFiles() {}

  /** The repository root: the nearest directory, from the working directory up, with README.md and LICENSE. */
  static Path root() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("README.md")) && Files.isRegularFile(dir.resolve("LICENSE"))
          && Files.isRegularFile(dir.resolve("pom.xml"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
  }

  /** Every Markdown file of the repository, sorted. */
  static List<Path> markdownFiles(Path root) {
    return files(root, ".md");
  }

  /** Every file of the repository whose name ends with one of {@code endings}, sorted. */
  static List<Path> files(Path root, String... endings) {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(p -> Stream.of(endings).anyMatch(p.getFileName().toString()::endsWith))
          .filter(Files::isRegularFile)
          .filter(p -> root.relativize(p).getNameCount() == 1 || !skipped(root.relativize(p).getParent()))
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean skipped(Path relativeDir) {
    for (Path part : relativeDir) {
      String name = part.toString();
      if (SKIPPED.contains(name) || name.startsWith(".")) {
        return true;
      }
    }
    return false;
  }
}
