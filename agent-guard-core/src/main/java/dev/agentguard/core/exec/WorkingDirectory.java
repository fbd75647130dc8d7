package dev.agentguard.core.exec;

import dev.agentguard.core.check.GuardEnvironment;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a command's relative file names land as its own {@code cd}s move it: an absolute or relative
 * {@code cd} at the top level is followed; any other change ({@code cd -}, {@code cd ~}, {@code pushd}, a
 * {@code cd} inside {@code sh -c}) makes it unknown, and a relative name is then judged where it most likely
 * lands: the workspace, the home and the root directory. Not thread-safe; one per analysis.
 */
final class WorkingDirectory {

  private String cwd;
  private boolean known = true;
  /** With no working directory given: where relative {@code cd}s led, relative to the workspace. */
  private String relative;

  WorkingDirectory(String cwd) {
    this.cwd = cwd;
  }

  /** The working directory to resolve against ({@code null}: the workspace). */
  String cwd() {
    return cwd;
  }

  /** The names {@code t} may stand for: itself, or, relative under an unknown directory, at each likely base. */
  List<String> readings(String t, GuardEnvironment env) {
    boolean rel = !t.startsWith("/") && !t.startsWith("~");
    if (!rel) {
      return List.of(t);
    }
    if (!known) {
      List<String> out = new ArrayList<>();
      for (Path base : List.of(env.workspace(), env.home(), Path.of("/"))) {
        try {
          out.add(base.resolve(t).toString());
        } catch (InvalidPathException e) {
          return List.of();
        }
      }
      return out;
    }
    return List.of(relative != null ? relative + "/" + t : t);
  }

  /** Whether {@code t} is relative to a directory that is not known. */
  boolean unknownFor(String t) {
    return !known && !t.startsWith("/") && !t.startsWith("~");
  }

  /** The directory a relative glob expands in, or {@code null} when it is unknown. */
  Path base(GuardEnvironment env) {
    if (!known) {
      return null;
    }
    Path start = cwd != null ? env.workspace().resolve(cwd) : env.workspace();
    return relative != null ? start.resolve(relative) : start;
  }

  /** Follows a {@code cd} among {@code texts} (a simple command whose program starts at {@code first}). */
  void track(List<String> texts, int first, int depth) {
    if (!changes(texts, first)) {
      return;
    }
    boolean plainCd = Programs.normalize(texts.get(first)).equals("cd");
    String target = texts.size() == first + 2 ? texts.get(first + 1) : null;
    if (depth == 0 && plainCd && target != null && known && follow(target)) {
      return;
    }
    known = false;
  }

  private static boolean changes(List<String> texts, int first) {
    for (int i = first; i < texts.size(); i++) {
      String name = Programs.normalize(texts.get(i));
      if (name.equals("cd") || name.equals("pushd") || name.equals("popd") || name.equals("chdir")) {
        return true;
      }
      if (!Programs.isWrapper(name) && i > first) {
        return false;
      }
    }
    return false;
  }

  private boolean follow(String target) {
    try {
      if (target.startsWith("/")) {
        cwd = Path.of(target).normalize().toString();
        relative = null;
        return true;
      }
      if (target.startsWith("-") || target.startsWith("~") || target.isEmpty()) {
        return false;
      }
      if (cwd != null) {
        cwd = Path.of(cwd).resolve(target).normalize().toString();
      } else {
        relative = relative == null ? target : relative + "/" + target;
      }
      return true;
    } catch (InvalidPathException e) {
      return false;
    }
  }
}
