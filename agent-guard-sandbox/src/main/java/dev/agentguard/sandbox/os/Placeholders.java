package dev.agentguard.sandbox.os;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The empty files and directories bubblewrap leaves in a write root where a protected name was missing (the mount
 * point of its read-only placeholder). Counted per path across the runs of one sandbox, so that the last run to
 * end removes them, and only when still empty.
 */
final class Placeholders {

  private final Map<Path, Integer> users = new HashMap<>();

  /** Claims the placeholders of one run; closing the result releases them. */
  synchronized AutoCloseable claim(List<Path> files, List<Path> dirs) {
    List<Path> all = new ArrayList<>(files);
    all.addAll(dirs);
    for (Path p : all) {
      users.merge(p, 1, Integer::sum);
    }
    return () -> release(all);
  }

  private synchronized void release(List<Path> all) {
    for (Path p : all) {
      int left = users.merge(p, -1, Integer::sum);
      if (left <= 0) {
        users.remove(p);
        removeIfEmpty(p);
      }
    }
  }

  private static void removeIfEmpty(Path p) {
    try {
      BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (a.isRegularFile() && a.size() == 0 || a.isDirectory()) {
        Files.delete(p); // a directory that is not empty is kept (delete fails)
      }
    } catch (IOException e) {
      // gone already, or no longer ours to remove
    }
  }
}
