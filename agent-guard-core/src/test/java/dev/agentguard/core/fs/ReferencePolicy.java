package dev.agentguard.core.fs;

import dev.agentguard.api.Access;
import dev.agentguard.api.Verdict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Test oracle: the filesystem policy written the slow, obvious way. Paths are placed by {@link OsResolver}
 * (the OS's own realpath), roots compared with {@link Path#startsWith(Path)}, globs matched by
 * {@link GlobRegexOracle}. Only for generated inputs without variables, {@code ~}, escapes or encodings.
 */
final class ReferencePolicy {

  record Root(Path path, boolean write) {}

  private final Path workspace;
  private final List<Root> roots = new ArrayList<>();
  private final List<String> deny;
  private final List<String> protect = new ArrayList<>(FileSystemCheck.BUILT_IN_PROTECTED);
  private final Verdict outside;

  ReferencePolicy(Path workspace, List<Root> roots, List<String> deny, Verdict outside) {
    this.workspace = OsResolver.resolve(workspace);
    for (Root r : roots) {
      this.roots.add(new Root(OsResolver.resolve(r.path()), r.write()));
    }
    this.deny = deny;
    this.outside = outside;
  }

  Verdict decide(String path, Access access, Path cwd) {
    Path base = workspace;
    if (cwd != null) {
      Path realCwd = OsResolver.resolve(cwd);
      if (realCwd == null || !realCwd.startsWith(workspace)) {
        return Verdict.DENY;
      }
      base = realCwd;
    }
    Path absolute = base.resolve(path);
    Path real = OsResolver.resolve(absolute);
    if (real == null) {
      return Verdict.DENY;
    }
    String lexical = absolute.normalize().toString();
    for (String g : deny) {
      if (GlobRegexOracle.matches(g, lexical, true) || GlobRegexOracle.matches(g, real.toString(), true)) {
        return Verdict.DENY;
      }
    }
    if (access == Access.WRITE) {
      for (String g : protect) {
        if (GlobRegexOracle.matches(g, lexical, true) || GlobRegexOracle.matches(g, real.toString(), true)) {
          return Verdict.DENY;
        }
      }
    }
    boolean inReadRoot = false;
    for (Root r : roots) {
      if (real.startsWith(r.path())) {
        if (access == Access.READ || r.write()) {
          return Verdict.ALLOW;
        }
        inReadRoot = true;
      }
    }
    return inReadRoot ? Verdict.DENY : outside;
  }
}
