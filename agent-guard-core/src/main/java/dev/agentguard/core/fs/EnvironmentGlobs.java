package dev.agentguard.core.fs;

import dev.agentguard.core.check.GuardEnvironment;
import dev.agentguard.core.glob.GlobSyntax;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles a policy's deny and protected globs for one environment: variables and {@code ~} replaced by the
 * environment's paths (escaped, so their characters match literally), and a second form under the real location
 * of the glob's literal leading directories ({@code /tmp} and {@code /private/tmp}). Not thread-safe; used while a
 * check is built.
 */
final class EnvironmentGlobs {

  private final GuardEnvironment env;
  /** Leading directories already canonicalised, shared by every glob of one check. */
  private final Map<Path, PathCanonicalizer.Result> prefixes = new HashMap<>();

  EnvironmentGlobs(GuardEnvironment env) {
    this.env = env;
  }

  /** Expands variables and {@code ~} in a glob (escaping the substituted paths) and compiles it. */
  List<PathGlob> compile(String glob) {
    String expanded = expandGlobVariables(glob, env);
    List<PathGlob> out = new ArrayList<>(2);
    out.add(PathGlob.compile(expanded, true));
    if (expanded.startsWith("/")) {
      // Also match under the real location of the glob's literal leading directories (/tmp -> /private/tmp).
      List<String> segs = List.of(expanded.split("/", -1));
      int literal = 1;
      while (literal < segs.size() - 1 && GlobSyntax.isLiteralPathSegment(segs.get(literal))) {
        literal++;
      }
      if (literal > 1) {
        Path prefix = Path.of("/" + String.join("/", segs.subList(1, literal)));
        PathCanonicalizer.Result c = prefixes.computeIfAbsent(prefix, PathCanonicalizer::canonicalize);
        if (c.ok() && !c.real().equals(prefix.normalize())) {
          String rest = String.join("/", segs.subList(literal, segs.size()));
          out.add(PathGlob.compile(GlobSyntax.escapePath(c.real().toString()) + "/" + rest, true));
        }
      }
    }
    return out;
  }

  /**
   * Replaces {@code ${workspace}}, {@code ${home}}, {@code ${tmp}} and a leading {@code ~} in a glob with the
   * environment's paths, escaped so their characters match literally.
   *
   * @throws IllegalArgumentException for an unknown or unterminated variable or {@code ~user}
   */
  static String expandGlobVariables(String glob, GuardEnvironment env) {
    StringBuilder out = new StringBuilder(glob.length() + 32);
    int i = 0;
    if (glob.equals("~") || glob.startsWith("~/")) {
      out.append(GlobSyntax.escapePath(env.home().toString()));
      i = 1;
    } else if (glob.startsWith("~")) {
      throw new IllegalArgumentException("'~user' is not supported in '" + glob + "'; use '~/' or ${home}");
    }
    while (i < glob.length()) {
      int start = glob.indexOf("${", i);
      if (start < 0) {
        out.append(glob, i, glob.length());
        break;
      }
      out.append(glob, i, start);
      int end = glob.indexOf('}', start);
      if (end < 0) {
        throw new IllegalArgumentException("unterminated variable in '" + glob + "'");
      }
      out.append(GlobSyntax.escapePath(env.expand(glob.substring(start, end + 1))));
      i = end + 1;
    }
    return out.toString();
  }
}
