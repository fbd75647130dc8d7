package dev.agentguard.core.internal.session;

import dev.agentguard.api.Access;
import dev.agentguard.api.Resource;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.text.UntrustedText;
import dev.agentguard.core.fs.FileSystemCheck;
import dev.agentguard.core.glob.NameGlob;
import dev.agentguard.core.session.SessionLabel;
import dev.agentguard.core.session.SessionPolicy;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The labels one call carries, derived from what the checks resolved: a read of a private path is
 * {@code private}; a URL whose host is not trusted, a network command, or a tool marked untrusted is
 * {@code untrusted}; a URL whose host is not same-origin, a network command, or a write outside the workspace is
 * {@code egress}. Each label keeps a short description of what set it.
 */
final class CallLabels {

  /**
   * Programs that reach the network. A command is judged by every word of its line, so {@code env curl} and
   * {@code sh -c 'wget ...'} count too; a false positive only makes the session stricter.
   */
  private static final Set<String> NETWORK_PROGRAMS = Set.of(
      "curl", "wget", "nc", "ncat", "netcat", "socat", "telnet", "ssh", "scp", "sftp", "rsync", "ftp", "tftp",
      "xh", "aria2c", "lynx", "links", "w3m", "httpie", "nslookup", "dig", "ping",
      "mail", "sendmail", "mutt", "s3cmd", "aws", "gcloud", "gsutil", "az", "kubectl", "docker", "podman",
      "gh", "npm", "npx", "pnpm", "yarn", "pip", "pip3", "gem", "cargo", "go", "mvn", "gradle");
  private static final Set<String> NETWORK_GIT = Set.of(
      "push", "pull", "fetch", "clone", "ls-remote", "remote", "submodule", "send-email", "request-pull");

  /** A call with no label. */
  static final CallLabels NONE = new CallLabels(0, null, null, null);

  final long bits;
  final String privateDetail;
  final String untrustedDetail;
  final String egressDetail;

  private CallLabels(long bits, String privateDetail, String untrustedDetail, String egressDetail) {
    this.bits = bits;
    this.privateDetail = privateDetail;
    this.untrustedDetail = untrustedDetail;
    this.egressDetail = egressDetail;
  }

  boolean has(SessionLabel label) {
    return (bits & bit(label)) != 0;
  }

  String detail(SessionLabel label) {
    switch (label) {
      case PRIVATE:
        return privateDetail;
      case UNTRUSTED:
        return untrustedDetail;
      default:
        return egressDetail;
    }
  }

  static CallLabels of(CompiledSession policy, ToolCall call, List<Resource> resources,
      List<FileSystemCheck.ResolvedFile> files, List<String> hosts) {
    String priv = null;
    String untrusted = null;
    String egress = null;
    for (FileSystemCheck.ResolvedFile f : files) {
      if (f.verdict() == Verdict.DENY) {
        continue;
      }
      if (priv == null && f.resource().access() == Access.READ && f.sessionPrivate()) {
        priv = "read " + UntrustedText.printable(f.resource().path(), 120);
      }
      if (egress == null && f.resource().access() == Access.WRITE && !f.insideWorkspace()) {
        egress = "write outside the workspace: " + UntrustedText.printable(f.resource().path(), 120);
      }
    }
    for (String host : hosts) {
      if (host == null) {
        continue;
      }
      if (untrusted == null && !policy.trusted(host)) {
        untrusted = "content from " + host;
      }
      if (egress == null && !policy.sameOrigin(host)) {
        egress = "network to " + host;
      }
    }
    for (Resource r : resources) {
      if (r instanceof Resource.CommandExec) {
        String program = networkProgram((Resource.CommandExec) r);
        if (program != null) {
          untrusted = untrusted == null ? "output of " + program : untrusted;
          egress = egress == null ? "command " + program + " reaches the network" : egress;
        }
      }
    }
    if (untrusted == null && (policy.untrustedTool(call.toolName())
        || "true".equals(call.context().attributes().get(SessionPolicy.UNTRUSTED_ATTRIBUTE))
        || "true".equals(call.context().attributes().get(SessionPolicy.OPEN_WORLD_ATTRIBUTE)))) {
      untrusted = "output of untrusted tool " + UntrustedText.printable(call.toolName(), 64);
    }
    if (priv == null && untrusted == null && egress == null) {
      return NONE;
    }
    long bits = (priv != null ? bit(SessionLabel.PRIVATE) : 0)
        | (untrusted != null ? bit(SessionLabel.UNTRUSTED) : 0)
        | (egress != null ? bit(SessionLabel.EGRESS) : 0);
    return new CallLabels(bits, priv, untrusted, egress);
  }

  /** The call's labels with what set each, such as {@code egress (network to x.com)}, or {@code none}. */
  String describe() {
    if (bits == 0) {
      return "none";
    }
    StringBuilder b = new StringBuilder();
    for (SessionLabel l : SessionLabel.values()) {
      if (has(l)) {
        b.append(b.length() == 0 ? "" : ", ").append(l.label()).append(" (").append(detail(l)).append(')');
      }
    }
    return b.toString();
  }

  /** The first network program a command names, or {@code null}. */
  static String networkProgram(Resource.CommandExec command) {
    String[] words = command.isCommandLine()
        ? command.commandLine().split("[\\s;&|()`$<>'\"=]+") : command.argv().toArray(new String[0]);
    for (int i = 0; i < words.length; i++) {
      String w = words[i];
      int slash = w.lastIndexOf('/');
      String name = (slash >= 0 ? w.substring(slash + 1) : w).toLowerCase(Locale.ROOT);
      if (NETWORK_PROGRAMS.contains(name)) {
        return name;
      }
      if (name.equals("git")) {
        for (int j = i + 1; j < words.length; j++) {
          if (NETWORK_GIT.contains(words[j])) {
            return "git " + words[j];
          }
        }
      }
    }
    return null;
  }

  /** Whether {@code glob} (a flow rule's after-tool or tool) matches {@code tool}. */
  static boolean toolMatches(String glob, String tool) {
    return NameGlob.matches(glob, tool);
  }

  /** The bit of {@code label} in a session's set of seen items. */
  static long bit(SessionLabel label) {
    return 1L << label.ordinal();
  }
}
