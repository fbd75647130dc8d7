package dev.agentguard.sandbox.os;

import dev.agentguard.core.fs.FileSystemCheck;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What to mount where, computed from a {@link SandboxSpec} and the filesystem as it is now: the roots, the
 * existing paths of the protected set and of the never-writable list inside write roots (bound read-only), the
 * existing deny-glob matches inside any root (masked by an empty file or directory), the directories between a
 * write root and a protected path (bound onto themselves so they cannot be renamed away) and the protected names
 * missing at the top of a write root (placeholders, so that they cannot be created).
 *
 * @param writeRoots directories bound read-write
 * @param readRoots directories bound read-only
 * @param readOnly existing paths bound read-only inside the roots
 * @param masked existing paths hidden behind an empty file or directory
 * @param pinned directories bound onto themselves (read-write) so that they cannot be renamed
 * @param missingFiles protected files that do not exist: an empty read-only placeholder takes their place
 * @param missingDirs protected directories that do not exist: an empty read-only placeholder takes their place
 * @param truncated whether the walk of the roots stopped at its limit (deeper matches are not applied)
 */
record MountPlan(List<Path> writeRoots, List<Path> readRoots, List<Path> readOnly, List<Path> masked,
    List<Path> pinned, List<Path> missingFiles, List<Path> missingDirs, boolean truncated) {

  /** Files protected at the top of every write root, whether they exist or not. */
  static final List<String> PROTECTED_FILES = List.of(".env", ".bashrc", ".bash_profile", ".bash_login",
      ".profile", ".zshrc", ".zshenv", ".zprofile", ".zlogin", ".mcp.json");
  /** Directories protected at the top of every write root, whether they exist or not. */
  static final List<String> PROTECTED_DIRS = List.of(".vscode", ".idea", ".claude", ".cursor", ".codex",
      ".gemini", ".agent-guard", ".ssh");
  /** Parts of a git directory that run code or redirect git: read-only when the repository exists. */
  static final List<String> GIT_PROTECTED = List.of("hooks", "config", "config.worktree", "modules", "worktrees");

  /** Entries the walk of all roots visits at most. */
  static final int MAX_ENTRIES = 4096;
  /** Directory levels the walk descends at most. */
  static final int MAX_DEPTH = 8;

  MountPlan {
    writeRoots = List.copyOf(writeRoots);
    readRoots = List.copyOf(readRoots);
    readOnly = byDepth(readOnly);
    masked = byDepth(masked);
    pinned = byDepth(pinned);
    missingFiles = List.copyOf(missingFiles);
    missingDirs = List.copyOf(missingDirs);
  }

  static MountPlan of(SandboxSpec spec) {
    Builder b = new Builder(spec);
    for (Path root : spec.writeRoots()) {
      b.topLevel(root);
    }
    for (Path root : spec.writeRoots()) {
      b.walk(root, true);
    }
    for (Path root : spec.readRoots()) {
      b.walk(root, false);
    }
    for (Path p : spec.neverWritable()) {
      b.neverWritable(p);
    }
    return new MountPlan(spec.writeRoots(), spec.readRoots(), new ArrayList<>(b.readOnly),
        new ArrayList<>(b.masked), new ArrayList<>(b.pinned), b.missingFiles, b.missingDirs, b.truncated);
  }

  private static List<Path> byDepth(List<Path> paths) {
    List<Path> sorted = new ArrayList<>(paths);
    sorted.sort(Comparator.comparingInt(Path::getNameCount).thenComparing(Path::toString));
    return List.copyOf(sorted);
  }

  /** Collects the plan. */
  private static final class Builder {
    private final SandboxSpec spec;
    private final FileSystemCheck check;
    private final Set<Path> readOnly = new LinkedHashSet<>();
    private final Set<Path> masked = new LinkedHashSet<>();
    private final Set<Path> pinned = new LinkedHashSet<>();
    private final List<Path> missingFiles = new ArrayList<>();
    private final List<Path> missingDirs = new ArrayList<>();
    private int visited;
    private boolean truncated;

    Builder(SandboxSpec spec) {
      this.spec = spec;
      this.check = spec.check();
    }

    void topLevel(Path root) {
      for (String name : PROTECTED_FILES) {
        protectTop(root.resolve(name), false);
      }
      for (String name : PROTECTED_DIRS) {
        protectTop(root.resolve(name), true);
      }
      Path git = root.resolve(".git");
      if (Files.isDirectory(git, LinkOption.NOFOLLOW_LINKS)) {
        for (String name : GIT_PROTECTED) {
          Path p = git.resolve(name);
          if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            protect(root, p);
          } else if (name.equals("hooks")) {
            missingDirs.add(p);
            pin(root, p);
          }
        }
      } else if (Files.isRegularFile(git, LinkOption.NOFOLLOW_LINKS)) {
        protect(root, git); // a gitfile points git elsewhere: never rewritable
      }
    }

    private void protectTop(Path p, boolean dir) {
      if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        readOnly.add(p);
      } else {
        (dir ? missingDirs : missingFiles).add(p);
      }
    }

    void walk(Path root, boolean writable) {
      Deque<Path> dirs = new ArrayDeque<>();
      dirs.add(root);
      while (!dirs.isEmpty()) {
        Path dir = dirs.poll();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
          for (Path p : entries) {
            if (++visited > MAX_ENTRIES) {
              truncated = true;
              return;
            }
            if (visit(root, p, writable) && root.relativize(p).getNameCount() < MAX_DEPTH) {
              dirs.add(p);
            }
          }
        } catch (IOException | RuntimeException e) {
          // unreadable directory: nothing inside it is bound anywhere else, the mount of the root decides
        }
      }
    }

    /** Judges one entry; true when the walk should descend into it. */
    private boolean visit(Path root, Path p, boolean writable) throws IOException {
      BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      // p is a real path: the roots are real and the walk never follows a link, so matching is enough
      if (check.denyGlobMatching(p) != null) {
        masked.add(p);
        pin(root, p);
        return false;
      }
      if (writable && !insideReadRoot(p) && check.protectedGlobMatching(p) != null) {
        protect(root, p);
        return false;
      }
      return a.isDirectory() && !a.isSymbolicLink() && !p.getFileName().toString().equals(".git");
    }

    void neverWritable(Path p) {
      for (Path root : spec.writeRoots()) {
        if (p.startsWith(root) && Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
          protect(root, p);
        }
      }
    }

    private void protect(Path root, Path p) {
      readOnly.add(p);
      pin(root, p);
    }

    /** Binds every directory strictly between {@code root} and {@code p} onto itself. */
    private void pin(Path root, Path p) {
      if (!p.startsWith(root) || spec.readRoots().contains(root)) {
        return;
      }
      for (Path d = p.getParent(); d != null && d.startsWith(root) && !d.equals(root); d = d.getParent()) {
        if (!insideReadRoot(d)) {
          pinned.add(d);
        }
      }
    }

    private boolean insideReadRoot(Path p) {
      for (Path r : spec.readRoots()) {
        if (p.startsWith(r)) {
          return true;
        }
      }
      return false;
    }
  }
}
