package dev.agentguard.core.fs;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Test oracle: a slow, independent glob implementation that expands braces textually and translates each
 * alternative into a java.util.regex over the path written as "/seg1/seg2".
 */
final class GlobRegexOracle {

  private GlobRegexOracle() {}

  static boolean matches(String glob, String path, boolean ignoreCase) {
    StringBuilder p = new StringBuilder();
    for (String s : path.split("/")) {
      if (!s.isEmpty()) {
        p.append('/').append(s);
      }
    }
    for (String alt : expandBraces(glob)) {
      Pattern re = Pattern.compile(toRegex(alt),
          ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
      if (re.matcher(p).matches()) {
        return true;
      }
    }
    return false;
  }

  /** Expands the first top-level {...} group recursively (no escapes in generated globs). */
  static List<String> expandBraces(String glob) {
    int open = -1;
    int depth = 0;
    int inClass = 0;
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '[' && inClass == 0) {
        inClass = 1;
      } else if (c == ']' && inClass == 1) {
        inClass = 0;
      } else if (inClass == 0 && c == '{') {
        if (depth++ == 0) {
          open = i;
        }
      } else if (inClass == 0 && c == '}') {
        if (--depth == 0) {
          List<String> out = new ArrayList<>();
          String head = glob.substring(0, open);
          String tail = glob.substring(i + 1);
          for (String option : splitTopLevel(glob.substring(open + 1, i))) {
            out.addAll(expandBraces(head + option + tail));
          }
          return out;
        }
      }
    }
    return List.of(glob);
  }

  private static List<String> splitTopLevel(String s) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '{') {
        depth++;
      } else if (c == '}') {
        depth--;
      } else if (c == ',' && depth == 0) {
        out.add(s.substring(start, i));
        start = i + 1;
      }
    }
    out.add(s.substring(start));
    return out;
  }

  private static String toRegex(String alt) {
    List<String> segs = new ArrayList<>();
    for (String s : alt.split("/")) {
      if (!s.isEmpty()) {
        segs.add(s);
      }
    }
    if (!alt.startsWith("/")) {
      segs.add(0, "**");
    }
    StringBuilder re = new StringBuilder();
    for (String seg : segs) {
      if (seg.chars().allMatch(c -> c == '*') && seg.length() >= 2) {
        re.append("(?:/[^/]+)*");
        continue;
      }
      re.append('/');
      for (int i = 0; i < seg.length(); i++) {
        char c = seg.charAt(i);
        if (c == '*') {
          re.append("[^/]*");
        } else if (c == '?') {
          re.append("[^/]");
        } else if (c == '[') {
          int close = seg.indexOf(']', i + 2);
          String body = seg.substring(i + 1, close);
          boolean neg = body.startsWith("!") || body.startsWith("^");
          if (neg) {
            body = body.substring(1);
          }
          re.append(neg ? "[^/" : "[");
          for (char b : body.toCharArray()) {
            re.append(b == '-' ? "-" : Pattern.quote(String.valueOf(b)).replace("\\Q", "").replace("\\E", ""));
          }
          re.append(']');
          i = close;
        } else {
          re.append(Pattern.quote(String.valueOf(c)));
        }
      }
    }
    if (re.length() == 0) {
      return "";
    }
    return re.toString();
  }
}
