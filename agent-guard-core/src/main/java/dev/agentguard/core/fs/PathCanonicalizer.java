package dev.agentguard.core.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Resolves an absolute path the way the operating system walks it: component by component from the root,
 * following every symbolic link (including a dangling final one) before the next {@code ..} is applied, so
 * {@code link/..} is the parent of the link's target. Past the first component that does not exist, the rest is
 * folded lexically. Stateless.
 */
final class PathCanonicalizer {

  /** Links followed before a path counts as a loop (Linux's MAXSYMLINKS). */
  static final int MAX_LINKS = 40;

  private PathCanonicalizer() {}

  /** The outcome: a real path, or a loop, or another resolution error. */
  record Result(Path real, boolean exists, boolean loop, String error) {
    boolean ok() {
      return real != null;
    }
  }

  /** Canonicalises {@code absolute} (which must be absolute; it need not be normalised or exist). */
  static Result canonicalize(Path absolute) {
    if (!absolute.isAbsolute()) {
      throw new IllegalArgumentException("path must be absolute: " + absolute);
    }
    Result existing = existingWithoutDots(absolute);
    if (existing != null) {
      return existing;
    }
    Deque<String> queue = new ArrayDeque<>();
    for (Path name : absolute) {
      queue.addLast(name.toString());
    }
    Path real = absolute.getRoot();
    boolean realIsDirectory = true;
    List<String> missing = new ArrayList<>();
    int links = 0;
    while (!queue.isEmpty()) {
      String segment = queue.pollFirst();
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        if (!missing.isEmpty()) {
          missing.remove(missing.size() - 1);
        } else if (real.getParent() != null) {
          real = real.getParent();
          realIsDirectory = true;
        }
        continue;
      }
      if (!missing.isEmpty() || !realIsDirectory) {
        missing.add(segment);
        continue;
      }
      Path candidate = real.resolve(segment);
      BasicFileAttributes attributes;
      try {
        attributes = Files.readAttributes(candidate, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException e) {
        missing.add(segment);
        continue;
      } catch (IOException | SecurityException e) {
        return new Result(null, false, false, "cannot inspect " + candidate + ": " + e);
      }
      if (attributes.isSymbolicLink()) {
        if (++links > MAX_LINKS) {
          return new Result(null, false, true, "more than " + MAX_LINKS + " symbolic links while resolving "
              + absolute + " (a loop?)");
        }
        Path target;
        try {
          target = Files.readSymbolicLink(candidate);
        } catch (IOException | SecurityException e) {
          return new Result(null, false, false, "cannot read symbolic link " + candidate + ": " + e);
        }
        List<String> targetNames = new ArrayList<>();
        for (Path name : target) {
          targetNames.add(name.toString());
        }
        for (int i = targetNames.size() - 1; i >= 0; i--) {
          queue.addFirst(targetNames.get(i));
        }
        if (target.isAbsolute()) {
          real = target.getRoot();
          realIsDirectory = true;
        }
        continue;
      }
      real = candidate;
      realIsDirectory = attributes.isDirectory();
    }
    real = trueCase(real);
    boolean exists = missing.isEmpty();
    for (String m : missing) {
      real = real.resolve(m);
    }
    return new Result(real, exists, false, null);
  }

  /**
   * The common case in one system call: a path that exists and has no {@code .} or {@code ..} segment resolves,
   * link by link, to what {@code realpath(3)} returns (which also has the stored case). Null for anything else
   * (a missing part, a dangling or looping link, dots), which the walk then handles.
   */
  private static Result existingWithoutDots(Path absolute) {
    for (Path name : absolute) {
      String s = name.toString();
      if (s.equals(".") || s.equals("..")) {
        return null;
      }
    }
    try {
      return new Result(absolute.toRealPath(), true, false, null);
    } catch (IOException | SecurityException e) {
      return null;
    }
  }

  /**
   * On a case-insensitive file system, returns the spelling the file system stores; only ever changes the case
   * of letters, never the path itself.
   */
  private static Path trueCase(Path symlinkFree) {
    if (symlinkFree.getNameCount() == 0) {
      return symlinkFree;
    }
    try {
      Path stored = symlinkFree.toRealPath();
      if (stored.equals(symlinkFree) || stored.getNameCount() != symlinkFree.getNameCount()) {
        return symlinkFree;
      }
      for (int i = 0; i < stored.getNameCount(); i++) {
        if (!stored.getName(i).toString().equalsIgnoreCase(symlinkFree.getName(i).toString())) {
          return symlinkFree;
        }
      }
      return stored;
    } catch (IOException | SecurityException e) {
      return symlinkFree;
    }
  }
}
