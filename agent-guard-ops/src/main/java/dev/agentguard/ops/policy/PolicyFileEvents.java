package dev.agentguard.ops.policy;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * File-system events that may concern policy files: a watch on each file's directory for {@link PolicyWatcher},
 * which confirms every event with the files' content (an event only says when to look).
 */
final class PolicyFileEvents implements Closeable {

  private final List<Path> files;
  private final WatchService watchService;

  private PolicyFileEvents(List<Path> files, WatchService watchService) {
    this.files = files;
    this.watchService = watchService;
  }

  /**
   * Watches the directories of {@code files}; {@code null} when the file system has no watch service (the
   * content check at every poll interval then still notices changes).
   */
  static PolicyFileEvents open(List<Path> files) throws IOException {
    WatchService ws = null;
    try {
      ws = files.get(0).toAbsolutePath().getFileSystem().newWatchService();
      Set<Path> dirs = new LinkedHashSet<>();
      for (Path f : files) {
        Path parent = f.toAbsolutePath().normalize().getParent();
        if (parent != null && dirs.add(parent)) {
          parent.register(ws, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
              StandardWatchEventKinds.ENTRY_DELETE);
        }
      }
      return new PolicyFileEvents(List.copyOf(files), ws);
    } catch (IOException | UnsupportedOperationException e) {
      if (ws != null) {
        ws.close();
      }
      return null;
    }
  }

  /** Waits up to {@code timeout} for a watch event on one of our files; true if one came. */
  boolean await(Duration timeout) throws InterruptedException {
    WatchKey key = watchService.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (key == null) {
      return false;
    }
    boolean relevant = false;
    for (WatchEvent<?> event : key.pollEvents()) {
      if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
        relevant = true;
      } else if (event.context() instanceof Path) {
        Path name = (Path) event.context();
        for (Path f : files) {
          if (name.equals(f.getFileName())) {
            relevant = true;
          }
        }
      }
    }
    key.reset();
    return relevant;
  }

  /** Stops watching; a thread waiting in {@link #await} gets a {@code ClosedWatchServiceException}. */
  @Override
  public void close() throws IOException {
    watchService.close();
  }
}
