package dev.agentguard.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentguard.api.Verdict;
import dev.agentguard.core.check.GuardEnvironment;
import dev.agentguard.core.fs.FileSystemCheck;
import dev.agentguard.core.fs.FileSystemRules;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Other threads of the host open and close files all the time (a cleaner closing an unreachable stream, a server
 * answering a request). The kernel gives a new descriptor the lowest free number, so a guarded open can get a
 * number another thread freed an instant earlier; the guard must still recognise that descriptor as its own and
 * not refuse an unchanged file as moved.
 */
@EnabledOnOs(OS.LINUX)
class GuardedFilesDescriptorReuseTest {

  private static final int OPERATIONS = 300;

  @TempDir Path tmp;

  @Test
  void anUnchangedFileIsNeverRefusedWhileOtherThreadsReuseDescriptors() throws Exception {
    Path base = tmp.toRealPath();
    Path ws = Files.createDirectories(base.resolve("ws"));
    Files.writeString(ws.resolve("file.txt"), "inside");
    Path other = Files.writeString(base.resolve("other.txt"), "other");
    FileSystemCheck check = new FileSystemCheck(new FileSystemRules(
        List.of(new FileSystemRules.Root("${workspace}", FileSystemRules.RootAccess.READ_WRITE)),
        List.of(), Verdict.DENY, List.of()), new GuardEnvironment(ws, base.resolve("home"), base));
    GuardedFiles files = GuardedFiles.of(check);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger churned = new AtomicInteger();
    Thread churn = new Thread(() -> {
      while (!stop.get()) {
        try (FileChannel c = FileChannel.open(other, StandardOpenOption.READ)) {
          if (c.isOpen()) {
            churned.incrementAndGet();
          }
        } catch (Exception e) {
          return;
        }
      }
    });
    churn.start();
    List<String> refused = new ArrayList<>();
    try {
      for (int i = 0; i < OPERATIONS; i++) {
        try {
          files.readString("file.txt");
        } catch (FileAccessDeniedException e) {
          refused.add(e.getMessage());
        }
      }
    } finally {
      stop.set(true);
      churn.join();
    }
    assertThat(churned.get()).as("descriptors were really churned").isPositive();
    assertThat(refused).isEmpty();
  }
}
