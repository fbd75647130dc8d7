package dev.agentguard.core.telemetry;

/**
 * Finds random-looking tokens in text: maximal runs of {@code [A-Za-z0-9+_-]} at least a minimum length long
 * whose Shannon entropy is high and whose characters change class (upper, lower, digit) often, as random
 * keys do and words, identifiers and version strings do not. Paths are split at {@code /} and {@code .}, so
 * only single segments are judged. Canonical UUIDs are kept (they are identifiers); runs of hex digits are
 * masked from a lower threshold (hex API keys look exactly like digests and commit ids, and a leaked key costs
 * more than a masked digest).
 */
final class HighEntropy {

  private static final double MIN_CLASS_CHANGES = 0.35;

  private HighEntropy() {}

  static String redact(String text, double threshold, int minLength) {
    StringBuilder out = null;
    int copied = 0;
    int n = text.length();
    int i = 0;
    while (i < n) {
      if (!isTokenChar(text.charAt(i))) {
        i++;
        continue;
      }
      int start = i;
      while (i < n && isTokenChar(text.charAt(i))) {
        i++;
      }
      if (i - start >= minLength && isSecret(text, start, i, threshold)) {
        if (out == null) {
          out = new StringBuilder(n);
        }
        out.append(text, copied, start).append(Redactor.MASK);
        copied = i;
      }
    }
    if (out == null) {
      return text;
    }
    out.append(text, copied, n);
    return out.toString();
  }

  static boolean isTokenChar(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '_'
        || c == '-';
  }

  /** Whether {@code text[start, end)} looks like a random secret. */
  static boolean isSecret(CharSequence text, int start, int end, double threshold) {
    int len = end - start;
    if (isUuid(text, start, end)) {
      return false;
    }
    int upper = 0;
    int lower = 0;
    int digit = 0;
    int hexLetters = 0;
    int other = 0;
    int[] counts = new int[128];
    int changes = 0;
    int pairs = 0;
    int prevClass = -1;
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      counts[c]++;
      int cls;
      if (c >= 'A' && c <= 'Z') {
        upper++;
        cls = 0;
        if (c <= 'F') {
          hexLetters++;
        }
      } else if (c >= 'a' && c <= 'z') {
        lower++;
        cls = 1;
        if (c <= 'f') {
          hexLetters++;
        }
      } else if (c >= '0' && c <= '9') {
        digit++;
        cls = 2;
      } else {
        other++;
        cls = -1;
      }
      if (cls >= 0 && prevClass >= 0) {
        pairs++;
        if (cls != prevClass) {
          changes++;
        }
      }
      prevClass = cls;
    }
    double entropy = entropy(counts, len);
    boolean hex = other == 0 && digit > 0 && hexLetters > 0 && hexLetters == upper + lower
        && (upper == 0 || lower == 0);
    if (hex) {
      return entropy >= threshold - 0.5;
    }
    double changeRatio = pairs == 0 ? 0 : (double) changes / pairs;
    if (changeRatio < MIN_CLASS_CHANGES || digit == 0) {
      return false;
    }
    if (upper > 0 && lower > 0) {
      return entropy >= threshold;
    }
    return len >= 24 && entropy >= threshold + 0.5;
  }

  static double entropy(int[] counts, int len) {
    double h = 0;
    for (int count : counts) {
      if (count > 0) {
        double p = (double) count / len;
        h -= p * Math.log(p);
      }
    }
    return h / Math.log(2);
  }

  private static boolean isUuid(CharSequence text, int start, int end) {
    if (end - start != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = text.charAt(start + i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash != (c == '-')) {
        return false;
      }
      if (!dash && Character.digit(c, 16) < 0) {
        return false;
      }
    }
    return true;
  }
}
