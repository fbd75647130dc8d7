package dev.agentguard.core.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Test oracle: where the operating system would put a path. Existing paths are answered by the OS itself
 * ({@code toRealPath}, which walks the raw string, so {@code link/..} means what the kernel means); for a
 * missing path the parent is resolved recursively, a dangling link is followed to its target, and names below
 * a missing directory are appended. Returns {@code null} for a loop.
 */
final class OsResolver {

  private OsResolver() {}

  static Path resolve(Path absolute) {
    return resolve(absolute, 0);
  }

  private static Path resolve(Path p, int depth) {
    if (depth > 200) {
      return null;
    }
    try {
      if (Files.exists(p)) {
        return p.toRealPath();
      }
    } catch (IOException e) {
      // fall through: treat as missing
    }
    Path parent = p.getParent();
    if (parent == null) {
      return p.getRoot();
    }
    String name = p.getFileName().toString();
    if (name.equals(".")) {
      return resolve(parent, depth + 1);
    }
    if (name.equals("..")) {
      Path r = resolve(parent, depth + 1);
      return r == null ? null : (r.getParent() == null ? r : r.getParent());
    }
    Path realParent = resolve(parent, depth + 1);
    if (realParent == null) {
      return null;
    }
    Path candidate = realParent.resolve(name);
    if (Files.isSymbolicLink(candidate)) {
      try {
        Path target = Files.readSymbolicLink(candidate);
        return resolve(realParent.resolve(target), depth + 1);
      } catch (IOException e) {
        return null;
      }
    }
    if (Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
      try {
        return candidate.toRealPath();
      } catch (IOException e) {
        return candidate;
      }
    }
    return candidate;
  }
}
