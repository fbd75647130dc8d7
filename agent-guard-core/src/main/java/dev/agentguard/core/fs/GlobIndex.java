package dev.agentguard.core.fs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Case-insensitive globs bucketed by a literal part every match must contain, so matching a path costs a few
 * hash probes per path segment plus the globs in the buckets hit, not a scan of every glob. Each brace
 * alternative is filed once: under the literal segment it shares with the fewest other globs; else under the
 * extension of a segment pattern ending in a literal with a dot ({@code *.pem} under {@code pem}); else under
 * the first up to three
 * characters of a segment pattern's literal prefix ({@code .env*} under {@code .en}); else in a general list
 * tried for every path. Built once, then read-only.
 */
final class GlobIndex {

  private static final int PREFIX_KEY = 3;
  /** Up to this many segments, repeated buckets are found by looking back instead of with a set. */
  private static final int SHORT_PATH = 32;

  private record Entry(PathGlob.Alternative alternative, int order) {}

  private final List<String> labels = new ArrayList<>();
  private final Map<String, List<Entry>> bySegment = new HashMap<>();
  private final Map<String, List<Entry>> byExtension = new HashMap<>();
  private final Map<String, List<Entry>> byPrefix = new HashMap<>();
  private final List<Entry> general = new ArrayList<>();
  private final List<Entry> pending = new ArrayList<>();
  /** {@link #byExtension} and {@link #byPrefix}, probed by a region of a segment once built. */
  private RegionMap<List<Entry>> extensions;
  private RegionMap<List<Entry>> prefixes;
  private boolean built;

  /**
   * Adds {@code globs} (compiled ignoring case) under one label and order: the first-added matching label wins,
   * so the answer never depends on the order of lookups. Call {@link #build()} after the last add.
   */
  void add(String label, List<PathGlob> globs) {
    if (built) {
      throw new IllegalStateException("GlobIndex is already built");
    }
    int order = labels.size();
    labels.add(label);
    for (PathGlob glob : globs) {
      if (!glob.ignoreCase()) {
        throw new IllegalArgumentException("GlobIndex holds case-insensitive globs only");
      }
      for (PathGlob.Alternative alt : glob.alternatives()) {
        pending.add(new Entry(alt, order));
      }
    }
  }

  /** Files every added glob under its rarest literal part; the index is read-only afterwards. */
  GlobIndex build() {
    Map<String, Integer> frequency = new HashMap<>();
    for (Entry e : pending) {
      for (String literal : literals(e)) {
        frequency.merge(literal, 1, Integer::sum);
      }
    }
    for (Entry e : pending) {
      file(e, frequency);
    }
    pending.clear();
    extensions = new RegionMap<>(byExtension);
    prefixes = new RegionMap<>(byPrefix);
    built = true;
    return this;
  }

  private static Set<String> literals(Entry e) {
    Set<String> out = new HashSet<>();
    for (PathGlob.Segment s : e.alternative().segments) {
      if (s.isLiteral()) {
        out.add(s.literal);
      }
    }
    return out;
  }

  private void file(Entry e, Map<String, Integer> frequency) {
    PathGlob.Segment[] segs = e.alternative().segments;
    String key = null;
    for (int i = segs.length - 1; i >= 0; i--) {
      if (segs[i].isLiteral()
          && (key == null || frequency.get(segs[i].literal) < frequency.get(key))) {
        key = segs[i].literal; // the literal segment fewest globs share
      }
    }
    if (key != null) {
      bySegment.computeIfAbsent(key, k -> new ArrayList<>(1)).add(e);
      return;
    }
    for (int i = segs.length - 1; i >= 0; i--) {
      if (segs[i] == PathGlob.Segment.ANY_SEGMENTS) {
        continue;
      }
      String suffix = segs[i].literalSuffix();
      int dot = suffix.lastIndexOf('.');
      if (dot >= 0) {
        byExtension.computeIfAbsent(suffix.substring(dot + 1), k -> new ArrayList<>(1)).add(e);
        return;
      }
    }
    for (int i = segs.length - 1; i >= 0; i--) {
      if (segs[i] == PathGlob.Segment.ANY_SEGMENTS) {
        continue;
      }
      String prefix = segs[i].literalPrefix();
      if (!prefix.isEmpty()) {
        byPrefix.computeIfAbsent(prefix.substring(0, Math.min(PREFIX_KEY, prefix.length())),
            k -> new ArrayList<>(1)).add(e);
        return;
      }
    }
    general.add(e);
  }

  /** The label of the first-added glob matching {@code foldedSegments}, or null. */
  String firstMatch(List<String> foldedSegments) {
    if (!built) {
      throw new IllegalStateException("GlobIndex is not built yet");
    }
    int best = scan(general, foldedSegments, Integer.MAX_VALUE);
    // A bucket already scanned for an earlier segment is not scanned again: the set only for long paths, where a
    // linear look back would cost more than it saves.
    Set<String> seen = foldedSegments.size() > SHORT_PATH ? new HashSet<>() : null;
    for (int i = 0; i < foldedSegments.size(); i++) {
      String s = foldedSegments.get(i);
      if (seen != null ? !seen.add(s) : earlierSegment(foldedSegments, i)) {
        continue;
      }
      best = scan(bySegment.get(s), foldedSegments, best);
      int dot = s.lastIndexOf('.');
      if (dot >= 0 && (seen != null ? seen.add("\0e" + s.substring(dot + 1))
          : !earlierExtension(foldedSegments, i, dot))) {
        best = scan(extensions.get(s, dot + 1, s.length()), foldedSegments, best);
      }
      for (int k = 1; k <= PREFIX_KEY && k <= s.length(); k++) {
        if (seen != null ? seen.add("\0p" + s.substring(0, k)) : !earlierPrefix(foldedSegments, i, k)) {
          best = scan(prefixes.get(s, 0, k), foldedSegments, best);
        }
      }
    }
    return best == Integer.MAX_VALUE ? null : labels.get(best);
  }

  /** Whether a segment before {@code i} equals segment {@code i}. */
  private static boolean earlierSegment(List<String> segments, int i) {
    String s = segments.get(i);
    for (int j = 0; j < i; j++) {
      if (segments.get(j).equals(s)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a segment before {@code i} has the same extension (text after the last dot) as segment {@code i}. */
  private static boolean earlierExtension(List<String> segments, int i, int dot) {
    String s = segments.get(i);
    for (int j = 0; j < i; j++) {
      String t = segments.get(j);
      int d = t.lastIndexOf('.');
      if (d >= 0 && t.length() - d == s.length() - dot && t.regionMatches(d, s, dot, s.length() - dot)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a segment before {@code i} starts with the first {@code k} characters of segment {@code i}. */
  private static boolean earlierPrefix(List<String> segments, int i, int k) {
    String s = segments.get(i);
    for (int j = 0; j < i; j++) {
      String t = segments.get(j);
      if (t.length() >= k && t.regionMatches(0, s, 0, k)) {
        return true;
      }
    }
    return false;
  }

  private static int scan(List<Entry> entries, List<String> segments, int best) {
    if (entries == null) {
      return best;
    }
    for (Entry e : entries) {
      if (e.order() < best && e.alternative().matches(segments)) {
        best = e.order();
      }
    }
    return best;
  }
}
