package dev.agentguard.core.exec;

import dev.agentguard.core.glob.GlobSyntax;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.regex.Pattern;

/**
 * Pathname expansion as sh performs it, against the files that exist now: a segment's unquoted {@code *},
 * {@code ?} and {@code [...]} match names in its directory, a leading dot only by a literal dot. Stateless.
 */
final class GlobExpansion {

  private GlobExpansion() {}

  /**
   * The paths {@code w} expands to from {@code start} (its first {@code from} characters already consumed, such
   * as a leading {@code ~}); {@code budget} is asked once per directory entry looked at and throws to stop.
   */
  static List<Path> expand(ShellWord w, int from, Path start, IntSupplier budget) {
    String text = w.text();
    List<Path> current = new ArrayList<>(List.of(start));
    int i = from;
    while (i <= text.length()) {
      int end = i;
      while (end < text.length() && text.charAt(end) != '/') {
        end++;
      }
      if (end > i) {
        current = step(w, i, end, current, budget);
      }
      i = end + 1;
    }
    return current;
  }

  private static List<Path> step(ShellWord w, int i, int end, List<Path> current, IntSupplier budget) {
    String text = w.text();
    StringBuilder regex = new StringBuilder();
    boolean glob = segment(w, i, end, regex);
    Pattern pattern = glob ? Pattern.compile(regex.toString(), Pattern.DOTALL) : null;
    boolean dotOk = text.charAt(i) == '.';
    List<Path> next = new ArrayList<>();
    for (Path p : current) {
      if (!glob) {
        try {
          next.add(p.resolve(text.substring(i, end)));
        } catch (InvalidPathException e) {
          return List.of();
        }
        continue;
      }
      if (!Files.isDirectory(p)) {
        continue;
      }
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(p)) {
        for (Path e : entries) {
          budget.getAsInt();
          String n = e.getFileName().toString();
          if ((dotOk || !n.startsWith(".")) && pattern.matcher(n).matches()) {
            next.add(e);
          }
        }
      } catch (IOException | DirectoryIteratorException e) {
        // unreadable: nothing the shell could expand there either
      }
    }
    return next;
  }

  /**
   * Appends the regex for sh pattern {@code w[from, to)} (one path segment) and tells whether it has an unquoted
   * glob character.
   */
  static boolean segment(ShellWord w, int from, int to, StringBuilder regex) {
    String t = w.text();
    boolean glob = false;
    for (int i = from; i < to; i++) {
      char c = t.charAt(i);
      if (w.isQuoted(i)) {
        regex.append(Pattern.quote(String.valueOf(c)));
      } else if (c == GlobSyntax.ANY) {
        regex.append(".*");
        glob = true;
      } else if (c == GlobSyntax.ONE) {
        regex.append('.');
        glob = true;
      } else if (c == GlobSyntax.SET_OPEN) {
        int close = bracketEnd(w, i, to);
        if (close < 0) {
          regex.append(Pattern.quote("["));
          continue;
        }
        bracket(t, i + 1, close, regex);
        glob = true;
        i = close;
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return glob;
  }

  private static int bracketEnd(ShellWord w, int open, int to) {
    for (int j = open + 2; j < to; j++) {
      if (w.text().charAt(j) == ']' && !w.isQuoted(j)) {
        return j;
      }
    }
    return -1;
  }

  /**
   * Appends a regex class for the bracket expression {@code t[j, close)}: every character written as a code-point
   * escape, so nothing in the pattern can be read as regex syntax; a range whose end sorts before its start
   * matches nothing, as in sh (never an invalid pattern).
   */
  private static void bracket(String t, int j, int close, StringBuilder regex) {
    boolean negate = t.charAt(j) == '!' || t.charAt(j) == '^';
    int k = negate ? j + 1 : j;
    StringBuilder set = new StringBuilder();
    for (; k < close; k++) {
      char a = t.charAt(k);
      if (k + 2 < close && t.charAt(k + 1) == '-') {
        char b = t.charAt(k + 2);
        if (a <= b) {
          set.append(escape(a)).append('-').append(escape(b));
        }
        k += 2;
      } else {
        set.append(escape(a));
      }
    }
    if (set.length() == 0) {
      regex.append(negate ? "." : "(?!)");
    } else {
      regex.append(negate ? "[^" : "[").append(set).append(']');
    }
  }

  private static String escape(char c) {
    return "\\x{" + Integer.toHexString(c) + "}";
  }
}
