package dev.agentguard.core.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PathGlobTest {

  @ParameterizedTest(name = "{0} ~ {1} = {2}")
  @CsvSource(delimiter = '|', value = {
      "**/.env | /ws/.env | true",
      "**/.env | /.env | true",
      "**/.env | /ws/a/b/.env | true",
      "**/.env | /ws/.env.local | false",
      ".env | /ws/deep/.env | true",
      "/srv/app/** | /srv/app | true",
      "/srv/app/** | /srv/app/x/y | true",
      "/srv/app/** | /srv/app_evil | false",
      "/srv/app/** | /srv/app_evil/x | false",
      "/srv/app/* | /srv/app/x | true",
      "/srv/app/* | /srv/app/x/y | false",
      "**/*.pem | /a/b/key.pem | true",
      "**/*.pem | /a/b/key.pem/x | false",
      "**/id_?sa | /h/.ssh/id_rsa | true",
      "**/id_[rd]sa | /h/.ssh/id_dsa | true",
      "**/id_[!rd]sa | /h/.ssh/id_dsa | false",
      "**/id_[a-c]sa | /h/.ssh/id_bsa | true",
      "**/{secrets,private}/** | /ws/private/k | true",
      "**/{secrets,private}/** | /ws/public/k | false",
      "/a/{b/c,d}/e | /a/b/c/e | true",
      "/a/{b/c,d}/e | /a/d/e | true",
      "/a/{b/c,d}/e | /a/b/e | false",
      ".git/hooks/** | /ws/.git/hooks | true",
      ".git/hooks/** | /ws/.git/hooks/pre-commit | true",
      ".git/hooks/** | /ws/.git/hooksx | false",
      "/a/**/b | /a/b | true",
      "/a/**/b | /a/x/y/b | true",
      "/a/**/b | /a/x/y/bb | false",
      "/a\\*b | /a*b | true",
      "/a\\*b | /axb | false",
      "/ | / | true",
      "./secrets/** | /ws/secrets/k | true",
      "/ws/a/../b/** | /ws/b/k | true",
      "/ws/a/../b/** | /ws/a/b/k | false",
      "/ | /a | false",
  })
  void matchesTable(String glob, String path, boolean expected) {
    assertThat(PathGlob.compile(glob).matches(path)).isEqualTo(expected);
  }

  @Test
  void ignoringCaseMatchesOtherCase() {
    assertThat(PathGlob.compile("**/.env", true).matches("/ws/.ENV")).isTrue();
    assertThat(PathGlob.compile("**/.env", false).matches("/ws/.ENV")).isFalse();
    assertThat(PathGlob.compile("**/[a-c]EY", true).matches("/ws/Bey")).isTrue();
    assertThat(PathGlob.compile("/Srv/**", true).matches("/srv/x")).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "[abc", "**/[", "{a,b", "a}", "a]", "x\\", "a\0b", "a\nb", "[z-a]", "[a/b]",
      "{,}", "\\/x", "**/../x", "../x", "/*/../x", ".", "./", "a/.."})
  void rejectsMalformedGlobs(String glob) {
    assertThatThrownBy(() -> PathGlob.compile(glob))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid glob");
  }

  @Test
  void messagesSayWhatIsWrong() {
    assertThatThrownBy(() -> PathGlob.compile("**/[ab")).hasMessageContaining("unclosed '['");
    assertThatThrownBy(() -> PathGlob.compile("{a,b")).hasMessageContaining("unclosed '{'");
    assertThatThrownBy(() -> PathGlob.compile("a}")).hasMessageContaining("unbalanced '}'");
    assertThatThrownBy(() -> PathGlob.compile("a\u0001")).hasMessageContaining("control character U+0001");
    assertThatThrownBy(() -> PathGlob.compile("")).hasMessageContaining("empty");
  }

  @Test
  void braceExplosionIsBounded() {
    String glob = "{a,b,c,d}{a,b,c,d}{a,b,c,d}{a,b,c,d}{a,b,c,d}";
    assertThatThrownBy(() -> PathGlob.compile(glob)).hasMessageContaining("more than 256");
  }

  // ------------------------------------------------------------ properties vs the regex oracle

  @Provide
  Arbitrary<String> globs() {
    Arbitrary<String> token = Arbitraries.of("a", "b", "c", ".", "*", "**", "?", "[ab]", "[!a]", "[a-b]",
        "{a,b}", "{a/b,c}", "/", "/", "x");
    return token.list().ofMinSize(1).ofMaxSize(8).map(l -> String.join("", l))
        .filter(g -> GlobRegexOracle.expandBraces(g).stream()
            .noneMatch(alt -> List.of(alt.split("/")).contains(".") || List.of(alt.split("/")).contains("..")));
  }

  @Provide
  Arbitrary<String> paths() {
    Arbitrary<String> seg = Arbitraries.of("a", "b", "ab", "ba", ".a", "a.b", "c", "x", "A", "aa", "xa");
    return seg.list().ofMaxSize(6).map(l -> "/" + String.join("/", l));
  }

  @Property(tries = 1500)
  void matchesLikeTheRegexOracle(@ForAll("globs") String glob, @ForAll("paths") String path) {
    assertThat(PathGlob.compile(glob).matches(path))
        .as("glob %s path %s", glob, path)
        .isEqualTo(GlobRegexOracle.matches(glob, path, false));
  }

  @Property(tries = 500)
  void matchesLikeTheRegexOracleIgnoringCase(@ForAll("globs") String glob, @ForAll("paths") String path) {
    assertThat(PathGlob.compile(glob, true).matches(path))
        .as("glob %s path %s", glob, path)
        .isEqualTo(GlobRegexOracle.matches(glob, path, true));
  }

  @Property(tries = 300)
  void indexAgreesWithScanningEveryGlob(@ForAll("globList") List<String> globs, @ForAll("paths") String path) {
    GlobIndex index = new GlobIndex();
    for (String g : globs) {
      index.add(g, List.of(PathGlob.compile(g, true)));
    }
    index.build();
    String expected = null;
    for (String g : globs) {
      if (PathGlob.compile(g, true).matches(path)) {
        expected = g;
        break;
      }
    }
    List<String> folded = PathGlob.split(path);
    folded.replaceAll(PathGlob::fold);
    assertThat(index.firstMatch(folded)).isEqualTo(expected);
  }

  @Provide
  Arbitrary<List<String>> globList() {
    Arbitrary<String> withLiterals = Arbitraries.of("**/a", "**/*.b", "**/ab*", "/a/**", "**/a?", "**/x/*",
        "**/*", "/*/b", "**/a.b", "**/[ab]a", ".a", "**/b*.b");
    return Arbitraries.oneOf(withLiterals, globs()).list().ofMinSize(1).ofMaxSize(12);
  }
}
