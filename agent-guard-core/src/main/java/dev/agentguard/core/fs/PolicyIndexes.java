package dev.agentguard.core.fs;

import dev.agentguard.core.check.GuardEnvironment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A filesystem policy compiled for one environment: the workspace's real path, the roots as a trie of their
 * real paths, and the deny (with the session's private globs after them) and protected globs as indexes.
 * Immutable after construction and thread-safe.
 */
final class PolicyIndexes {

  private final Path workspace;
  private final List<String> workspaceSegments;
  private final RootIndex roots = new RootIndex();
  private final GlobIndex deny = new GlobIndex();
  private final GlobIndex protect = new GlobIndex();

  /** Compiles {@code rules} for {@code env}; see {@link FileSystemCheck}'s constructors. */
  PolicyIndexes(FileSystemRules rules, GuardEnvironment env, List<String> privateGlobs) {
    PathCanonicalizer.Result w = PathCanonicalizer.canonicalize(env.workspace());
    this.workspace = w.ok() ? w.real() : env.workspace().normalize();
    this.workspaceSegments = PathNames.segments(workspace);
    addRoots(rules, env);
    EnvironmentGlobs globs = new EnvironmentGlobs(env);
    for (String g : rules.deny()) {
      deny.add(g, globs.compile(g));
    }
    // Private globs share the deny globs' index, after them: one lookup answers both, and a deny glob still wins.
    for (String g : privateGlobs) {
      deny.add(PathJudge.PRIVATE_MARK + g, globs.compile(g));
    }
    for (String g : FileSystemCheck.BUILT_IN_PROTECTED) {
      protect.add(g, globs.compile(g));
    }
    for (String g : rules.protectedPaths()) {
      protect.add(g, globs.compile(g));
    }
    deny.build();
    protect.build();
  }

  private void addRoots(FileSystemRules rules, GuardEnvironment env) {
    List<Path> lexicalRoots = new ArrayList<>();
    for (FileSystemRules.Root r : rules.roots()) {
      Path lexical = Path.of(PathInput.expandHome(env.expand(r.path()), env));
      if (!lexical.isAbsolute()) {
        throw new IllegalArgumentException("root '" + r.path() + "' is not absolute after expansion: " + lexical);
      }
      lexicalRoots.add(lexical.normalize());
    }
    List<Path> writable = RootLinks.writableLocations(rules.roots(), lexicalRoots, env.workspace());
    for (int i = 0; i < rules.roots().size(); i++) {
      FileSystemRules.Root r = rules.roots().get(i);
      Path lexical = lexicalRoots.get(i);
      if (RootLinks.plantedLink(lexical, writable).isPresent()) {
        // A link inside a writable root could have been written by a guarded tool: the root grants nothing.
        continue;
      }
      PathCanonicalizer.Result c = PathCanonicalizer.canonicalize(lexical);
      if (c.ok()) {
        roots.add(PathNames.segments(c.real()), r.access(), r.path().equals(c.real().toString())
            ? r.path() : r.path() + " (" + c.real() + ")");
      }
      // A root that cannot be resolved (a loop) grants nothing: fail closed.
    }
  }

  /** The workspace's real path (its normal form when it cannot be resolved). */
  Path workspace() {
    return workspace;
  }

  /** Whether {@code real} lies in the workspace (whole names). */
  boolean insideWorkspace(Path real) {
    return PathNames.startsWith(PathNames.segments(real), workspaceSegments);
  }

  RootIndex roots() {
    return roots;
  }

  GlobIndex deny() {
    return deny;
  }

  GlobIndex protect() {
    return protect;
  }
}
