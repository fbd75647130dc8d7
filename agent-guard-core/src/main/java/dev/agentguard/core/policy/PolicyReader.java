package dev.agentguard.core.policy;

import com.fasterxml.jackson.core.JsonToken;
import dev.agentguard.api.Durations;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.policy.LocatedTree.Field;
import dev.agentguard.core.policy.LocatedTree.Node;
import dev.agentguard.core.policy.LocatedTree.Obj;
import dev.agentguard.core.policy.LocatedTree.Scalar;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Walks a located tree against the policy-file schema (docs/policy-file.md), collecting every error. The
 * document's own keys and the small settings sections are read here; each rule section has its own reader.
 */
final class PolicyReader {

  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h|d)");

  private final PolicyFields in;

  PolicyReader(String file) {
    this.in = new PolicyFields(file);
  }

  List<PolicyError> errors() {
    return in.errors();
  }

  /** The scalar settings the file set explicitly, as dotted key paths (for layering). */
  Set<String> present() {
    return in.present();
  }

  void error(int line, int column, String message) {
    in.error(line, column, message);
  }

  /** Returns the policy, or {@code null} when there were errors (see {@link #errors()}). */
  Policy read(Node root) {
    Obj doc = in.object(root, "the policy");
    if (doc == null) {
      return null;
    }
    in.keys(doc, "the policy", "version", "mode", "defaults", "filesystem", "network", "commands", "tools",
        "rules", "approvals", "sandbox", "session", "mcp");
    Map<String, Field> f = doc.fields();
    version(doc);
    Policy.Builder b = Policy.builder();
    mode(f.get("mode"), b);
    defaults(f.get("defaults"), b);
    var fs = new FileSystemSection(in).read(f.get("filesystem"));
    var net = new NetworkSection(in).read(f.get("network"));
    var commands = new CommandSection(in).read(f.get("commands"));
    var tools = new ToolSection(in).read(f.get("tools"));
    var rules = new RuleSection(in).read(f.get("rules"));
    ApprovalSettings approvals = approvals(f.get("approvals"));
    SandboxSettings sandbox = sandbox(f.get("sandbox"));
    var session = new SessionSection(in).read(f.get("session"));
    McpSettings mcp = new McpSection(in).read(f.get("mcp"));
    if (!in.errors().isEmpty()) {
      return null;
    }
    Policy base = b.build();
    try {
      return new Policy(1, base.mode(), base.unknownTool(), fs, net, commands, tools, rules, approvals, sandbox,
          session, mcp);
    } catch (IllegalArgumentException e) {
      in.error(doc, e.getMessage());
      return null;
    }
  }

  private void version(Obj doc) {
    Field version = doc.fields().get("version");
    if (version == null) {
      in.error(doc, "missing key 'version' (expected version: 1)");
      return;
    }
    Scalar v = in.scalar(version.value(), "version", true);
    if (v != null && !v.isInteger()) {
      in.error(version.value(), "version must be the number 1, got " + PolicyFields.describe(v));
    } else if (v != null && !"1".equals(v.text())) {
      in.error(version.value(), "unsupported version " + v.text() + ": expected 1");
    }
  }

  private void mode(Field mode, Policy.Builder b) {
    if (mode == null) {
      return;
    }
    in.markPresent("mode");
    String m = in.string(mode.value(), "mode");
    if (m != null) {
      try {
        b.mode(Mode.fromLabel(m));
      } catch (IllegalArgumentException e) {
        in.error(mode.value(), e.getMessage());
      }
    }
  }

  private void defaults(Field defaults, Policy.Builder b) {
    Obj d = defaults == null ? null : in.object(defaults.value(), "defaults");
    if (d == null) {
      return;
    }
    in.keys(d, "defaults", "unknownTool");
    if (d.fields().containsKey("unknownTool")) {
      in.markPresent("defaults.unknownTool");
    }
    Verdict v = in.verdict(d.fields().get("unknownTool"), "defaults.unknownTool");
    if (v != null) {
      b.unknownTool(v);
    }
  }

  private ApprovalSettings approvals(Field field) {
    Obj o = field == null ? null : in.object(field.value(), "approvals");
    if (o == null) {
      return ApprovalSettings.DEFAULTS;
    }
    in.keys(o, "approvals", "timeout");
    Field t = o.fields().get("timeout");
    if (t == null) {
      return ApprovalSettings.DEFAULTS;
    }
    in.markPresent("approvals.timeout");
    String text = in.scalarText(t.value(), "approvals.timeout");
    if (text == null) {
      return ApprovalSettings.DEFAULTS;
    }
    Duration d = duration(text);
    if (!Durations.isPositive(d)) {
      in.error(t.value(), "invalid duration '" + text + "': expected a positive duration such as 30s, 5m or 1h");
      return ApprovalSettings.DEFAULTS;
    }
    return new ApprovalSettings(d);
  }

  private SandboxSettings sandbox(Field field) {
    Obj o = field == null ? null : in.object(field.value(), "sandbox");
    if (o == null) {
      return SandboxSettings.DEFAULTS;
    }
    in.keys(o, "sandbox", "mode");
    Field m = o.fields().get("mode");
    if (m == null) {
      in.error(o, "missing key 'mode' in sandbox (expected mode: required, preferred or off)");
      return SandboxSettings.DEFAULTS;
    }
    in.markPresent("sandbox.mode");
    // YAML 1.1 reads a bare off as the boolean false; the mode named off is what was written.
    boolean bareOff = PolicyFields.hasToken(m.value(), JsonToken.VALUE_FALSE)
        && "off".equals(((Scalar) m.value()).text());
    String text = bareOff ? "off" : in.string(m.value(), "sandbox.mode");
    if (text == null) {
      return SandboxSettings.DEFAULTS;
    }
    try {
      return new SandboxSettings(SandboxMode.fromLabel(text));
    } catch (IllegalArgumentException e) {
      in.error(m.value(), e.getMessage());
      return SandboxSettings.DEFAULTS;
    }
  }

  static Duration duration(String text) {
    String s = text.strip();
    Matcher m = DURATION.matcher(s);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      switch (m.group(2)) {
        case "ms":
          return Duration.ofMillis(n);
        case "s":
          return Duration.ofSeconds(n);
        case "m":
          return Duration.ofMinutes(n);
        case "h":
          return Duration.ofHours(n);
        default:
          return Duration.ofDays(n);
      }
    }
    if (s.startsWith("P") || s.startsWith("p")) {
      try {
        return Duration.parse(s);
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    return null;
  }
}
