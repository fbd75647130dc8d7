package dev.agentguard.core.session;

import dev.agentguard.core.text.UntrustedText;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;

/**
 * What one conversation has seen, at one moment: its labels and the calls that set them, and how much of its
 * budgets it has used. Immutable.
 *
 * @param conversationId the conversation, or empty for a call that names none (a session of its own)
 * @param origins each label the session holds, with the earlier call (or result) that set it first
 * @param calls calls admitted so far
 * @param callsLastMinute calls admitted in the last 60 seconds
 * @param approvals calls that needed approval so far
 */
public record SessionSnapshot(
    String conversationId, Map<SessionLabel, String> origins, int calls, int callsLastMinute, int approvals) {

  /**
   * Validates the components.
   *
   * @param conversationId the conversation, or empty for a call that names none (a session of its own)
   * @param origins each label the session holds, with the earlier call (or result) that set it first
   * @param calls calls admitted so far
   * @param callsLastMinute calls admitted in the last 60 seconds
   * @param approvals calls that needed approval so far
   */
  public SessionSnapshot {
    Objects.requireNonNull(conversationId, "conversationId must not be null");
    EnumMap<SessionLabel, String> copy = new EnumMap<>(SessionLabel.class);
    copy.putAll(Objects.requireNonNull(origins, "origins must not be null"));
    origins = Collections.unmodifiableMap(copy);
  }

  /**
   * The labels the session holds.
   *
   * @return the labels, unmodifiable
   */
  public Set<SessionLabel> labels() {
    return origins.keySet();
  }

  /**
   * Whether the session holds {@code label}.
   *
   * @param label the label
   * @return whether the session holds it
   */
  public boolean has(SessionLabel label) {
    return origins.containsKey(label);
  }

  /**
   * The labels as one comma-separated attribute value ({@code private,untrusted}), empty when none.
   *
   * @return the labels joined by commas
   */
  public String labelList() {
    StringJoiner j = new StringJoiner(",");
    for (SessionLabel l : origins.keySet()) {
      j.add(l.label());
    }
    return j.toString();
  }

  /**
   * One line for people and for attributes:
   * {@code conversation c-1; labels: private (call 1 read_file ...), untrusted (...); calls 3; last minute 3;
   * approvals 0}.
   *
   * @return the description
   */
  public String describe() {
    return describeLabels() + "; calls " + calls + "; last minute " + callsLastMinute + "; approvals " + approvals;
  }

  /**
   * Describes the conversation and its labels with their origins: the first part of {@link #describe()}.
   *
   * @return the description
   */
  public String describeLabels() {
    StringBuilder b = new StringBuilder();
    b.append(conversationId.isEmpty() ? "no conversation (a session of its own)"
        : "conversation " + UntrustedText.printable(conversationId, 120));
    b.append("; labels: ");
    if (origins.isEmpty()) {
      b.append("none");
    } else {
      StringJoiner j = new StringJoiner(", ");
      origins.forEach((l, o) -> j.add(l.label() + " (" + o + ")"));
      b.append(j);
    }
    return b.toString();
  }
}
