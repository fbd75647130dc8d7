package dev.agentguard.core.net;

import dev.agentguard.api.CheckNames;
import dev.agentguard.api.Decision;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The resolution half of the network check: asks the {@link HostResolver} about a name (treating a resolver that
 * throws, or answers {@code null}, as a failed resolution) and judges each answer against the blocked address
 * ranges and the policy's {@code cidr:} rules. Thread-safe and immutable.
 */
final class NameResolution {

  private final HostResolver resolver;
  private final HostRuleIndex index;

  NameResolution(HostResolver resolver, HostRuleIndex index) {
    this.resolver = resolver;
    this.index = index;
  }

  /** The resolver's answers, copied; a misbehaving resolver is reported as a failed resolution. */
  List<InetAddress> resolve(String name) throws UnknownHostException {
    List<InetAddress> answers;
    try {
      answers = resolver.resolve(name);
    } catch (UnknownHostException e) {
      throw e;
    } catch (RuntimeException e) {
      UnknownHostException u = new UnknownHostException(name + ": resolver failed: " + e.getMessage());
      u.initCause(e);
      throw u;
    }
    if (answers == null) {
      throw new UnknownHostException(name + ": resolver returned no list");
    }
    for (InetAddress a : answers) {
      if (a == null) {
        throw new UnknownHostException(name + ": resolver returned a null address");
      }
    }
    return List.copyOf(answers);
  }

  /** The DENY for the first answer that may not be reached, else {@code null}. */
  Decision firstBlocked(StrictUrl u, List<InetAddress> answers) {
    for (InetAddress a : answers) {
      Decision bad = judgeAnswer(u, a);
      if (bad != null) {
        return bad;
      }
    }
    return null;
  }

  /** Returns a DENY if answer {@code a} may not be reached, else {@code null}. */
  private Decision judgeAnswer(StrictUrl u, InetAddress a) {
    byte[] b = a.getAddress();
    AddressRanges.Finding meta = AddressRanges.metadata(b);
    if (meta != null) {
      return Decision.deny(CheckNames.NETWORK, meta.rule(), u.host() + " resolves to a blocked address: "
          + meta.reason());
    }
    AddressRanges.Finding priv = AddressRanges.nonPublic(b);
    if (priv == null || cidrAllows(u, a)) {
      return null;
    }
    return Decision.deny(CheckNames.NETWORK, priv.rule(), u.host() + " resolves to a blocked address: "
        + priv.reason() + "; only a cidr rule opens it");
  }

  /** An ALLOW if the name resolves, and every answer lies in a cidr rule open on the port; else {@code null}. */
  ResolvedTarget cidrOnly(StrictUrl u) {
    if (!index.hasCidrRules()) {
      return null;
    }
    try {
      List<InetAddress> answers = resolve(u.host());
      if (!answers.isEmpty() && answers.stream().allMatch(a -> cidrAllows(u, a))) {
        return new ResolvedTarget(Decision.allow(CheckNames.NETWORK, NetworkCheck.CIDR, u.host() + " port "
            + u.port() + " resolves to " + format(answers) + ", all opened by cidr rules"), u, answers);
      }
    } catch (UnknownHostException e) {
      // no answers: the name's own verdict stands
    }
    return null;
  }

  private boolean cidrAllows(StrictUrl u, InetAddress a) {
    byte[] b = a.getAddress();
    if (AddressRanges.metadata(b) != null) {
      return false;
    }
    for (HostRuleIndex.CidrRule c : index.matchCidr(b)) {
      if (c.rule().allowsPort(u.scheme(), u.port())) {
        return true;
      }
    }
    return false;
  }

  /** The answers as a reason shows them: formatted addresses, comma-separated. */
  static String format(List<InetAddress> answers) {
    if (answers.size() == 1) {
      return IpAddresses.format(answers.get(0));
    }
    StringBuilder out = new StringBuilder();
    for (InetAddress a : answers) {
      out.append(out.length() == 0 ? "" : ", ").append(IpAddresses.format(a));
    }
    return out.toString();
  }
}
