package dev.agentguard.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bracket expressions in pathname expansion read as sh reads them, and never as regex syntax: a reversed range
 * matches nothing (a fuzzed {@code [s-[]} once made an invalid pattern), regex characters in a set are literal.
 */
class GlobExpansionBracketTest {

  @TempDir
  Path dir;

  private List<String> expand(String word) throws Exception {
    for (String name : List.of("a", "b", "y", "\\", "^", "-", ".hidden")) {
      Files.writeString(dir.resolve(name), "");
    }
    ShellWord w = ShellParser.parse("ls " + word).get(0).words().get(1);
    return GlobExpansion.expand(w, 0, dir, () -> 0).stream().map(p -> p.getFileName().toString()).sorted().toList();
  }

  @Test
  void rangesAndSets() throws Exception {
    assertThat(expand("[a-b]")).containsExactly("a", "b");
    assertThat(expand("[!a-b]")).containsExactly("-", "\\", "^", "y");
    assertThat(expand("[y-a]")).isEmpty();
    assertThat(expand("[s-[]")).isEmpty();
    assertThat(expand("'['a-b]")).as("a quoted bracket is literal").containsExactly("[a-b]");
  }

  @Test
  void regexCharactersInASetAreLiteral() throws Exception {
    assertThat(expand("[\\\\^]")).containsExactly("\\", "^");
    assertThat(expand("[a-]")).containsExactly("-", "a");
    assertThat(expand("[.]*")).isEmpty();
  }
}
