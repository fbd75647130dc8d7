package dev.agentguard.core.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentguard.core.fixtures.AwkwardNames;
import dev.agentguard.core.glob.GlobSyntax;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** A path escaped with {@link GlobSyntax#escapePath} is a deny glob that matches that path and nothing else. */
class PathGlobEscapeTest {

  @Property(tries = 300)
  void anEscapedPathMatchesItselfAndNothingElse(@ForAll(supplier = AwkwardNames.class) String name,
      @ForAll(supplier = AwkwardNames.class) String other) {
    PathGlob glob = PathGlob.compile("/d/" + GlobSyntax.escapePath(name));
    assertThat(glob.matches("/d/" + name)).isTrue();
    assertThat(glob.matches("/d/" + other)).isEqualTo(other.equals(name));
  }
}
