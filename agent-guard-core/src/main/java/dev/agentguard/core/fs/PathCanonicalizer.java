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
    if (absolute.getFileSystem().getSeparator().equals("/") && !hasDotSegment(absolute.toString())) {
      // The common cases without walking: the path exists, or only its tail is missing.
      try {
        return new Result(absolute.toRealPath(), true, false, null);
      } catch (NoSuchFileException e) {
        Result missing = missingTail(absolute);
        if (missing != null) {
          return missing;
        }
      } catch (IOException | SecurityException e) {
        // a loop, a permission or an odd link: the walk below says which
      }
    }
    return walk(absolute);
  }

  /** The component-by-component resolution, for every path the shortcuts do not answer. */
  private static Result walk(Path absolute) {
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
   * A path whose leading part exists and whose first name after it does not: the real path of the leading part
   * ({@code realpath(3)}, stored case included) with the missing names appended, as the walk would find it. Null
   * when the first missing name is there after all (a dangling link, which the walk follows) or anything else is
   * unusual. The path has no {@code .} or {@code ..} name.
   */
  private static Result missingTail(Path absolute) {
    Path existing = absolute.getParent();
    while (existing != null && existing.getNameCount() > 0 && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return null;
    }
    int known = existing.getNameCount();
    Path real;
    try {
      real = existing.toRealPath();
    } catch (IOException | SecurityException e) {
      return null;
    }
    try {
      Files.readAttributes(real.resolve(absolute.getName(known)), BasicFileAttributes.class,
          LinkOption.NOFOLLOW_LINKS);
      return null;
    } catch (NoSuchFileException e) {
      // the name is missing, as expected
    } catch (IOException | SecurityException e) {
      return null;
    }
    return new Result(real.resolve(absolute.subpath(known, absolute.getNameCount())), false, false, null);
  }

  /** Whether an absolute path's text has a {@code .} or {@code ..} name. */
  static boolean hasDotSegment(String path) {
    int start = 0;
    for (int i = 0; i <= path.length(); i++) {
      if (i == path.length() || path.charAt(i) == '/') {
        int length = i - start;
        if ((length == 1 || length == 2) && path.charAt(start) == '.' && path.charAt(i - 1) == '.') {
          return true;
        }
        start = i + 1;
      }
    }
    return false;
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
