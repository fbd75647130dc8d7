package dev.agentguard.core.internal.session;

import com.google.common.hash.Hashing;
import dev.agentguard.api.CheckNames;
import dev.agentguard.api.Decision;
import dev.agentguard.api.Evaluation;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolResult;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.text.UntrustedText;
import dev.agentguard.core.fs.FileSystemCheck;
import dev.agentguard.core.session.SessionLabel;
import dev.agentguard.core.session.SessionLimits;
import dev.agentguard.core.session.SessionPolicy;
import dev.agentguard.core.session.SessionSnapshot;
import dev.agentguard.core.telemetry.Redactor;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Judges calls by what their conversation has seen, and keeps that state. Before a call: flow rules, the lethal
 * trifecta, budgets, loop detection and the approvals cap, decided and recorded in one atomic step per
 * conversation. After it: secrets in the result label the conversation private and, by policy, are masked.
 * Thread-safe.
 */
public final class SessionGuard {

  private final CompiledSession policy;
  private final Redactor redactor;
  private final Clock clock;
  private final Sessions sessions;

  /**
   * Creates the session guard for {@code policy}.
   *
   * @param redactor finds secrets in tool results
   * @param clock time for rates and idle expiry
   * @param policy the policy's {@code session} section
   * @param limits how many conversations and fingerprints are kept, and for how long
   */
  public SessionGuard(SessionPolicy policy, Redactor redactor, Clock clock, SessionLimits limits) {
    this.policy = new CompiledSession(Objects.requireNonNull(policy, "policy must not be null"));
    this.redactor = Objects.requireNonNull(redactor, "redactor must not be null");
    this.clock = Objects.requireNonNull(clock, "clock must not be null");
    this.sessions = new Sessions(Objects.requireNonNull(limits, "limits must not be null"), clock);
  }

  /**
   * The section this guard enforces.
   *
   * @return the section
   */
  public SessionPolicy policy() {
    return policy.policy;
  }

  /**
   * Adds the session's decisions to {@code base} without recording anything: what the call would get now.
   *
   * @param files what the filesystem check resolved for the call
   * @param hosts the hosts of the call's URLs
   * @param base the judgement of the other checks
   * @return {@code base} with the session's decisions added
   */
  public Evaluation preview(Evaluation base, List<FileSystemCheck.ResolvedFile> files, List<String> hosts) {
    ToolCall call = base.call();
    CallLabels labels = CallLabels.of(policy, call, base.resources(), files, hosts);
    String id = call.context().conversationId().orElse(null);
    Session session = id == null ? sessions.get(null) : sessions.peek(id).orElseGet(() -> new Session(id, 1));
    long now = clock.millis();
    synchronized (session) {
      List<Decision> extra = judge(session, call, labels,
          policy.policy.budgets().maxIdentical() > 0 ? fingerprint(call) : 0, now, base);
      return attach(base, extra, combine(base.decision(), extra), state(session, now, labels));
    }
  }

  /**
   * Adds the session's decisions to {@code base} and, when the call will run or be put to a person (it is not
   * denied, or the policy only audits), records it in its conversation in the same atomic step: its labels,
   * one call of each budget, one approval when it needs one.
   *
   * @param base the judgement of the other checks
   * @param files what the filesystem check resolved for the call
   * @param hosts the hosts of the call's URLs
   * @return {@code base} with the session's decisions added
   */
  public Evaluation admit(Evaluation base, List<FileSystemCheck.ResolvedFile> files, List<String> hosts) {
    ToolCall call = base.call();
    CallLabels labels = CallLabels.of(policy, call, base.resources(), files, hosts);
    long fingerprint = policy.policy.budgets().maxIdentical() > 0 ? fingerprint(call) : 0;
    long toolBits = policy.toolBits(call.toolName());
    Session session = sessions.get(call.context().conversationId().orElse(null));
    long now = clock.millis();
    synchronized (session) {
      List<Decision> extra = judge(session, call, labels, fingerprint, now, base);
      Decision decision = combine(base.decision(), extra);
      if (!base.enforced() || decision.verdict() != Verdict.DENY) {
        if (labels.bits != 0) {
          for (SessionLabel l : SessionLabel.values()) {
            if (labels.has(l)) {
              session.see(CallLabels.bit(l), describeCall(call, labels.detail(l)));
            }
          }
        }
        if (toolBits != 0) {
          session.see(toolBits, "");
        }
        SessionPolicy.Budgets b = policy.policy.budgets();
        session.admit(now, b.perMinute(), b.maxIdentical() > 0, fingerprint, decision.verdict() == Verdict.ASK);
      }
      return attach(base, extra, decision, state(session, now, labels));
    }
  }

