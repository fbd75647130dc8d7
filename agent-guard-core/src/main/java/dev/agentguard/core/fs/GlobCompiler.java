package dev.agentguard.core.fs;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the compiled form of a path glob from one brace-free token sequence: segment matchers, with {@code .}
 * and {@code name/..} folded away, {@code **} runs merged and unanchored globs prefixed by {@code **}.
 */
final class GlobCompiler {

  private GlobCompiler() {}

  /** The alternative {@code tokens} spell; the message of a refusal is completed by the caller. */
  static PathGlob.Alternative alternative(List<GlobToken> tokens, boolean ignoreCase) {
    boolean anchored = !tokens.isEmpty() && tokens.get(0).kind == GlobToken.SEP;
    List<PathGlob.Segment> segs = new ArrayList<>();
    if (!anchored) {
      segs.add(PathGlob.Segment.ANY_SEGMENTS);
    }
    List<GlobToken> current = new ArrayList<>();
    boolean explicitAny = false;
    for (int k = 0; k <= tokens.size(); k++) {
      GlobToken t = k < tokens.size() ? tokens.get(k) : null;
      if (t == null || t.kind == GlobToken.SEP) {
        if (!current.isEmpty()) {
          explicitAny |= addSegment(segs, current, ignoreCase) == PathGlob.Segment.ANY_SEGMENTS;
          current = new ArrayList<>();
        }
      } else {
        current.add(t);
      }
    }
    if (!anchored && segs.size() == 1 && !explicitAny) {
      throw new IllegalArgumentException("nothing is left to match once '.' and '..' are folded");
    }
    return new PathGlob.Alternative(anchored, segs.toArray(new PathGlob.Segment[0]));
  }

  private static PathGlob.Segment addSegment(List<PathGlob.Segment> segs, List<GlobToken> tokens,
      boolean ignoreCase) {
    PathGlob.Segment seg = segment(tokens, ignoreCase);
    if (seg.isLiteral() && seg.literal.equals(".")) {
      return seg; // "./x" is "x": paths are matched after "." is folded
    }
    if (seg.isLiteral() && seg.literal.equals("..")) {
      // "/a/b/../c" is "/a/c"; ".." after a wildcard has no single meaning
      PathGlob.Segment previous = segs.isEmpty() ? null : segs.get(segs.size() - 1);
      if (previous == null || !previous.isLiteral()) {
        throw new IllegalArgumentException("'..' may only follow a literal directory name in a glob");
      }
      segs.remove(segs.size() - 1);
      return seg;
    }
    if (seg == PathGlob.Segment.ANY_SEGMENTS && !segs.isEmpty()
        && segs.get(segs.size() - 1) == PathGlob.Segment.ANY_SEGMENTS) {
      return seg; // "**/**" is "**"
    }
    segs.add(seg);
    return seg;
  }

  /** One segment's matcher: {@code **}, a literal (folded when ignoring case), or a compacted pattern. */
  static PathGlob.Segment segment(List<GlobToken> tokens, boolean ignoreCase) {
    boolean allStars = true;
    boolean allChars = true;
    for (GlobToken t : tokens) {
      allStars &= t.kind == GlobToken.STAR;
      allChars &= t.kind == GlobToken.CHAR;
    }
    if (allStars && tokens.size() >= 2) {
      return PathGlob.Segment.ANY_SEGMENTS;
    }
    if (allChars) {
      StringBuilder b = new StringBuilder(tokens.size());
      for (GlobToken t : tokens) {
        b.append(ignoreCase ? PathGlob.foldChar(t.c) : t.c);
      }
      return new PathGlob.Segment(b.toString(), null, ignoreCase);
    }
    List<GlobToken> compact = new ArrayList<>(tokens.size());
    for (GlobToken t : tokens) {
      if (t.kind == GlobToken.STAR && !compact.isEmpty() && compact.get(compact.size() - 1).kind == GlobToken.STAR) {
        continue;
      }
      if (t.kind == GlobToken.CHAR && ignoreCase) {
        compact.add(new GlobToken(GlobToken.CHAR, PathGlob.foldChar(t.c), null));
      } else {
        compact.add(t);
      }
    }
    return new PathGlob.Segment(null, compact.toArray(new GlobToken[0]), ignoreCase);
  }
}
