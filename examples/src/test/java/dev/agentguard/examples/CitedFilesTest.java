package dev.agentguard.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Comments and documents cite files of this repository only: the design notes the project was planned from are
 * not part of it, so no source, build or policy file may send a reader to them.
 */
class CitedFilesTest {

  /** The absent file's name, spelled so that this test does not cite it itself. */
  private static final String ABSENT = "DESIGN" + ".md";

  @Test
  void noFileCitesTheDesignNotes() throws IOException {
    Path root = RepositoryFiles.root();
    List<String> citing = new ArrayList<>();
    for (Path file : RepositoryFiles.files(root, ".java", ".xml", ".yaml", ".yml", ".properties", ".md", ".js",
        ".html", ".sh")) {
      String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
      if (text.contains(ABSENT)) {
        citing.add(root.relativize(file).toString());
      }
    }
    assertThat(citing).as("files citing " + ABSENT + ", which is not in the repository").isEmpty();
  }
}
