package dev.agentguard.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Comments and documents cite files of this repository only: the design notes the project was planned from are
 * not part of it, so no source, build or policy file may send a reader to them.
 */
class CitedFilesTest {

  private static final Set<String> SKIPPED = Set.of("target", "node_modules", "build", "out");
  private static final List<String> SOURCE_ENDINGS =
      List.of(".java", ".xml", ".yaml", ".yml", ".properties", ".md", ".js", ".html", ".sh");
  /** The absent file's name, spelled so that this test does not cite it itself. */
  private static final String ABSENT = "DESIGN" + ".md";

  @Test
  void noFileCitesTheDesignNotes() throws IOException {
    Path root = RepositoryFiles.root();
    List<String> citing = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        Path relative = root.relativize(file);
        if (skipped(relative) || SOURCE_ENDINGS.stream().noneMatch(relative.toString()::endsWith)) {
          continue;
        }
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        if (text.contains(ABSENT) && !relative.toString().endsWith("ReadmeTest.java")) {
          citing.add(relative.toString());
        }
      }
    }
    assertThat(citing).as("files citing " + ABSENT + ", which is not in the repository").isEmpty();
  }

  private static boolean skipped(Path relative) {
    for (Path part : relative) {
      String name = part.toString();
      if (SKIPPED.contains(name) || name.startsWith(".")) {
        return true;
      }
    }
    return false;
  }
}
