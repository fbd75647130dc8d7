package dev.agentguard.core.policy;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * One left-to-right pass over a regex that refuses the shapes that can backtrack catastrophically (see
 * {@link BoundedRegex#checkNotCatastrophic(String)}): it tracks, per open group, whether the group contains a
 * repeat and whether two of its alternatives are identical, and judges each group when a quantifier follows it.
 */
final class BacktrackScan {

  private final String regex;
  private final int n;
  private final ArrayDeque<Frame> stack = new ArrayDeque<>();
  private Frame top = new Frame(false, 0);
  private int i;

  private BacktrackScan(String regex) {
    this.regex = regex;
    this.n = regex.length();
  }

  /** Throws {@link IllegalArgumentException} for a catastrophic shape; a syntax error is left to compile. */
  static void check(String regex) {
    new BacktrackScan(regex).run();
  }

  private void run() {
    while (i < n) {
      char c = regex.charAt(i);
      if (c == '(') {
        open();
        continue;
      }
      if (c == '|') {
        top.endAlternative(regex, i);
        top.altStart = i + 1;
        i++;
        continue;
      }
      Frame closed = null;
      if (c == ')') {
        if (stack.isEmpty()) {
          return; // a syntax error, reported by compile()
        }
        closed = close();
      } else {
        skipAtom(c);
      }
      if (i < n) {
        quantifier(closed);
      }
    }
  }

  /** Steps over an escape (a whole {@code \Q...\E} quote), a character class or a single character. */
  private void skipAtom(char c) {
    if (c == '\\') {
      if (i + 1 < n && regex.charAt(i + 1) == 'Q') {
        int end = regex.indexOf("\\E", i + 2);
        i = end < 0 ? n : end + 2;
      } else {
        i += 2;
      }
    } else if (c == '[') {
      i = skipClass(regex, i);
    } else {
      i++;
    }
  }

  /** Opens a group; an inline flag setting such as {@code (?i)} is not a group and is stepped over. */
  private void open() {
    boolean atomic = regex.startsWith("(?>", i);
    if (regex.startsWith("(?", i) && !atomic) {
      int j = i + 2;
      while (j < n && (Character.isLetter(regex.charAt(j)) || regex.charAt(j) == '-')) {
        j++;
      }
      if (j < n && regex.charAt(j) == ')' && j > i + 2) {
        i = j + 1;
        return;
      }
    }
    stack.push(top);
    top = new Frame(atomic, i);
    i++;
  }

  /** Closes the innermost group; a non-atomic group passes its findings on to the group around it. */
  private Frame close() {
    top.endAlternative(regex, i);
    Frame closed = top;
    top = stack.pop();
    if (closed.repeats && !closed.atomic) {
      top.repeats = true;
    }
    if (closed.duplicateAlternative && !closed.atomic) {
      top.duplicateAlternative = true;
    }
    i++;
    return closed;
  }

  /** Reads the quantifier after an atom (if any); {@code closed} is the group that atom was, or null. */
  private void quantifier(Frame closed) {
    int q = i;
    boolean repeat = repeatingQuantifier(q);
    boolean possessive = false;
    if (i > q && i < n && (regex.charAt(i) == '?' || regex.charAt(i) == '+')) {
      possessive = regex.charAt(i) == '+';
      i++;
    }
    if (repeat && !possessive && closed != null && !closed.atomic) {
      refuse(closed, q);
    }
    if (repeat) {
      top.repeats = true;
    }
  }

  /** Steps over a quantifier at {@code q}; whether it can repeat its atom more than once. */
  private boolean repeatingQuantifier(int q) {
    char qc = regex.charAt(q);
    if (qc == '*' || qc == '+') {
      i++;
      return true;
    }
    if (qc == '?') {
      i++;
      return false;
    }
    if (qc != '{') {
      return false;
    }
    int close = regex.indexOf('}', q);
    if (close <= q) {
      return false;
    }
    String body = regex.substring(q + 1, close);
    if (!body.matches("\\d+(,\\d*)?")) {
      return false;
    }
    int comma = body.indexOf(',');
    String max = comma < 0 ? body : body.substring(comma + 1);
    i = close + 1;
    return max.isEmpty() || max.length() > 9 || Long.parseLong(max) > 1;
  }

  /** Refuses a backtracking repeat of {@code group} (quantifier at {@code q}) if the group is dangerous. */
  private void refuse(Frame group, int q) {
    if (group.repeats) {
      throw new IllegalArgumentException("regex '" + regex + "' can backtrack catastrophically: the group at"
          + " index " + group.start + " is repeated and contains a repeat itself (near index " + q
          + "); rewrite it without nested quantifiers");
    }
    if (group.duplicateAlternative) {
      throw new IllegalArgumentException("regex '" + regex + "' can backtrack catastrophically: the group at"
          + " index " + group.start + " is repeated and has two identical alternatives (near index " + q
          + ")");
    }
  }

  private static int skipClass(String regex, int start) {
    int depth = 0;
    int i = start;
    while (i < regex.length()) {
      char c = regex.charAt(i);
      if (c == '\\') {
        i += 2;
        continue;
      }
      if (c == '[') {
        depth++;
        if (i + 1 < regex.length() && regex.charAt(i + 1) == '^') {
          i++;
        }
        if (i + 1 < regex.length() && regex.charAt(i + 1) == ']') {
          i++;
        }
      } else if (c == ']') {
        depth--;
        if (depth == 0) {
          return i + 1;
        }
      }
      i++;
    }
    return regex.length();
  }

  /** An open group while scanning: does it contain a repeat, is it atomic, its alternatives so far. */
  private static final class Frame {
    final boolean atomic;
    final int start;
    int altStart;
    boolean repeats;
    boolean duplicateAlternative;
    final Set<String> alternatives = new HashSet<>();

    Frame(boolean atomic, int start) {
      this.atomic = atomic;
      this.start = start;
      this.altStart = start + 1;
    }

    void endAlternative(String regex, int end) {
      int from = Math.min(altStart, end);
      if (from == start + 1 && regex.startsWith("(?", start)) {
        int colon = regex.indexOf(':', start);
        if (colon > 0 && colon < end) {
          from = colon + 1;
        }
      }
      if (!alternatives.add(regex.substring(from, end))) {
        duplicateAlternative = true;
      }
    }
  }
}
