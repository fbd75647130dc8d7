package dev.agentguard.core.fs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Keeps a root from widening itself. A root is never resolved through a symbolic link that a guarded tool could
 * have written: a link lying strictly inside a read-write root (by that root's lexical or real location, and by
 * the link's own lexical or real location). Such a
 * root grants nothing, so a write root that the agent replaced by a link to {@code /} (or to an ancestor) opens
 * nothing on the next policy load. The workspace counts as writable whatever this policy says of it: an agent
 * may have written there under an earlier or a layered policy, so a policy that narrows its roots to a link inside
 * the workspace is never looser than the one it narrows. Links the host set up outside these places (a workspace
 * under a symlinked {@code /tmp}, a root that is itself a link the host made) still resolve. Stateless.
 */
final class RootLinks {

  private RootLinks() {}

  /** The lexical and real locations of the read-write roots and of the workspace. */
  static List<Path> writableLocations(List<FileSystemRules.Root> roots, List<Path> lexical, Path workspace) {
    List<Path> out = new ArrayList<>();
    Path w = workspace.toAbsolutePath().normalize();
    out.add(w);
    PathCanonicalizer.Result cw = PathCanonicalizer.canonicalize(w);
    if (cw.ok() && !cw.real().equals(w)) {
      out.add(cw.real());
    }
    for (int i = 0; i < roots.size(); i++) {
      if (roots.get(i).access() == FileSystemRules.RootAccess.READ_WRITE) {
        Path l = lexical.get(i);
        out.add(l);
        PathCanonicalizer.Result c = PathCanonicalizer.canonicalize(l);
        if (c.ok() && !c.real().equals(l)) {
          out.add(c.real());
        }
      }
    }
    return out;
  }

  /**
   * The first symbolic link among {@code root}'s lexical prefixes (the root itself included) that lies strictly
   * inside a writable location, if any.
   */
  static Optional<Path> plantedLink(Path root, List<Path> writable) {
    Path prefix = root.getRoot();
    for (Path segment : root) {
      prefix = prefix.resolve(segment);
      if (Files.isSymbolicLink(prefix) && (inside(prefix, writable) || inside(located(prefix), writable))) {
        return Optional.of(prefix);
      }
    }
    return Optional.empty();
  }

  /** Where the link {@code p} really lies: its parent's real path and its own name. */
  private static Path located(Path p) {
    Path parent = p.getParent();
    PathCanonicalizer.Result c = parent == null ? null : PathCanonicalizer.canonicalize(parent);
    return c != null && c.ok() ? c.real().resolve(p.getFileName()) : p;
  }

  private static boolean inside(Path p, List<Path> writable) {
    for (Path w : writable) {
      if (p.startsWith(w) && !p.equals(w)) {
        return true;
      }
    }
    return false;
  }
}
