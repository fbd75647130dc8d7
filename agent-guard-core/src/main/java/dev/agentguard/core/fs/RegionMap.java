package dev.agentguard.core.fs;

import java.util.Map;

/**
 * A read-only map from strings to values that is probed with a region of a larger string ({@code s[from, to)}), so
 * a lookup of a segment's extension or leading characters allocates nothing. Open addressing over a power-of-two
 * table, at most half full. Built once from a map, then read-only (safe to share between threads).
 *
 * @param <V> the value type
 */
final class RegionMap<V> {

  private final String[] keys;
  private final Object[] values;
  private final int mask;

  RegionMap(Map<String, V> entries) {
    int size = 2;
    while (size < entries.size() * 2) {
      size <<= 1;
    }
    keys = new String[size];
    values = new Object[size];
    mask = size - 1;
    entries.forEach((k, v) -> {
      int i = hash(k, 0, k.length()) & mask;
      while (keys[i] != null) {
        i = (i + 1) & mask;
      }
      keys[i] = k;
      values[i] = v;
    });
  }

  /** The value stored under the text {@code s[from, to)}, or {@code null}. */
  @SuppressWarnings("unchecked")
  V get(String s, int from, int to) {
    int length = to - from;
    for (int i = hash(s, from, to) & mask; ; i = (i + 1) & mask) {
      String k = keys[i];
      if (k == null) {
        return null;
      }
      if (k.length() == length && s.regionMatches(from, k, 0, length)) {
        return (V) values[i];
      }
    }
  }

  private static int hash(String s, int from, int to) {
    int h = 0;
    for (int i = from; i < to; i++) {
      h = 31 * h + s.charAt(i);
    }
    return h ^ (h >>> 16);
  }
}