  /**
   * Passes a tool's result through the session: a secret the redactor finds labels the conversation private
   * and, with {@code results: redact}, is masked in the result returned. Never throws for a result it cannot
   * scan: such a result labels the session private and, under {@code redact}, is withheld.
   *
   * @param call the call that produced the result
   * @param result what the tool returned
   * @return the result, masked or withheld where the policy says so
   */
  public ToolResult onResult(ToolCall call, ToolResult result) {
    SessionPolicy.Results mode = policy.policy.results();
    if (mode == SessionPolicy.Results.OFF || result == null) {
      return result;
    }
    String masked;
    try {
      masked = redactor.redactText(result.content());
    } catch (RuntimeException e) {
      masked = null;
    }
    if (masked != null && masked.equals(result.content())) {
      return result;
    }
    Session session = sessions.get(call.context().conversationId().orElse(null));
    synchronized (session) {
      session.see(CallLabels.bit(SessionLabel.PRIVATE), describeCall(call, "a secret in its result"));
    }
    if (mode == SessionPolicy.Results.REDACT) {
      return new ToolResult(masked == null
          ? "[result withheld by agent-guard: it could not be scanned for secrets]" : masked, result.error());
    }
    return result;
  }

  /**
   * The state of {@code conversationId}'s session, if one is kept.
   *
   * @param conversationId the conversation's id
   * @return the session's labels and counts, or empty
   */
  public Optional<SessionSnapshot> snapshot(String conversationId) {
    long now = clock.millis();
    return sessions.peek(conversationId).map(s -> {
      synchronized (s) {
        return s.snapshot(now);
      }
    });
  }

  /**
   * Forgets {@code conversationId}'s session: labels, budgets and counts start again.
   *
   * @param conversationId the conversation's id
   */
  public void reset(String conversationId) {
    sessions.reset(conversationId);
  }

  /**
   * Conversations kept now.
   *
   * @return the number of conversations with state
   */
  public long size() {
    return sessions.size();
  }

  private List<Decision> judge(Session s, ToolCall call, CallLabels labels, long fingerprint, long now,
      Evaluation base) {
    List<Decision> out = new ArrayList<>(2);
    SessionRules.flowRules(policy, s, call, labels, out);
    SessionRules.trifecta(policy, s, labels, out);
    SessionRules.budgets(policy, s, call, fingerprint, now, out);
    if (combine(base.decision(), out).verdict() == Verdict.ASK) {
      SessionRules.approvals(policy, s, out);
    }
    return out;
  }

  /**
   * The deny-overrides combination of the base decisions followed by {@code extra}, from the base's own
   * combined decision: what {@link Evaluation#combine} gives for the concatenated list, without building it.
   */
  static Decision combine(Decision base, List<Decision> extra) {
    if (base.verdict() == Verdict.DENY || extra.isEmpty()) {
      return base;
    }
    Decision firstAsk = base.verdict() == Verdict.ASK ? base : null;
    for (Decision d : extra) {
      if (d.verdict() == Verdict.DENY) {
        return d;
      }
      if (firstAsk == null && d.verdict() == Verdict.ASK) {
        firstAsk = d;
      }
    }
    return firstAsk != null ? firstAsk : base;
  }

  /** The session's state as one line (see {@link SessionSnapshot#describe()}), built from cached parts. */
  private String state(Session s, long now, CallLabels labels) {
    return s.describeState(now, policy.policy.budgets().perMinute() > 0) + "; this call: " + labels.describe();
  }

  /** {@code base} with {@code extra} and the session's state (an ALLOW that never decides) attached. */
  private static Evaluation attach(Evaluation base, List<Decision> extra, Decision decision, String state) {
    List<Decision> all = new ArrayList<>(base.decisions().size() + extra.size() + 1);
    all.addAll(base.decisions());
    all.addAll(extra);
    all.add(Decision.allow(CheckNames.SESSION, SessionPolicy.RULE_STATE, state));
    return new Evaluation(base.call(), base.resources(), all, decision, base.enforced());
  }

  private static long fingerprint(ToolCall call) {
    return Hashing.murmur3_128().newHasher()
        .putUnencodedChars(call.toolName())
        .putChar('\0')
        .putUnencodedChars(call.argumentsJson())
        .hash().asLong();
  }

  static String describeCall(ToolCall call, String detail) {
    return "call " + UntrustedText.printable(call.id(), 64) + " " + UntrustedText.printable(call.toolName(), 64)
        + (detail == null ? "" : ": " + detail);
  }
}
