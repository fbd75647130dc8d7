package dev.agentguard.core.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentguard.api.Access;
import dev.agentguard.api.Decision;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.fixtures.Fixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Properties of the filesystem check against the slow reference policy, over a real tree with symlinks. */
class FileSystemPropertiesTest {

  private static Path dir;
  private static Fixture f;

  @BeforeContainer
  static void createTree() throws IOException {
    dir = Files.createTempDirectory("agent-guard-fs-props");
    f = new Fixture(dir);
  }

  @AfterContainer
  static void deleteTree() throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static final List<String> DENY = List.of("**/.env", "**/secret*", "/nonexistent/**");

  private static FileSystemRules rules(List<String> deny, boolean reverseRoots) {
    List<FileSystemRules.Root> roots = new ArrayList<>(List.of(
        new FileSystemRules.Root(f.ws.toString(), FileSystemRules.RootAccess.READ_WRITE),
        new FileSystemRules.Root(f.ro.toString(), FileSystemRules.RootAccess.READ),
        new FileSystemRules.Root(f.ws.resolve("a").toString(), FileSystemRules.RootAccess.READ)));
    if (reverseRoots) {
      Collections.reverse(roots);
    }
    return new FileSystemRules(roots, deny, Verdict.DENY, List.of());
  }

  private static ReferencePolicy reference(List<String> deny) {
    return new ReferencePolicy(f.ws, List.of(new ReferencePolicy.Root(f.ws, true),
        new ReferencePolicy.Root(f.ro, false), new ReferencePolicy.Root(f.ws.resolve("a"), false)), deny,
        Verdict.DENY);
  }

  @Provide
  Arbitrary<String> paths() {
    Arbitrary<String> seg = Arbitraries.of("a", "b", "file.txt", "..", ".", "", "link-out", "link-rel-out",
        "link-in", "passwd", "dangling-out", "dangling-in", "loop1", "self", "ws", "ws_evil", "outside", "ro",
        "data.txt", "secret.txt", ".env", "innocent", "x", ".git", "hooks", "config", "hooks-link", "etc");
    Arbitrary<String> prefix = Arbitraries.of("", "", "/", "BASE/", "BASE/ws/", "BASE/ws_evil/", "BASE/ro/");
    return Combinators.combine(prefix, seg.list().ofMinSize(1).ofMaxSize(7))
        .as((p, s) -> p.replace("BASE", f.base.toString()) + String.join("/", s))
        .filter(p -> !p.isEmpty());
  }

  @Provide
  Arbitrary<String> cwds() {
    return Arbitraries.of("", "a", "a/b", "link-in", "link-out", "..", "a/..", "../ws_evil", "loop1")
        .map(c -> c.isEmpty() ? null : f.ws.resolve(c).toString()).injectNull(0.3);
  }

  @Property(tries = 400)
  void agreesWithTheReferencePolicy(@ForAll("paths") String path, @ForAll Access access,
      @ForAll("cwds") String cwd) {
    FileSystemCheck check = new FileSystemCheck(rules(DENY, false), f.env());
    Decision d = check.check(path, access, cwd);
    Verdict expected = reference(DENY).decide(path, access, cwd == null ? null : Path.of(cwd));
    Statistics.collect(d.verdict(), d.rule());
    assertThat(d.verdict()).as("%s %s in %s: %s", access, path, cwd, d).isEqualTo(expected);
  }

  @Property(tries = 400)
  void everyAllowedPathLiesUnderAGrantingRoot(@ForAll("paths") String path, @ForAll Access access,
      @ForAll("cwds") String cwd) {
    FileSystemCheck check = new FileSystemCheck(rules(List.of(), false), f.env());
    Decision d = check.check(path, access, cwd);
    if (d.verdict() != Verdict.ALLOW) {
      return;
    }
    Path base = cwd == null ? f.ws : Path.of(cwd);
    Path real = OsResolver.resolve(base.resolve(path));
    assertThat(real).as(path).isNotNull();
    boolean inside = access == Access.WRITE ? real.startsWith(f.ws) : real.startsWith(f.ws) || real.startsWith(f.ro);
    assertThat(inside).as("%s %s resolves to %s", access, path, real).isTrue();
    assertThat(real.startsWith(f.outside)).isFalse();
    assertThat(real.toString()).doesNotStartWith(f.base.resolve("ws_evil").toString());
  }

