package dev.agentguard.core.internal.session;

import dev.agentguard.core.session.SessionLabel;
import dev.agentguard.core.session.SessionLimits;
import dev.agentguard.core.session.SessionSnapshot;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One conversation's mutable state. Every read and write happens while holding this object's monitor, so a
 * decision and the update it implies are one atomic step: no label is lost and no budget spent twice when many
 * threads share the conversation.
 */
final class Session {

  private static final long MINUTE_MILLIS = 60_000L;
  private static final long LABEL_BITS = (1L << SessionLabel.values().length) - 1;

  private final String id;
  private final int maxFingerprints;
  /** Labels (bits 0-2) and the flow rules' after-tools (bit 3 + index) the session has seen. */
  private long seen;
  private final String[] origins = new String[SessionLabel.values().length];
  private int calls;
  private int approvals;
  /** Admission times (epoch millis) of the calls of the last minute, oldest first, as a ring. */
  private long[] recent = new long[0];
  private int recentStart;
  private int recentCount;
  private LinkedHashMap<Long, int[]> identical;
  /** The first part of the state line (conversation and labels); rebuilt when a label is added. */
  private String labelText;

  Session(String id, int maxFingerprints) {
    this.id = id;
    this.maxFingerprints = maxFingerprints;
  }

  String id() {
    return id;
  }

  long seen() {
    return seen;
  }

  int calls() {
    return calls;
  }

  int approvals() {
    return approvals;
  }

  String origin(SessionLabel label) {
    return origins[label.ordinal()];
  }

  /** Sets {@code bits}; a label bit not held before remembers {@code origin}. */
  void see(long bits, String origin) {
    long fresh = bits & ~seen;
    seen |= bits;
    if ((fresh & LABEL_BITS) != 0) {
      labelText = null;
    }
    for (SessionLabel l : SessionLabel.values()) {
      if ((fresh & CallLabels.bit(l)) != 0) {
        origins[l.ordinal()] = origin.length() > SessionLimits.MAX_ORIGIN_CHARS
            ? origin.substring(0, SessionLimits.MAX_ORIGIN_CHARS) + "..." : origin;
      }
    }
  }

  /** Calls admitted in the 60 seconds up to {@code now}. */
  int callsInLastMinute(long now) {
    int n = 0;
    for (int i = 0; i < recentCount; i++) {
      if (recent[(recentStart + i) % recent.length] > now - MINUTE_MILLIS) {
        n++;
      }
    }
    return n;
  }

  /** Millis until the oldest call of the last minute leaves the window. */
  long millisUntilSlot(long now) {
    for (int i = 0; i < recentCount; i++) {
      long t = recent[(recentStart + i) % recent.length];
      if (t > now - MINUTE_MILLIS) {
        return Math.max(1, t + MINUTE_MILLIS - now);
      }
    }
    return 0;
  }

  int identicalCount(long fingerprint) {
    if (identical == null) {
      return 0;
    }
    int[] n = identical.get(fingerprint);
    return n == null ? 0 : n[0];
  }

  /** Records an admitted call. {@code perMinute} 0: times are not kept; {@code fingerprint} used when tracked. */
  void admit(long now, int perMinute, boolean trackFingerprint, long fingerprint, boolean asked) {
    calls = calls == Integer.MAX_VALUE ? calls : calls + 1;
    if (asked && approvals < Integer.MAX_VALUE) {
      approvals++;
    }
    if (perMinute > 0) {
      remember(now, perMinute);
    }
    if (trackFingerprint) {
      if (identical == null) {
        identical = new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<Long, int[]> eldest) {
            return size() > maxFingerprints;
          }
        };
      }
      identical.computeIfAbsent(fingerprint, k -> new int[1])[0]++;
    }
  }

  private void remember(long now, int perMinute) {
    if (recent.length != perMinute) {
      long[] next = new long[perMinute];
      int keep = Math.min(recentCount, perMinute);
      for (int i = 0; i < keep; i++) {
        next[i] = recent[(recentStart + recentCount - keep + i) % recent.length];
      }
      recent = next;
      recentStart = 0;
      recentCount = keep;
    }
    if (recentCount == recent.length) {
      recent[recentStart] = now;
      recentStart = (recentStart + 1) % recent.length;
    } else {
      recent[(recentStart + recentCount) % recent.length] = now;
      recentCount++;
    }
  }

  /** As {@link SessionSnapshot#describe()}, reusing the label text until a label is added. */
  String describeState(long now, boolean withRate) {
    if (labelText == null) {
      labelText = snapshot(now).describeLabels();
    }
    return labelText + "; calls " + calls + (withRate ? "; last minute " + callsInLastMinute(now) : "")
        + "; approvals " + approvals;
  }

  SessionSnapshot snapshot(long now) {
    Map<SessionLabel, String> o = new EnumMap<>(SessionLabel.class);
    for (SessionLabel l : SessionLabel.values()) {
      if ((seen & CallLabels.bit(l)) != 0) {
        o.put(l, origins[l.ordinal()]);
      }
    }
    return new SessionSnapshot(id, o, calls, callsInLastMinute(now), approvals);
  }
}
