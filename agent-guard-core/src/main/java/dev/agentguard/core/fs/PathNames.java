package dev.agentguard.core.fs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A path as the list of its names, folded for case-insensitive matching where needed. Stateless. */
final class PathNames {

  private PathNames() {}

  /** The names of {@code p} (no root), as iterating the path gives them, without a {@code Path} per name. */
  static List<String> segments(Path p) {
    if (!p.getFileSystem().getSeparator().equals("/")) {
      List<String> out = new ArrayList<>(p.getNameCount());
      for (Path name : p) {
        out.add(name.toString());
      }
      return out;
    }
    String s = p.toString();
    // sized from the text: Path.getNameCount() would build the path's offset table just for this
    int separators = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '/') {
        separators++;
      }
    }
    List<String> out = new ArrayList<>(separators + 1);
    int start = s.startsWith("/") ? 1 : 0;
    for (int i = start; i <= s.length(); i++) {
      if (i == s.length() || s.charAt(i) == '/') {
        if (i > start) {
          out.add(s.substring(start, i));
        }
        start = i + 1;
      }
    }
    return out;
  }

  /** {@code names} folded for case-insensitive matching: the same list when folding changes none of them. */
  static List<String> folded(List<String> names) {
    List<String> out = null;
    for (int i = 0; i < names.size(); i++) {
      String f = PathGlob.fold(names.get(i));
      if (f != names.get(i) && out == null) {
        out = new ArrayList<>(names);
      }
      if (out != null) {
        out.set(i, f);
      }
    }
    return out == null ? names : out;
  }

  static List<String> folded(Path p) {
    return folded(segments(p));
  }

  static boolean startsWith(List<String> path, List<String> prefix) {
    if (path.size() < prefix.size()) {
      return false;
    }
    for (int i = prefix.size() - 1; i >= 0; i--) {
      if (!path.get(i).equals(prefix.get(i))) {
        return false;
      }
    }
    return true;
  }
}
