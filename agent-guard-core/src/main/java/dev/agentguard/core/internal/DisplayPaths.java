package dev.agentguard.core.internal;

import dev.agentguard.core.check.GuardEnvironment;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Shortens host paths in a refusal reason before a model sees it: a path inside the workspace becomes relative to
 * the workspace ({@code src/Main.java}; the workspace itself is {@code .}), a path inside the home directory
 * starts with {@code ~} ({@code ~/.ssh/id_rsa}), and every other path stays as it is. Only whole path segments
 * match: with the workspace {@code /srv/app}, {@code /srv/app_evil/x} is left alone. The workspace wins over the
 * home directory when it lies inside it. Both the paths as configured and their real paths (after symbolic links)
 * are recognised.
 *
 * <p>The guard applies it to the message of the {@link dev.agentguard.api.ToolCallDeniedException} it throws
 * ({@link dev.agentguard.api.ToolCallDeniedException#shownReason()}); the exception's
 * {@link dev.agentguard.api.ToolCallDeniedException#decision() decision} keeps the full reason for logs, audit
 * and tests. Immutable and thread-safe.
 */
public final class DisplayPaths {

  private static final DisplayPaths NONE = new DisplayPaths(List.of());

  /** A directory and what it is shown as: {@code ""} for the workspace, {@code "~"} for home. */
  private static final class Prefix {
    final String path;
    final boolean workspace;

    Prefix(String path, boolean workspace) {
      this.path = path;
      this.workspace = workspace;
    }
  }

  private final List<Prefix> prefixes;

  private DisplayPaths(List<Prefix> prefixes) {
    this.prefixes = prefixes;
  }

  /**
   * Returns the shortening for {@code environment}'s workspace and home directory.
   *
   * @param environment the guard's environment
   * @return a shortening that makes workspace paths relative and home paths start with {@code ~}
   */
  public static DisplayPaths of(GuardEnvironment environment) {
    Objects.requireNonNull(environment, "environment must not be null");
    List<Prefix> out = new ArrayList<>();
    add(out, environment.workspace(), true);
    add(out, environment.home(), false);
    out.sort(Comparator.comparingInt((Prefix p) -> p.path.length()).reversed());
    return new DisplayPaths(List.copyOf(out));
  }

  /**
   * Returns the shortening that changes nothing.
   *
   * @return the identity shortening
   */
  public static DisplayPaths none() {
    return NONE;
  }

  private static void add(List<Prefix> out, Path directory, boolean workspace) {
    addOne(out, directory.toString(), workspace);
    try {
      addOne(out, directory.toRealPath().toString(), workspace);
    } catch (IOException | SecurityException e) {
      // a directory that does not exist (yet) is recognised by its configured path alone
    }
  }

  private static void addOne(List<Prefix> out, String path, boolean workspace) {
    if (path.length() <= 1 || path.endsWith("/") || path.endsWith("\\")) {
      return; // the file system root: shortening it would only hide information
    }
    for (Prefix p : out) {
      if (p.path.equals(path)) {
        return;
      }
    }
    out.add(new Prefix(path, workspace));
  }

  /**
   * Returns {@code text} with every workspace path made relative and every home path starting with {@code ~}.
   *
   * @param text the text to shorten, such as a decision's reason
   * @return the shortened text ({@code text} itself when nothing matched)
   */
  public String shorten(String text) {
    Objects.requireNonNull(text, "text must not be null");
    if (prefixes.isEmpty()) {
      return text;
    }
    StringBuilder out = null;
    int copied = 0;
    int i = 0;
    while (i < text.length()) {
      Prefix hit = match(text, i);
      if (hit == null) {
        i++;
        continue;
      }
      if (out == null) {
        out = new StringBuilder(text.length());
      }
      out.append(text, copied, i);
      int end = i + hit.path.length();
      boolean more = end < text.length() && isSeparator(text.charAt(end));
      if (hit.workspace) {
        if (more) {
          end++; // "WORKSPACE/x" becomes "x"
        } else {
          out.append('.');
        }
      } else {
        out.append('~');
      }
      copied = end;
      i = end;
    }
    return out == null ? text : out.append(text, copied, text.length()).toString();
  }

  private Prefix match(String text, int at) {
    if (at > 0 && isPathChar(text.charAt(at - 1))) {
      return null;
    }
    for (Prefix p : prefixes) {
      if (text.startsWith(p.path, at)) {
        int end = at + p.path.length();
        if (end == text.length() || isSeparator(text.charAt(end)) || !isPathChar(text.charAt(end))
            || endsSentence(text, end)) {
          return p;
        }
      }
    }
    return null;
  }

  /** A full stop after a path, at the end of the text or before white space, is punctuation. */
  private static boolean endsSentence(String text, int at) {
    return text.charAt(at) == '.' && (at + 1 == text.length() || Character.isWhitespace(text.charAt(at + 1)));
  }

  private static boolean isSeparator(char c) {
    return c == '/' || c == '\\';
  }

  private static boolean isPathChar(char c) {
    return Character.isLetterOrDigit(c) || c == '/' || c == '\\' || c == '.' || c == '_' || c == '-' || c == '~';
  }

  @Override
  public String toString() {
    return prefixes.isEmpty() ? "DisplayPaths.none" : "DisplayPaths" + prefixes.stream().map(p -> p.path).toList();
  }
}
