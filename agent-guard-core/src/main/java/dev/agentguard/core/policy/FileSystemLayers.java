package dev.agentguard.core.policy;

import static dev.agentguard.core.policy.PolicyLayers.stricter;
import static dev.agentguard.core.policy.PolicyLayers.union;
import static dev.agentguard.core.policy.PolicyLayers.warn;

import dev.agentguard.api.Verdict;
import dev.agentguard.core.check.GuardEnvironment;
import dev.agentguard.core.fs.FileSystemRules;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * How a later layer's {@code filesystem} section tightens the earlier ones: its roots are narrowed to what the
 * earlier roots cover (compared by spelling and, given an environment, after resolving symbolic links), deny and
 * protected globs add up, and earlier read-only roots stay write-protected when the roots narrow.
 */
final class FileSystemLayers {

  private FileSystemLayers() {}

  static FileSystemRules filesystem(FileSystemRules base, FileSystemRules over, String name,
      List<String> warnings, Predicate<String> set, boolean rootsListed, GuardEnvironment env) {
    List<FileSystemRules.Root> roots = new ArrayList<>(base.roots());
    // A layer that lists roots (in a file, even an empty list) narrows them; in code, an empty list keeps them.
    boolean narrowRoots = rootsListed || !over.roots().isEmpty();
    if (narrowRoots) {
      roots.clear();
      for (FileSystemRules.Root r : over.roots()) {
        List<FileSystemRules.Root> narrowed = narrow(r, base.roots(), env);
        if (narrowed.isEmpty()) {
          warn(warnings, name, "root '" + r.path() + "' (" + r.access().label()
              + ") does not overlap an earlier root; not applied");
          continue;
        }
        for (FileSystemRules.Root n : narrowed) {
          if (!n.equals(r)) {
            warn(warnings, name, "root '" + r.path() + "' (" + r.access().label() + ") reaches beyond the earlier"
                + " roots; applied as '" + n.path() + "' (" + n.access().label() + ")");
          }
          if (!roots.contains(n)) {
            roots.add(n);
          }
        }
      }
    }
    List<String> deny = union(base.deny(), over.deny());
    List<String> protectedPaths = union(base.protectedPaths(), over.protectedPaths());
    Verdict outside = set.test("filesystem.outsideRoots")
        ? stricter(base.outsideRoots(), over.outsideRoots(), "filesystem.outsideRoots", name, warnings)
        : base.outsideRoots();
    if (narrowRoots && outside != Verdict.DENY) {
      // A write inside an earlier read-only root was denied. Narrowed roots can leave such a path outside every
      // root, where outsideRoots (ask) would decide: keep those writes denied by protecting the earlier
      // read-only roots. A glob cannot express a root with glob characters in its path: then deny outside.
      for (FileSystemRules.Root b : base.roots()) {
        if (b.access() != FileSystemRules.RootAccess.READ || insideWritableRoot(b, base.roots(), env)) {
          continue;
        }
        String literal = globLiteral(b.path());
        if (literal == null) {
          outside = Verdict.DENY;
          continue;
        }
        protectedPaths = union(protectedPaths, List.of(literal, literal.endsWith("/") ? literal + "**"
            : literal + "/**"));
      }
    }
    return new FileSystemRules(roots, deny, outside, protectedPaths);
  }

  private static boolean insideWritableRoot(FileSystemRules.Root r, List<FileSystemRules.Root> roots,
      GuardEnvironment env) {
    for (FileSystemRules.Root b : roots) {
      if (b.access() == FileSystemRules.RootAccess.READ_WRITE && contains(b.path(), r.path(), env)) {
        return true;
      }
    }
    return false;
  }

  /** The root path as a glob matching exactly it, or null when it has glob characters. */
  private static String globLiteral(String path) {
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '$' && path.startsWith("${", i)) {
        int end = path.indexOf('}', i);
        if (end < 0) {
          return null;
        }
        i = end;
      } else if ("*?[]{}\\".indexOf(c) >= 0) {
        return null;
      }
    }
    return path;
  }

  /**
   * The parts of overlay root {@code r} that earlier roots cover: {@code r} itself inside an earlier root, or an
   * earlier root inside {@code r}, each with no more access than both grant.
   */
  private static List<FileSystemRules.Root> narrow(FileSystemRules.Root r, List<FileSystemRules.Root> base,
      GuardEnvironment env) {
    FileSystemRules.Root whole = null;
    for (FileSystemRules.Root b : base) {
      if (contains(b.path(), r.path(), env)) {
        FileSystemRules.Root n = new FileSystemRules.Root(r.path(), weaker(r.access(), b.access()));
        if (whole == null || n.access() == FileSystemRules.RootAccess.READ_WRITE) {
          whole = n;
        }
      }
    }
    List<FileSystemRules.Root> out = new ArrayList<>();
    if (whole != null) {
      out.add(whole);
      if (whole.access() == r.access()) {
        return out;
      }
    }
    for (FileSystemRules.Root b : base) {
      if (contains(r.path(), b.path(), env) && !contains(b.path(), r.path(), env)) {
        FileSystemRules.Root n = new FileSystemRules.Root(b.path(), weaker(r.access(), b.access()));
        if (whole == null || n.access() != whole.access()) {
          out.add(n);
        }
      }
    }
    return out;
  }

  private static FileSystemRules.RootAccess weaker(FileSystemRules.RootAccess a, FileSystemRules.RootAccess b) {
    return a == FileSystemRules.RootAccess.READ_WRITE && b == FileSystemRules.RootAccess.READ_WRITE
        ? FileSystemRules.RootAccess.READ_WRITE : FileSystemRules.RootAccess.READ;
  }

  /** Whether root {@code inner} lies inside root {@code outer}: by spelling, and (given env) really. */
  private static boolean contains(String outer, String inner, GuardEnvironment env) {
    if (!contains(outer, inner)) {
      return false;
    }
    if (env == null) {
      return true;
    }
    Path o = real(outer, env);
    Path i = real(inner, env);
    return o != null && i != null && i.startsWith(o);
  }

  /** The root's path in {@code env} with the symbolic links of its longest existing prefix resolved. */
  private static Path real(String root, GuardEnvironment env) {
    try {
      String expanded = env.expand(root);
      if (expanded.equals("~") || expanded.startsWith("~/")) {
        expanded = env.home() + expanded.substring(1);
      }
      Path p = Path.of(expanded).toAbsolutePath().normalize();
      Path existing = p;
      while (existing != null && !java.nio.file.Files.exists(existing)) {
        existing = existing.getParent();
      }
      if (existing == null) {
        return p;
      }
      return existing.toRealPath().resolve(existing.relativize(p)).normalize();
    } catch (IllegalArgumentException | java.io.IOException | SecurityException e) {
      return null;
    }
  }

  private static boolean contains(String outer, String inner) {
    try {
      if (outer.contains("..") || inner.contains("..")) {
        return outer.equals(inner);
      }
      Path o = Path.of(outer).normalize();
      Path i = Path.of(inner).normalize();
      if (o.isAbsolute() && o.getNameCount() == 0) {
        return true; // "/" holds every path, whatever variable it starts with (they expand to absolute paths)
      }
      return i.startsWith(o);
    } catch (InvalidPathException e) {
      return false;
    }
  }
}
