package dev.agentguard.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.agentguard.api.Verdict;
import dev.agentguard.core.check.GuardEnvironment;
import dev.agentguard.core.fs.FileSystemCheck;
import dev.agentguard.core.fs.FileSystemRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * An attacker with a thread of its own swaps what a path names while guarded reads and writes run. Counted on the
 * host after the fact: reads that returned the outside content, writes that changed the outside file, files
 * created outside. Each count must be 0.
 */
class GuardedFilesRaceTest {

  private static final int OPERATIONS = 3000;

  @TempDir Path tmp;
  private Path ws;
  private Path outside;
  private GuardedFiles files;

  @BeforeEach
  void setUp() throws IOException {
    Path base = tmp.toRealPath();
    ws = Files.createDirectories(base.resolve("ws"));
    outside = Files.createDirectories(base.resolve("outside"));
    FileSystemCheck check = new FileSystemCheck(new FileSystemRules(
        List.of(new FileSystemRules.Root("${workspace}", FileSystemRules.RootAccess.READ_WRITE)),
        List.of(), Verdict.DENY, List.of()), new GuardEnvironment(ws, base.resolve("home"), base));
    files = GuardedFiles.of(check);
  }

  /** Runs {@code attack} in a loop on its own thread while {@code body} runs; returns when the body is done. */
  private static void racing(ThrowingRunnable attack, ThrowingRunnable body) throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger flips = new AtomicInteger();
    Thread attacker = new Thread(() -> {
      while (!stop.get()) {
        try {
          attack.run();
          flips.incrementAndGet();
        } catch (Exception e) {
          // a step failed against the victim's timing: go on
        }
      }
    });
    attacker.start();
    try {
      body.run();
    } finally {
      stop.set(true);
      attacker.join();
    }
    assertThat(flips.get()).as("the attacker really raced").isPositive();
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  @Test
  void aDirectoryFlippedToASymlinkNeverLeadsOutside() throws Exception {
    Path dir = ws.resolve("d");
    Path aside = ws.resolve("d-aside");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("f.txt"), "inside");
    Files.writeString(outside.resolve("f.txt"), "outside");
    AtomicInteger outsideReads = new AtomicInteger();
    racing(() -> {
      Files.move(dir, aside, StandardCopyOption.ATOMIC_MOVE);
      Files.createSymbolicLink(dir, outside);
      Files.delete(dir);
      Files.move(aside, dir, StandardCopyOption.ATOMIC_MOVE);
    }, () -> {
      for (int i = 0; i < OPERATIONS; i++) {
        try {
          if (i % 2 == 0) {
            if (files.readString("d/f.txt").equals("outside")) {
              outsideReads.incrementAndGet();
            }
          } else {
            files.writeString(i % 4 == 1 ? "d/f.txt" : "d/new-" + i + ".txt", "pwned");
          }
        } catch (IOException e) {
          // refused or missing mid-flip: what a race may do, as long as it never reaches outside
        }
      }
    });
    assertThat(outsideReads).hasValue(0);
    assertThat(Files.readString(outside.resolve("f.txt"))).isEqualTo("outside");
    try (Stream<Path> created = Files.list(outside)) {
      assertThat(created.map(p -> p.getFileName().toString())).containsExactly("f.txt");
    }
  }

  @Test
  void aHardLinkSwappedInNeverReceivesAWrite() throws Exception {
    Path target = ws.resolve("f.txt");
    Path victim = Files.writeString(outside.resolve("victim.txt"), "outside");
    Files.writeString(target, "inside");
    racing(() -> {
      Path link = ws.resolve("link.tmp");
      Files.deleteIfExists(link);
      Files.createLink(link, victim);
      Files.move(link, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      Path fresh = Files.writeString(ws.resolve("fresh.tmp"), "inside");
      Files.move(fresh, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }, () -> {
      for (int i = 0; i < OPERATIONS; i++) {
        try {
          files.writeString("f.txt", "pwned " + i);
        } catch (IOException e) {
          // refused: fine
        }
      }
    });
    assertThat(Files.readString(victim)).isEqualTo("outside");
  }

  @Test
  @EnabledOnOs({OS.LINUX, OS.MAC})
  void aFifoIsRefusedAtOnceInsteadOfBlocking() throws Exception {
    Path fifo = ws.resolve("pipe");
    Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertThat(mk.waitFor()).isZero();
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      assertThatThrownBy(() -> files.readString("pipe")).isInstanceOfSatisfying(FileAccessDeniedException.class,
          e -> assertThat(e.decision().rule()).isEqualTo(GuardedFiles.RULE_NOT_REGULAR_FILE));
      assertThatThrownBy(() -> files.writeString("pipe", "x")).isInstanceOfSatisfying(
          FileAccessDeniedException.class,
          e -> assertThat(e.decision().rule()).isEqualTo(GuardedFiles.RULE_NOT_REGULAR_FILE));
      assertThatThrownBy(() -> files.readString(".")).isInstanceOf(FileAccessDeniedException.class);
    });
  }
}
