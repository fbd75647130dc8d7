package dev.agentguard.core.fs;

import dev.agentguard.api.Access;
import dev.agentguard.api.Decision;
import dev.agentguard.api.Resource;
import dev.agentguard.core.CheckNames;
import dev.agentguard.core.CheckRequest;
import dev.agentguard.core.GuardCheck;
import dev.agentguard.core.GuardEnvironment;
import dev.agentguard.core.policy.PolicyVariables;
import java.nio.file.FileSystems;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The filesystem allowlist: file resources must lie under a root granting their access, and match no deny
 * glob. (Foundation version: lexical only; symlink-aware canonicalisation follows.)
 */
public final class FileSystemCheck implements GuardCheck {

  private final FileSystemRules rules;
  private final GuardEnvironment env;
  private final List<Path> roots = new ArrayList<>();
  private final List<FileSystemRules.RootAccess> access = new ArrayList<>();
  private final List<PathMatcher> deny = new ArrayList<>();

  /** Creates the check for {@code rules}, resolving variables against {@code env}. */
  public FileSystemCheck(FileSystemRules rules, GuardEnvironment env) {
    this.rules = Objects.requireNonNull(rules, "rules must not be null");
    this.env = Objects.requireNonNull(env, "env must not be null");
    for (FileSystemRules.Root r : rules.roots()) {
      roots.add(Path.of(PolicyVariables.expand(r.path(), env)).normalize());
      access.add(r.access());
    }
    for (String g : rules.deny()) {
      deny.add(FileSystems.getDefault().getPathMatcher("glob:" + PolicyVariables.expand(g, env)));
    }
  }

  @Override
  public String name() {
    return CheckNames.FILESYSTEM;
  }

  @Override
  public List<Decision> evaluate(CheckRequest request) {
    List<Decision> out = new ArrayList<>();
    String cwd = request.call().context().workingDirectory().orElse(null);
    for (Resource r : request.resources()) {
      if (r instanceof Resource.FileAccess) {
        Resource.FileAccess f = (Resource.FileAccess) r;
        out.add(check(f.path(), f.access(), cwd));
      }
    }
    return out;
  }

  /**
   * Judges one access to {@code path}, resolved against {@code workingDirectory} (or the workspace when
   * {@code null}).
   */
  public Decision check(String path, Access mode, String workingDirectory) {
    Objects.requireNonNull(path, "path must not be null");
    Objects.requireNonNull(mode, "mode must not be null");
    Path p;
    try {
      String expanded = path.startsWith("~/") || path.equals("~")
          ? env.home() + path.substring(1) : path;
      Path base = workingDirectory == null ? env.workspace() : Path.of(workingDirectory);
      p = base.resolve(expanded).normalize();
    } catch (InvalidPathException e) {
      return Decision.deny(CheckNames.FILESYSTEM, "filesystem.invalid-path", "invalid path: " + e.getMessage());
    }
    for (int i = 0; i < deny.size(); i++) {
      if (deny.get(i).matches(p)) {
        return Decision.deny(CheckNames.FILESYSTEM, "filesystem.deny",
            p + " matches deny glob " + rules.deny().get(i));
      }
    }
    for (int i = 0; i < roots.size(); i++) {
      if (p.startsWith(roots.get(i))
          && (mode == Access.READ || access.get(i) == FileSystemRules.RootAccess.READ_WRITE)) {
        return Decision.allow(CheckNames.FILESYSTEM, "filesystem.root", p + " is inside root " + roots.get(i));
      }
    }
    return new Decision(rules.outsideRoots(), CheckNames.FILESYSTEM, "filesystem.outside-roots",
        p + " is outside every root allowing " + mode.name().toLowerCase(java.util.Locale.ROOT));
  }
}
