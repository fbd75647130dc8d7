package dev.agentguard.core.glob;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentguard.core.fixtures.AwkwardNames;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class GlobSyntaxTest {

  @Property(tries = 300)
  void anEscapedNameMatchesItselfAndNothingElse(@ForAll(supplier = AwkwardNames.class) String name,
      @ForAll(supplier = AwkwardNames.class) String other) {
    String glob = GlobSyntax.escapeName(name);
    assertThat(NameGlob.matches(glob, name)).isTrue();
    assertThat(NameGlob.matches(glob, other)).isEqualTo(other.equals(name));
  }

  @Test
  void nameGlobsHaveStarQuestionMarkAndEscape() {
    assertThat(NameGlob.matches("mcp__*", "mcp__fs__read")).isTrue();
    assertThat(NameGlob.matches("read_?ile", "read_file")).isTrue();
    assertThat(NameGlob.matches("read_?ile", "read_ile")).isFalse();
    assertThat(NameGlob.matches("*", "")).isTrue();
    assertThat(NameGlob.matches("a\\*", "a*")).isTrue();
    assertThat(NameGlob.matches("a\\*", "ab")).isFalse();
    assertThat(NameGlob.matches("a\\", "a\\")).as("a trailing backslash is itself").isTrue();
    assertThat(NameGlob.matches("[ab]", "a")).as("no sets in name globs").isFalse();
    assertThat(NameGlob.matches("*a*b", "xxaxxab")).isTrue();
  }

  @Test
  void literalSegmentsHaveNoSpecialCharacters() {
    assertThat(GlobSyntax.isLiteralPathSegment("src")).isTrue();
    assertThat(GlobSyntax.isLiteralPathSegment("a,b!^")).as(", ! and ^ mean something only in {} and []")
        .isTrue();
    for (String s : new String[] {"", ".", "..", "*.java", "a?", "[ab]", "{a,b}", "a\\b", "**"}) {
      assertThat(GlobSyntax.isLiteralPathSegment(s)).as(s).isFalse();
    }
    assertThat(GlobSyntax.escapePath("plain/path")).isSameAs("plain/path");
  }

  @Test
  void shellWildcardsAreStarQuestionMarkAndBracket() {
    for (char c : "*?[".toCharArray()) {
      assertThat(GlobSyntax.isShellWildcard(c)).as("%s", c).isTrue();
    }
    for (char c : "]{}\\,!^a".toCharArray()) {
      assertThat(GlobSyntax.isShellWildcard(c)).as("%s", c).isFalse();
    }
  }
}