  @Provide
  Arbitrary<String> encodedPaths() {
    Arbitrary<String> seg = Arbitraries.of("a", "..", "%2e%2e", "%2E%2e%2f..", "..\\..", "%252e%252e",
        "\uff0e\uff0e", "link-out", "a%2f..%2f..", "file.txt", "outside", "ws_evil", "%2fetc", "..%5c..");
    return seg.list().ofMinSize(1).ofMaxSize(6).map(l -> String.join("/", l));
  }

  /** Whatever reading a tool applies (raw, URL-decoded, backslash, NFKC), an allowed path stays inside. */
  @Property(tries = 300)
  void encodedPathsNeverEscapeUnderAnyReading(@ForAll("encodedPaths") String path, @ForAll Access access) {
    FileSystemCheck check = new FileSystemCheck(rules(List.of(), false), f.env());
    Verdict verdict = check.check(path, access, null).verdict();
    Statistics.collect(verdict);
    if (verdict != Verdict.ALLOW) {
      return;
    }
    List<String> all = new ArrayList<>(FileSystemCheck.readings(path));
    all.add(path);
    String decoded = path;
    for (int i = 0; i < 3; i++) {
      decoded = java.net.URLDecoder.decode(decoded.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    }
    all.add(decoded);
    all.add(java.text.Normalizer.normalize(decoded, java.text.Normalizer.Form.NFKC).replace('\\', '/'));
    for (String reading : all) {
      Path real = OsResolver.resolve(f.ws.resolve(reading));
      assertThat(real).as(reading).isNotNull();
      assertThat(real.startsWith(f.ws)).as("%s read as %s resolves to %s", path, reading, real).isTrue();
    }
  }

  @net.jqwik.api.Example
  void aPathWithMoreReadingsThanCanBeExploredIsDenied() {
    // Found by encodedPathsNeverEscapeUnderAnyReading: escapes only after decoding twice, folding the
    // backslash and NFKC-normalising the full-width dots.
    FileSystemCheck check = new FileSystemCheck(rules(List.of(), false), f.env());
    for (Access access : Access.values()) {
      assertThat(check.check("a/a/..\\../%252e%252e/\uff0e\uff0e", access, null).verdict())
          .isEqualTo(Verdict.DENY);
    }
  }

  @Property(tries = 300)
  void canonicalisationIsIdempotentAndMatchesTheOs(@ForAll("paths") String path) {
    Path absolute = f.ws.resolve(path);
    PathCanonicalizer.Result once = PathCanonicalizer.canonicalize(absolute);
    Path os = OsResolver.resolve(absolute);
    if (os == null) {
      assertThat(once.ok()).isFalse();
      assertThat(once.loop()).isTrue();
      return;
    }
    assertThat(once.real()).as(path).isEqualTo(os);
    PathCanonicalizer.Result twice = PathCanonicalizer.canonicalize(once.real());
    assertThat(twice.real()).isEqualTo(once.real());
  }

  @Property(tries = 200)
  void addingADenyGlobNeverAllowsMore(@ForAll("paths") String path, @ForAll Access access,
      @ForAll("extraGlobs") String extra) {
    Verdict before = new FileSystemCheck(rules(DENY, false), f.env()).check(path, access, null).verdict();
    List<String> more = new ArrayList<>(DENY);
    more.add(extra);
    Verdict after = new FileSystemCheck(rules(more, false), f.env()).check(path, access, null).verdict();
    assertThat(after.isStricterThan(before) || after == before).as("%s + %s", path, extra).isTrue();
  }

  @Provide
  Arbitrary<String> extraGlobs() {
    return Arbitraries.of("**/a/**", "**/*.txt", "/**", "**/b", "**/link*", "**/{x,data.txt}", "ws/**",
        "**/[fd]*", "**/?", "**/*");
  }

  @Property(tries = 200)
  void ruleOrderNeverMatters(@ForAll("paths") String path, @ForAll Access access, @ForAll long seed) {
    List<String> deny = new ArrayList<>(List.of("**/.env", "**/secret*", "**/b/**", "**/*.txt", "/nonexistent"));
    Decision a = new FileSystemCheck(rules(deny, false), f.env()).check(path, access, null);
    Collections.shuffle(deny, new Random(seed));
    Decision b = new FileSystemCheck(rules(deny, true), f.env()).check(path, access, null);
    assertThat(b.verdict()).isEqualTo(a.verdict());
    assertThat(b.rule()).isEqualTo(a.rule());
  }
}
