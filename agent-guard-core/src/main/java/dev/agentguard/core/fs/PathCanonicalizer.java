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

  /**
   * Canonicalises {@code absolute} (which must be absolute; it need not be normalised or exist). The common
   * cases ask the kernel without an exception: one {@code stat} says whether the whole path exists (then one
   * {@code realpath}); else {@code stat}s find the longest existing prefix, and one {@code lstat} of the first
   * missing name tells a missing name from a dangling link. Everything else goes to the walk.
   */
  static Result canonicalize(Path absolute) {
    if (!absolute.isAbsolute()) {
      throw new IllegalArgumentException("path must be absolute: " + absolute);
    }
    if (absolute.getFileSystem().getSeparator().equals("/") && !hasDotSegment(absolute.toString())) {
      // Files.exists without options is a stat that reports "no" without throwing (java.io's stat, too).
      if (Files.exists(absolute)) {
        try {
          return new Result(absolute.toRealPath(), true, false, null);
        } catch (IOException | SecurityException e) {
          // changed since the stat, a permission or an odd link: the walk below says which
        }
      } else {
        Result missing = missingTail(absolute);
        if (missing != null) {
          return missing;
        }
      }
    }
    return walk(absolute);
  }

  /**
   * The component-by-component resolution alone, without the shortcuts: the reference the shortcuts must agree
   * with (tests compare them).
   */
  static Result walkOnly(Path absolute) {
    if (!absolute.isAbsolute()) {
      throw new IllegalArgumentException("path must be absolute: " + absolute);
    }
    return walk(absolute);
  }

  /** The component-by-component resolution, for every path the shortcuts do not answer. */
  private static Result walk(Path absolute) {
    Walk w = new Walk(absolute);
    while (!w.queue.isEmpty()) {
      String error = w.step(w.queue.pollFirst());
      if (error != null) {
        return new Result(null, false, w.links > MAX_LINKS, error);
      }
    }
    Path real = trueCase(w.real);
    for (String m : w.missing) {
      real = real.resolve(m);
    }
    return new Result(real, w.missing.isEmpty(), false, null);
  }

  /** The state of one walk: the names still to resolve, the real prefix so far, and the names past it. */
  private static final class Walk {
    final Path absolute;
    final Deque<String> queue = new ArrayDeque<>();
    final List<String> missing = new ArrayList<>();
    Path real;
    boolean realIsDirectory = true;
    int links;

    Walk(Path absolute) {
      this.absolute = absolute;
      this.real = absolute.getRoot();
      for (Path name : absolute) {
        queue.addLast(name.toString());
      }
    }

    /** Resolves one name; returns why resolution fails, or {@code null}. */
    String step(String segment) {
      if (segment.isEmpty() || segment.equals(".")) {
        return null;
      }
      if (segment.equals("..")) {
        if (!missing.isEmpty()) {
          missing.remove(missing.size() - 1);
        } else if (real.getParent() != null) {
          real = real.getParent();
          realIsDirectory = true;
        }
        return null;
      }
      if (!missing.isEmpty() || !realIsDirectory) {
        missing.add(segment);
        return null;
      }
      Path candidate = real.resolve(segment);
      BasicFileAttributes attributes;
      try {
        attributes = Files.readAttributes(candidate, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException e) {
        missing.add(segment);
        return null;
      } catch (IOException | SecurityException e) {
        return "cannot inspect " + candidate + ": " + e;
      }
      if (attributes.isSymbolicLink()) {
        return follow(candidate);
      }
      real = candidate;
      realIsDirectory = attributes.isDirectory();
      return null;
    }

    /** Queues a link's target in place of the link. */
    private String follow(Path link) {
      if (++links > MAX_LINKS) {
        return "more than " + MAX_LINKS + " symbolic links while resolving " + absolute + " (a loop?)";
      }
      Path target;
      try {
        target = Files.readSymbolicLink(link);
      } catch (IOException | SecurityException e) {
        return "cannot read symbolic link " + link + ": " + e;
      }
      for (int i = target.getNameCount() - 1; i >= 0; i--) {
        queue.addFirst(target.getName(i).toString());
      }
      if (target.isAbsolute()) {
        real = target.getRoot();
        realIsDirectory = true;
      }
      return null;
    }
  }

  /**
   * A path that does not exist as a whole, with no {@code .} or {@code ..} name: the real path of its longest
   * existing prefix ({@code realpath(3)}, stored case included) with the missing names appended, as the walk
   * would find it. The prefix is found with {@code stat}s, which do not throw; when it is a directory, one
   * {@code lstat} of the first name after it confirms the name is missing (a dangling link, a loop or an
   * unreadable directory is left to the walk, which follows or reports it). Null when the walk must answer.
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
    // Names below a file that is not a directory are missing whatever they are: the walk appends them too.
    Path first = real.resolve(absolute.getName(known));
    if (Files.isDirectory(real)) {
      try {
        Files.readAttributes(first, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return null;
      } catch (NoSuchFileException e) {
        // the first name after the prefix is missing, as expected
      } catch (IOException | SecurityException e) {
        return null;
      }
    }
    int names = absolute.getNameCount();
    return new Result(known + 1 == names ? first : first.resolve(absolute.subpath(known + 1, names)), false, false,
        null);
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
