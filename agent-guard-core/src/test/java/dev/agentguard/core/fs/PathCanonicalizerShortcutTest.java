package dev.agentguard.core.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shortcuts of {@link PathCanonicalizer} (one {@code realpath} of the existing part, the missing names appended)
 * against the real file system: they must give what the kernel would resolve, and leave dangling links, files in
 * the middle of a path and dot names to the walk.
 */
class PathCanonicalizerShortcutTest {

  @TempDir Path tmp;

  @Test
  void missingTailUnderALinkedDirectoryIsAppendedToTheDirectorysRealPath() throws Exception {
    Path real = Files.createDirectories(tmp.resolve("real/dir"));
    Files.createSymbolicLink(tmp.resolve("via"), real);
    PathCanonicalizer.Result r = PathCanonicalizer.canonicalize(tmp.resolve("via/new/deeper.txt"));
    assertThat(r.ok()).isTrue();
    assertThat(r.exists()).isFalse();
    assertThat(r.real()).isEqualTo(real.toRealPath().resolve("new/deeper.txt"));
  }

  @Test
  void aDanglingLinkAtTheFirstMissingNameIsFollowed() throws Exception {
    Path target = tmp.resolve("elsewhere/created.txt");
    Files.createDirectories(target.getParent());
    Files.createSymbolicLink(tmp.resolve("dangling"), target);
    PathCanonicalizer.Result r = PathCanonicalizer.canonicalize(tmp.resolve("dangling"));
    assertThat(r.real()).isEqualTo(target.getParent().toRealPath().resolve("created.txt"));
  }

  @Test
  void namesBelowARegularFileStayLexical() throws Exception {
    Path file = Files.writeString(tmp.resolve("file.txt"), "x");
    PathCanonicalizer.Result r = PathCanonicalizer.canonicalize(tmp.resolve("file.txt/below"));
    assertThat(r.ok()).isTrue();
    assertThat(r.real()).isEqualTo(file.toRealPath().resolve("below"));
  }

  @Test
  void aLoopIsReportedAsALoop() throws Exception {
    Files.createSymbolicLink(tmp.resolve("loop"), tmp.resolve("loop"));
    PathCanonicalizer.Result r = PathCanonicalizer.canonicalize(tmp.resolve("loop/x"));
    assertThat(r.ok()).isFalse();
    assertThat(r.loop()).isTrue();
  }

  @Test
  void dotNamesAreFoundOnlyAsWholeNames() {
    assertThat(PathCanonicalizer.hasDotSegment("/a/./b")).isTrue();
    assertThat(PathCanonicalizer.hasDotSegment("/a/..")).isTrue();
    assertThat(PathCanonicalizer.hasDotSegment("/..")).isTrue();
    assertThat(PathCanonicalizer.hasDotSegment("/a/.../b")).isFalse();
    assertThat(PathCanonicalizer.hasDotSegment("/a/.b/c.")).isFalse();
    assertThat(PathCanonicalizer.hasDotSegment("/")).isFalse();
  }

  @Test
  void regionMapFindsKeysByAnyRegionAndNothingElse() {
    RegionMap<Integer> m = new RegionMap<>(Map.of("pem", 1, "key", 2, ".en", 3));
    assertThat(m.get("id.pem", 3, 6)).isEqualTo(1);
    assertThat(m.get("x.key", 2, 5)).isEqualTo(2);
    assertThat(m.get(".env", 0, 3)).isEqualTo(3);
    assertThat(m.get(".env", 0, 2)).isNull();
    assertThat(m.get("pemx", 0, 4)).isNull();
    assertThat(new RegionMap<Integer>(Map.of()).get("a", 0, 1)).isNull();
  }
}
