package dev.agentguard.core.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentguard.core.glob.GlobSyntax;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** A path escaped with {@link GlobSyntax#escapePath} is a deny glob that matches that path and nothing else. */
class PathGlobEscapeTest {

  /** Names made mostly of the characters that are special somewhere. */
  @Provide
  Arbitrary<String> awkwardNames() {
    return Arbitraries.strings().withChars("*?[]{},!^\\-ab.").ofMinLength(1).ofMaxLength(12)
        .filter(s -> !s.matches("\\.+")); // "." and ".." are path steps, not names
  }

  @Property(tries = 300)
  void anEscapedPathMatchesItselfAndNothingElse(@ForAll("awkwardNames") String name,
      @ForAll("awkwardNames") String other) {
    PathGlob glob = PathGlob.compile("/d/" + GlobSyntax.escapePath(name));
    assertThat(glob.matches("/d/" + name)).isTrue();
    assertThat(glob.matches("/d/" + other)).isEqualTo(other.equals(name));
  }
}
