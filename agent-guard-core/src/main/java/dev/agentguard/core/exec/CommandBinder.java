package dev.agentguard.core.exec;

import dev.agentguard.api.Access;
import dev.agentguard.core.fs.FileSystemCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Records what one command's analysis judged, for an approval to bind: the words of every simple command it
 * walked (after quote removal, with the characters the shell still gives a meaning marked: an assignment's
 * name, a leading tilde, glob and brace characters), the separators between them, the redirections, each
 * program it judged resolved to the file that runs (its real path and identity, found on the search path for a
 * bare name), the real path of every file argument and effect, and the working directory. Two command lines
 * that differ only in spelling ({@code ls  -la}, {@code 'ls' -la}) record the same; lines that run something
 * else do not. Not thread-safe; one per analysis.
 */
final class CommandBinder {

  private static final String GLOB = "*?[]";
  private static final String BRACE = "{},";

  private final FileSystemCheck files;
  private final String searchPath;
  private final List<String> lines = new ArrayList<>();
  private final List<String> identities = new ArrayList<>();

  CommandBinder(FileSystemCheck files, String workingDirectory, String searchPath) {
    this.files = files;
    this.searchPath = searchPath == null ? "" : searchPath;
    Path cwd = real(workingDirectory == null ? files.environment().workspace().toString() : workingDirectory);
    lines.add("cwd " + cwd);
    identities.add("cwd " + cwd + " " + fileKey(cwd));
  }

  /** One simple command's words, at {@code depth} levels of {@code sh -c} nesting. */
  void part(List<ShellWord> words, int depth) {
    StringBuilder b = new StringBuilder("part ").append(depth);
    for (ShellWord w : words) {
      b.append(' ').append(encode(w));
    }
    lines.add(b.toString());
  }

  /** The separator after a simple command ({@code ;} for a newline too). */
  void separator(String op) {
    lines.add("sep " + (op.equals("\n") ? ";" : op));
  }

  void redirect(SimpleCommand.Redirect r) {
    lines.add("redirect " + r.fd() + r.operator() + " " + encode(r.target()));
  }

  /**
   * The program {@code word} names, run from {@code base} ({@code null} when a {@code cd} made the directory
   * unknown): a name with a slash is resolved against the directory, a bare name is looked up on the search
   * path as {@code execvp} does. Its identity is part of what is bound: a replaced program is another program.
   */
  void program(String word, Path base) {
    Path found = null;
    String how;
    try {
      if (word.indexOf('/') >= 0) {
        Path p = word.startsWith("/") ? Path.of(word) : base == null ? null : base.resolve(word);
        found = p == null ? null : executable(p);
        how = p == null ? "in an unknown directory" : found == null ? "missing " + p.normalize() : "";
      } else {
        for (String dir : searchPath.split(":", -1)) {
          Path d = dir.isEmpty() ? base : Path.of(dir);
          if (d != null && (found = executable(d.resolve(word))) != null) {
            break;
          }
        }
        how = found == null ? "not on the search path" : "";
      }
    } catch (InvalidPathException e) {
      how = "invalid path";
    }
    lines.add("program " + word.length() + ":" + word + " -> "
        + (found == null ? how : found + " " + fileKey(found)));
  }

  /** A file the command reads or writes, or an argument that may name one, and its real path ({@code null}: none). */
  void file(String path, Access access, Path real) {
    String shown = real == null ? "unresolved " + path.length() + ":" + path : real.toString();
    lines.add("file " + access + " " + shown);
    identities.add("file " + shown + " " + (real == null ? null : fileKey(real)));
  }

  /** A refusal met while binding: what would run is not what was judged. */
  void refused(String rule) {
    lines.add("refused " + rule);
  }

  List<String> lines() {
    return List.copyOf(lines);
  }

  List<String> identities() {
    return List.copyOf(identities);
  }

  private Path real(String dir) {
    try {
      Path real = files.resolvePath(dir, Access.READ, null).real();
      return real != null ? real : Path.of(dir);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static Path executable(Path p) {
    if (!Files.isRegularFile(p)) {
      // A stat that does not throw: most directories on the search path do not hold the name.
      return null;
    }
    try {
      Path real = p.toRealPath();
      return Files.isRegularFile(real) && Files.isExecutable(real) ? real : null;
    } catch (IOException | SecurityException e) {
      return null;
    }
  }

  static Object fileKey(Path p) {
    if (p == null) {
      return null;
    }
    try {
      return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return null;
    }
  }

  /**
   * A word as its length and text, then the characters the shell still interprets: {@code A} for an
   * assignment, {@code T} for a leading tilde, and the offsets of unquoted glob and brace characters.
   */
  static String encode(ShellWord w) {
    String text = w.text();
    StringBuilder b = new StringBuilder().append(text.length()).append(':').append(text);
    StringBuilder flags = new StringBuilder();
    if (w.isAssignment()) {
      flags.append('A');
    }
    if (w.startsWithTilde()) {
      flags.append('T');
    }
    boolean glob = w.hasGlob();
    boolean brace = w.hasBraceExpansion();
    for (int i = 0; (glob || brace) && i < text.length(); i++) {
      char c = text.charAt(i);
      if (!w.isQuoted(i) && (glob && GLOB.indexOf(c) >= 0 || brace && BRACE.indexOf(c) >= 0)) {
        flags.append(c).append(i);
      }
    }
    return flags.length() == 0 ? b.toString() : b.append('/').append(flags).toString();
  }
}
