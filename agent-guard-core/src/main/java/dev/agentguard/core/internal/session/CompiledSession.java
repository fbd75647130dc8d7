package dev.agentguard.core.internal.session;

import dev.agentguard.core.glob.GlobSyntax;
import dev.agentguard.core.session.SessionLabel;
import dev.agentguard.core.session.SessionPolicy;
import java.util.List;

/** A {@link SessionPolicy} prepared for matching: host lists, untrusted tools and the after-tools' bits. */
final class CompiledSession {

  /** The first bit used for the flow rules' after-tools (bits below are the labels). */
  static final int TOOL_BIT_BASE = SessionLabel.values().length;

  final SessionPolicy policy;
  private final List<String> afterTools;
  private final long[] ruleAfterBits;

  CompiledSession(SessionPolicy policy) {
    this.policy = policy;
    this.afterTools = policy.afterTools();
    this.ruleAfterBits = new long[policy.rules().size()];
    for (int i = 0; i < ruleAfterBits.length; i++) {
      long bits = 0;
      for (String a : policy.rules().get(i).after()) {
        SessionLabel l = SessionLabel.fromLabel(a);
        bits |= l != null ? CallLabels.bit(l) : 1L << (TOOL_BIT_BASE + afterTools.indexOf(a));
      }
      ruleAfterBits[i] = bits;
    }
  }

  /** The bits that must all be seen before rule {@code index} applies. */
  long afterBits(int index) {
    return ruleAfterBits[index];
  }

  /** The after-tool bits a call to {@code tool} sets. */
  long toolBits(String tool) {
    long bits = 0;
    for (int i = 0; i < afterTools.size(); i++) {
      if (CallLabels.toolMatches(afterTools.get(i), tool)) {
        bits |= 1L << (TOOL_BIT_BASE + i);
      }
    }
    return bits;
  }

  boolean trusted(String host) {
    return matchesAny(policy.trusted(), host);
  }

  boolean sameOrigin(String host) {
    return matchesAny(policy.sameOrigin(), host);
  }

  boolean untrustedTool(String tool) {
    for (String glob : policy.untrustedTools()) {
      if (CallLabels.toolMatches(glob, tool)) {
        return true;
      }
    }
    return false;
  }

  /** Host patterns: {@code *} every host, {@code *.example.com} subdomains at any depth, else the exact host. */
  private static boolean matchesAny(List<String> patterns, String host) {
    for (String p : patterns) {
      if (p.equals(GlobSyntax.ANY_HOST) || p.equals(host) || p.startsWith(GlobSyntax.SUBDOMAINS)
          && host.endsWith(p.substring(GlobSyntax.SUBDOMAINS.length() - 1)) && host.length() > p.length() - 1) {
        return true;
      }
    }
    return false;
  }
}
