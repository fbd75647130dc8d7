package dev.agentguard.bench;

import dev.agentguard.api.ToolDescriptor;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.fs.FileSystemRules.RootAccess;
import dev.agentguard.core.policy.Policy;

/** Policies with a chosen number of rules of every kind. */
public final class Policies {

  private Policies() {}

  /** A policy with {@code n} roots, {@code n} deny globs, {@code n} host rules and {@code n} command rules. */
  public static Policy withRules(int n) {
    Policy.Builder b = Policy.builder().schemes("https").commandDefault(Verdict.ASK).outsideRoots(Verdict.DENY);
    for (String root : Fixtures.roots(n)) {
      b.root(root, RootAccess.READ_WRITE);
    }
    for (String glob : Fixtures.denyGlobs(n)) {
      b.denyPath(glob);
    }
    for (String[] r : Fixtures.hostRules(n)) {
      if (r[0].equals("cidr")) {
        b.allowCidr(r[1]);
      } else {
        b.allowHost(r[1]);
      }
    }
    for (String[] r : Fixtures.commandRules(n)) {
      String[] prefix = new String[r.length - 1];
      System.arraycopy(r, 1, prefix, 0, prefix.length);
      b.commandRule(Verdict.valueOf(r[0].toUpperCase(java.util.Locale.ROOT)), prefix);
    }
    for (ToolDescriptor d : Fixtures.tools()) {
      b.tool(d);
    }
    return b.build();
  }

  /** The policy of a small real project: ten rules of each kind. */
  public static Policy typical() {
    return withRules(10);
  }
}
