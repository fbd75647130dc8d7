package dev.agentguard.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentguard.api.Verdict;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.fs.FileSystemCheck;
import dev.agentguard.core.fs.FileSystemRules;
import dev.agentguard.core.fixtures.Fixture;
import dev.agentguard.core.policy.Policy;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuardedFilesTest {

  @TempDir Path tmp;
  Fixture f;
  GuardedFiles files;

  @BeforeEach
  void setUp() {
    f = new Fixture(tmp);
    FileSystemCheck check = new FileSystemCheck(new FileSystemRules(
        List.of(new FileSystemRules.Root("${workspace}", FileSystemRules.RootAccess.READ_WRITE),
            new FileSystemRules.Root(f.ro.toString(), FileSystemRules.RootAccess.READ)),
        List.of("**/.env"), Verdict.ASK, List.of()), f.env());
    files = GuardedFiles.of(check);
  }

  @Test
  void guardedFilesFromTheGuard() throws Exception {
    AgentGuard guard = AgentGuard.builder().policy(Policy.builder()
        .root("${workspace}", FileSystemRules.RootAccess.READ_WRITE)
        .denyPath("**/.env")
        .build()).environment(f.env()).build();
    GuardedFiles fromGuard = GuardedFiles.of(guard.fileSystemCheck());
    assertThat(fromGuard.readString("a/file.txt")).isEqualTo("inside");
    assertThatThrownBy(() -> fromGuard.readString(".env")).isInstanceOf(FileAccessDeniedException.class);
  }

  @Test
  void readsAndWritesInsideTheWorkspace() throws Exception {
    assertThat(files.readString("a/file.txt")).isEqualTo("inside");
    files.writeString("a/out.txt", "hello");
    assertThat(Files.readString(f.ws.resolve("a/out.txt"))).isEqualTo("hello");
    files.writeString("a/out.txt", "hi");
    assertThat(files.readString(f.ws.resolve("a/out.txt").toString())).isEqualTo("hi");
    try (OutputStream out = files.newOutputStream("a/out.txt", StandardOpenOption.APPEND)) {
      out.write("!".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(files.readString("a/out.txt")).isEqualTo("hi!");
    try (InputStream in = files.newInputStream("link-in/file.txt")) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("inside");
    }
    assertThat(files.inDirectory(f.ws.resolve("a").toString()).readString("file.txt")).isEqualTo("inside");
    assertThat(files.readString(f.ro.resolve("data.txt").toString())).isEqualTo("data");
  }

  @Test
  void listsCreatesAndDeletes() throws Exception {
    files.createDirectories("x/y/z");
    assertThat(Files.isDirectory(f.ws.resolve("x/y/z"))).isTrue();
    files.createDirectories("x/y/z");
    files.writeString("x/y/z/f.txt", "1");
    assertThat(files.list("x/y/z")).containsExactly("f.txt");
    assertThat(files.list("a")).containsExactly("b", "file.txt");
    files.delete("x/y/z/f.txt");
    assertThat(files.list("x/y/z")).isEmpty();
    assertThatThrownBy(() -> files.delete("x/y/z/f.txt")).isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> files.readString("missing.txt")).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void refusesWhatThePolicyDoesNotAllow() {
    for (String p : List.of("../outside/secret.txt", "link-out/secret.txt", "passwd", ".env", "innocent",
        "loop1", "a\0")) {
      assertThatThrownBy(() -> files.readString(p)).as(p).isInstanceOf(FileAccessDeniedException.class)
          .isInstanceOf(AccessDeniedException.class);
    }
    // ASK (outside roots under outsideRoots: ask) is not ALLOW either
    assertThatThrownBy(() -> files.readString(f.outside.resolve("secret.txt").toString()))
        .isInstanceOfSatisfying(FileAccessDeniedException.class,
            e -> assertThat(e.decision().verdict()).isEqualTo(Verdict.ASK));
    assertThatThrownBy(() -> files.writeString(f.ro.resolve("data.txt").toString(), "x"))
        .isInstanceOfSatisfying(FileAccessDeniedException.class,
            e -> assertThat(e.decision().rule()).isEqualTo("filesystem.read-only-root"));
    assertThatThrownBy(() -> files.writeString(".git/hooks/pre-commit", "evil"))
        .isInstanceOfSatisfying(FileAccessDeniedException.class,
            e -> assertThat(e.getMessage()).contains("filesystem.protected"));
    assertThatThrownBy(() -> files.list("link-out")).isInstanceOf(FileAccessDeniedException.class);
    assertThatThrownBy(() -> files.createDirectories("link-out/new")).isInstanceOf(FileAccessDeniedException.class);
    assertThatThrownBy(() -> files.delete("link-out/secret.txt")).isInstanceOf(FileAccessDeniedException.class);
    assertThatThrownBy(() -> files.inDirectory(f.outside.toString()).readString("secret.txt"))
        .isInstanceOfSatisfying(FileAccessDeniedException.class,
            e -> assertThat(e.decision().rule()).isEqualTo("filesystem.cwd-outside-workspace"));
    assertThat(f.outside.resolve("secret.txt")).exists();
  }

  @Test
  void writeThroughDanglingLinkPointingOutsideIsRefused() { // CVE-2025-55345
    assertThatThrownBy(() -> files.writeString("dangling-out", "pwned"))
        .isInstanceOf(FileAccessDeniedException.class);
    assertThat(f.outside.resolve("new.txt")).doesNotExist();
  }

  @Test
  void fileSwappedForASymlinkAfterTheCheckIsRefused() throws Exception {
    Path target = f.ws.resolve("a/file.txt");
    GuardedFiles racing = files.withAfterCheck(real -> {
      Files.delete(target);
      Files.createSymbolicLink(target, f.outside.resolve("secret.txt"));
    });
    assertThatThrownBy(() -> racing.readString("a/file.txt"))
        .isInstanceOfSatisfying(FileAccessDeniedException.class,
            e -> assertThat(e.decision().rule()).isEqualTo(GuardedFiles.RULE_CHANGED_AFTER_CHECK));
  }

  @Test
  void fileSwappedForASymlinkBeforeAWriteIsRefusedAndTheTargetUntouched() throws Exception {
    Path target = f.ws.resolve("a/file.txt");
    GuardedFiles racing = files.withAfterCheck(real -> {
      Files.delete(target);
      Files.createSymbolicLink(target, f.outside.resolve("secret.txt"));
    });
    assertThatThrownBy(() -> racing.writeString("a/file.txt", "pwned"))
        .isInstanceOf(FileAccessDeniedException.class);
    assertThat(Files.readString(f.outside.resolve("secret.txt"))).isEqualTo("secret");
  }

  @Test
  void directorySwappedForASymlinkAfterTheCheckIsRefused() throws Exception {
    Path dir = f.ws.resolve("a");
    GuardedFiles racing = files.withAfterCheck(real -> {
      Files.move(dir, f.ws.resolve("a-moved"));
      Files.createSymbolicLink(dir, f.outside);
    });
    assertThatThrownBy(() -> racing.readString("a/file.txt"))
        .isInstanceOfSatisfying(FileAccessDeniedException.class,
            e -> assertThat(e.decision().rule()).isEqualTo(GuardedFiles.RULE_CHANGED_AFTER_CHECK));
  }

  @Test
  void directorySwappedBeforeATruncatingWriteLeavesTheOutsideFileIntact() throws Exception {
    Path dir = f.ws.resolve("a");
    GuardedFiles racing = files.withAfterCheck(real -> {
      Files.move(dir, f.ws.resolve("a-moved"));
      Files.createSymbolicLink(dir, f.outside);
    });
    assertThatThrownBy(() -> racing.writeString("a/file.txt", "pwned"))
        .isInstanceOf(FileAccessDeniedException.class);
    assertThat(Files.readString(f.outside.resolve("file.txt"))).isEqualTo("outside file");
  }

  @Test
  void fileReplacedByAnotherFileAfterTheCheckIsRefused() throws Exception {
    Path target = f.ws.resolve("a/file.txt");
    GuardedFiles racing = files.withAfterCheck(real -> {
      Path other = Files.writeString(f.ws.resolve("a/other.txt"), "other");
      Files.move(other, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    });
    // a new file with the same name: what was opened is not the file that was checked
    assertThatThrownBy(() -> racing.readString("a/file.txt"))
        .isInstanceOfSatisfying(FileAccessDeniedException.class,
            e -> assertThat(e.decision().reason()).contains("replaced"));
  }

  @Test
  void rejectsNullsAndUnsupportedOptions() {
    assertThatThrownBy(() -> GuardedFiles.of(null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("check");
    assertThatThrownBy(() -> files.readString(null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("path");
    assertThatThrownBy(() -> files.newOutputStream("a/x", StandardOpenOption.READ))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("READ");
  }
}
