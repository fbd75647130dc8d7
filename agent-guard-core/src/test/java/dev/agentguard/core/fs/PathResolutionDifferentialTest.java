package dev.agentguard.core.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exception-free shortcuts of {@link PathCanonicalizer#canonicalize} (a {@code stat} for the whole path, then
 * {@code stat}s up to the longest existing prefix and one {@code lstat} of the first missing name) against the
 * component-by-component walk they replace, and against the kernel: every path built from a pool of names over a
 * real tree (directories, files, relative and absolute links, dangling links to a missing file and to a missing
 * directory, a link to a file, self and mutual loops, a directory without search permission, {@code .} and
 * {@code ..} after links) must resolve exactly as the walk resolves it, and, where the walk finds a path, where
 * the operating system puts it ({@link OsResolver}: {@code toRealPath} for an existing path). (Run as root, the
 * directory without search permission is searchable after all; the comparison still holds.)
 */
class PathResolutionDifferentialTest {

  private static final List<String> NAMES = List.of("dir", "file.txt", "rel", "abs", "dangling", "dangling-dir",
      "to-file", "loop", "ping", "locked", "missing", "..", ".", "inner", "sub", "up");

  @TempDir Path tmp;
  private Path root;

  @BeforeEach
  void tree() throws IOException {
    root = tmp.toRealPath().resolve("tree");
    Path sub = Files.createDirectories(root.resolve("dir/sub"));
    Path dir = sub.getParent();
    Files.writeString(root.resolve("file.txt"), "x");
    Files.writeString(dir.resolve("inner"), "y");
    Files.createSymbolicLink(root.resolve("rel"), Path.of("dir/sub"));
    Files.createSymbolicLink(root.resolve("abs"), sub);
    Files.createSymbolicLink(root.resolve("dangling"), Path.of("dir/not-yet.txt"));
    Files.createSymbolicLink(root.resolve("dangling-dir"), root.resolve("nowhere/deeper"));
    Files.createSymbolicLink(root.resolve("to-file"), Path.of("file.txt"));
    Files.createSymbolicLink(root.resolve("loop"), Path.of("loop"));
    Files.createSymbolicLink(root.resolve("ping"), Path.of("pong"));
    Files.createSymbolicLink(root.resolve("pong"), Path.of("ping"));
    Files.createSymbolicLink(dir.resolve("up"), Path.of("../.."));
    Path locked = Files.createDirectories(root.resolve("locked"));
    Files.writeString(locked.resolve("inner"), "z");
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
  }

  @AfterEach
  void unlock() throws IOException {
    Files.setPosixFilePermissions(root.resolve("locked"), PosixFilePermissions.fromString("rwx------"));
  }

  /** Every path of one to three names from the pool under the tree: 16 + 256 + 4,096 paths. */
  private List<Path> paths() {
    List<Path> out = new ArrayList<>();
    List<String> level = List.of("");
    for (int depth = 1; depth <= 3; depth++) {
      List<String> next = new ArrayList<>();
      for (String prefix : level) {
        for (String name : NAMES) {
          String p = prefix.isEmpty() ? name : prefix + "/" + name;
          next.add(p);
          out.add(Path.of(root + "/" + p));
        }
      }
      level = next;
    }
    return out;
  }

  @Test
  void theShortcutsResolveEveryPathAsTheWalkAndTheKernelDo() {
    int compared = 0;
    int existing = 0;
    int missingTail = 0;
    for (Path p : paths()) {
      PathCanonicalizer.Result fast = PathCanonicalizer.canonicalize(p);
      PathCanonicalizer.Result walk = PathCanonicalizer.walkOnly(p);
      assertThat(fast.ok()).as("resolvable: %s", p).isEqualTo(walk.ok());
      assertThat(fast.loop()).as("loop: %s", p).isEqualTo(walk.loop());
      if (walk.ok()) {
        assertThat(fast.real()).as("real path of %s", p).isEqualTo(walk.real());
        assertThat(fast.exists()).as("exists: %s", p).isEqualTo(walk.exists());
        Path os = OsResolver.resolve(p);
        if (os != null) {
          assertThat(fast.real()).as("kernel's resolution of %s", p).isEqualTo(os);
        }
        if (Files.exists(p)) {
          existing++;
        } else {
          missingTail++;
        }
      }
      compared++;
    }
    assertThat(compared).isEqualTo(16 + 256 + 4096);
    assertThat(existing).as("the pool reaches existing files").isGreaterThan(50);
    assertThat(missingTail).as("and paths whose tail is missing").isGreaterThan(1000);
  }

  @Test
  void aDanglingLinkIsFollowedWhereverTheMissingTailStarts() throws IOException {
    Path viaDangling = root.resolve("dangling");
    assertThat(PathCanonicalizer.canonicalize(viaDangling).real()).isEqualTo(root.resolve("dir/not-yet.txt"));
    Path belowDanglingDir = root.resolve("dangling-dir/a/b");
    assertThat(PathCanonicalizer.canonicalize(belowDanglingDir).real())
        .isEqualTo(root.resolve("nowhere/deeper/a/b"));
    Path afterDotDot = root.resolve("abs/../../dangling");
    assertThat(PathCanonicalizer.canonicalize(afterDotDot).real()).isEqualTo(root.resolve("dir/not-yet.txt"));
  }

  @Test
  void aLinkSwappedWhileResolvingGivesOneOfItsTwoResolutionsNeverAMix() throws Exception {
    Path link = root.resolve("swapped");
    Path toDir = root.resolve("swap-a");
    Path toNowhere = root.resolve("swap-b");
    Files.createSymbolicLink(toDir, root.resolve("dir"));
    Files.createSymbolicLink(toNowhere, root.resolve("gone/away"));
    Files.copy(toDir, link, java.nio.file.LinkOption.NOFOLLOW_LINKS);
    Path asked = link.resolve("inner");
    Set<Path> allowed = Set.of(root.resolve("dir/inner"), root.resolve("gone/away/inner"));
    AtomicBoolean stop = new AtomicBoolean();
    Thread swapper = new Thread(() -> {
      Path staging = root.resolve("staging");
      for (int i = 0; !stop.get(); i++) {
        try {
          Files.copy(i % 2 == 0 ? toNowhere : toDir, staging, java.nio.file.LinkOption.NOFOLLOW_LINKS);
          Files.move(staging, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }
    });
    swapper.start();
    try {
      for (int i = 0; i < 3000; i++) {
        PathCanonicalizer.Result r = PathCanonicalizer.canonicalize(asked);
        assertThat(r.ok()).isTrue();
        assertThat(r.real()).isIn(allowed);
      }
    } finally {
      stop.set(true);
      swapper.join();
    }
  }
}
