package dev.agentguard.core.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentguard.api.Access;
import dev.agentguard.api.Durations;
import dev.agentguard.api.ResourceKind;
import dev.agentguard.api.ToolDescriptor;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.check.GuardEnvironment;
import dev.agentguard.core.exec.CommandRule;
import dev.agentguard.core.exec.CommandRules;
import dev.agentguard.core.fs.FileSystemRules;
import dev.agentguard.core.net.HostRule;
import dev.agentguard.core.net.NetworkRules;
import dev.agentguard.core.policy.LocatedTree.Arr;
import dev.agentguard.core.policy.LocatedTree.Field;
import dev.agentguard.core.policy.LocatedTree.Node;
import dev.agentguard.core.policy.LocatedTree.Obj;
import dev.agentguard.core.policy.LocatedTree.Scalar;
import dev.agentguard.core.session.SessionPolicy;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Walks a located tree against the policy-file schema (docs/policy-file.md), collecting every error. */
final class PolicyReader {

  private static final Set<String> KNOWN_SCHEMES = Set.of("http", "https", "ws", "wss", "ftp");
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h|d)");
  private static final Pattern ENTRY_PREFIX = Pattern.compile("^(roots|deny|protectedPaths)\\[\\d+\\]:\\s*");

  private final String file;
  private final List<PolicyError> errors = new ArrayList<>();
  private final Set<String> present = new HashSet<>();

  PolicyReader(String file) {
    this.file = file;
  }

  List<PolicyError> errors() {
    return errors;
  }

  /** The scalar settings the file set explicitly, as dotted key paths (for layering). */
  Set<String> present() {
    return present;
  }

  void error(int line, int column, String message) {
    errors.add(new PolicyError(file, line, column, message));
  }

  private void error(Node at, String message) {
    error(at.line(), at.column(), message);
  }

  private void error(Field at, String message) {
    error(at.line(), at.column(), message);
  }

  /** Returns the policy, or {@code null} when there were errors (see {@link #errors()}). */
  Policy read(Node root) {
    Obj doc = object(root, "the policy");
    if (doc == null) {
      return null;
    }
    keys(doc, "the policy", "version", "mode", "defaults", "filesystem", "network", "commands", "tools",
        "rules", "approvals", "sandbox", "session", "mcp");
    Policy.Builder b = Policy.builder();
    Field version = doc.fields().get("version");
    if (version == null) {
      error(doc, "missing key 'version' (expected version: 1)");
    } else {
      Scalar v = scalar(version.value(), "version", true);
      if (v != null && !v.isInteger()) {
        error(version.value(), "version must be the number 1, got " + describe(v));
      } else if (v != null && !"1".equals(v.text())) {
        error(version.value(), "unsupported version " + v.text() + ": expected 1");
      }
    }
    Field mode = doc.fields().get("mode");
    if (mode != null) {
      present.add("mode");
      String m = string(mode.value(), "mode");
      if (m != null) {
        try {
          b.mode(Mode.fromLabel(m));
        } catch (IllegalArgumentException e) {
          error(mode.value(), e.getMessage());
        }
      }
    }
    Field defaults = doc.fields().get("defaults");
    if (defaults != null) {
      Obj d = object(defaults.value(), "defaults");
      if (d != null) {
        keys(d, "defaults", "unknownTool");
        if (d.fields().containsKey("unknownTool")) {
          present.add("defaults.unknownTool");
        }
        Verdict v = verdict(d.fields().get("unknownTool"), "defaults.unknownTool", false);
        if (v != null) {
          b.unknownTool(v);
        }
      }
    }
    FileSystemRules fs = filesystem(doc.fields().get("filesystem"));
    NetworkRules net = network(doc.fields().get("network"));
    CommandRules commands = commands(doc.fields().get("commands"));
    Map<String, ToolDescriptor> tools = tools(doc.fields().get("tools"));
    List<ToolRule> rules = rules(doc.fields().get("rules"));
    ApprovalSettings approvals = approvals(doc.fields().get("approvals"));
    SandboxSettings sandbox = sandbox(doc.fields().get("sandbox"));
    SessionPolicy session = session(doc.fields().get("session"));
    McpSettings mcp = mcp(doc.fields().get("mcp"));
    if (!errors.isEmpty()) {
      return null;
    }
    Policy base = b.build();
    try {
      return new Policy(1, base.mode(), base.unknownTool(), fs, net, commands, tools, rules, approvals, sandbox,
          session, mcp);
    } catch (IllegalArgumentException e) {
      error(doc, e.getMessage());
      return null;
    }
  }

  // --- sections ---------------------------------------------------------------------------------------

  private FileSystemRules filesystem(Field field) {
    if (field == null) {
      return FileSystemRules.NONE;
    }
    Obj o = object(field.value(), "filesystem");
    if (o == null) {
      return FileSystemRules.NONE;
    }
    keys(o, "filesystem", "roots", "deny", "outsideRoots", "protected");
    List<FileSystemRules.Root> roots = new ArrayList<>();
    if (o.fields().containsKey("roots")) {
      present.add("filesystem.roots");
    }
    for (Node item : list(o.fields().get("roots"), "filesystem.roots")) {
      Obj r = object(item, "a filesystem root");
      if (r == null) {
        continue;
      }
      keys(r, "a filesystem root", "path", "access");
      String path = requiredString(r, "path", "a filesystem root");
      String access = requiredString(r, "access", "a filesystem root");
      if (path == null || access == null) {
        continue;
      }
      FileSystemRules.RootAccess ra;
      try {
        ra = FileSystemRules.RootAccess.fromLabel(access);
      } catch (IllegalArgumentException e) {
        error(r.fields().get("access").value(), e.getMessage());
        continue;
      }
      Node pathNode = r.fields().get("path").value();
      if (!variablesOk(pathNode, path)) {
        continue;
      }
      FileSystemRules.Root root;
      try {
        root = new FileSystemRules.Root(path, ra);
        new FileSystemRules(List.of(root), List.of(), Verdict.DENY, List.of());
        roots.add(root);
      } catch (IllegalArgumentException e) {
        error(pathNode, clean(e.getMessage()));
      }
    }
    List<String> deny = globs(o.fields().get("deny"), "filesystem.deny", false);
    List<String> protectedPaths = globs(o.fields().get("protected"), "filesystem.protected", true);
    Verdict outside = Verdict.DENY;
    Field out = o.fields().get("outsideRoots");
    if (out != null) {
      present.add("filesystem.outsideRoots");
      Verdict v = verdict(out, "filesystem.outsideRoots", false);
      if (v == Verdict.ALLOW) {
        error(out.value(), "filesystem.outsideRoots must be deny or ask, not allow");
      } else if (v != null) {
        outside = v;
      }
    }
    try {
      return new FileSystemRules(roots, deny, outside, protectedPaths);
    } catch (IllegalArgumentException e) {
      error(field, clean(e.getMessage()));
      return FileSystemRules.NONE;
    }
  }

  private List<String> globs(Field field, String where, boolean protect) {
    List<String> out = new ArrayList<>();
    for (Node item : list(field, where)) {
      String glob = string(item, "a glob in " + where);
      if (glob == null || !variablesOk(item, glob)) {
        continue;
      }
      try {
        if (protect) {
          new FileSystemRules(List.of(), List.of(), Verdict.DENY, List.of(glob));
        } else {
          new FileSystemRules(List.of(), List.of(glob), Verdict.DENY, List.of());
        }
        out.add(glob);
      } catch (IllegalArgumentException e) {
        error(item, clean(e.getMessage()));
      }
    }
    return out;
  }

  private NetworkRules network(Field field) {
    if (field == null) {
      return NetworkRules.NONE;
    }
    Obj o = object(field.value(), "network");
    if (o == null) {
      return NetworkRules.NONE;
    }
    keys(o, "network", "schemes", "allow", "outside");
    List<String> schemes = new ArrayList<>(NetworkRules.NONE.schemes());
    Field s = o.fields().get("schemes");
    if (s != null) {
      present.add("network.schemes");
      schemes.clear();
      for (Node item : list(s, "network.schemes")) {
        String scheme = string(item, "a scheme");
        if (scheme == null) {
          continue;
        }
        if (!KNOWN_SCHEMES.contains(scheme)) {
          error(item, "unknown scheme '" + scheme + "': expected one of " + String.join(", ",
              new java.util.TreeSet<>(KNOWN_SCHEMES)) + " (lower case)");
        } else if (!schemes.contains(scheme)) {
          schemes.add(scheme);
        }
      }
    }
    List<HostRule> allow = new ArrayList<>();
    if (o.fields().containsKey("allow")) {
      present.add("network.allow");
    }
    for (Node item : list(o.fields().get("allow"), "network.allow")) {
      Obj r = object(item, "a network rule");
      if (r == null) {
        continue;
      }
      keys(r, "a network rule", "host", "cidr", "ports");
      Field host = r.fields().get("host");
      Field cidr = r.fields().get("cidr");
      if ((host == null) == (cidr == null)) {
        error(r, "a network rule needs exactly one of 'host' and 'cidr'");
        continue;
      }
      List<Integer> ports = ports(r.fields().get("ports"));
      if (ports == null) {
        continue;
      }
      Field which = host != null ? host : cidr;
      String value = string(which.value(), host != null ? "host" : "cidr");
      if (value == null) {
        continue;
      }
      try {
        allow.add(host != null ? HostRule.host(value, ports) : HostRule.cidr(value, ports));
      } catch (IllegalArgumentException e) {
        error(which.value(), e.getMessage());
      }
    }
    Verdict outside = Verdict.DENY;
    Field out = o.fields().get("outside");
    if (out != null) {
      present.add("network.outside");
      Verdict v = verdict(out, "network.outside", false);
      if (v == Verdict.ALLOW) {
        error(out.value(), "network.outside must be deny or ask, not allow");
      } else if (v != null) {
        outside = v;
      }
    }
    return new NetworkRules(schemes, allow, outside);
  }

  private List<Integer> ports(Field field) {
    List<Integer> ports = new ArrayList<>();
    if (field == null) {
      return ports;
    }
    boolean ok = true;
    for (Node item : list(field, "ports")) {
      if (!(item instanceof Scalar) || !((Scalar) item).isInteger()) {
        error(item, "a port must be an integer from 1 to 65535, got " + describe(item));
        ok = false;
        continue;
      }
      String text = ((Scalar) item).text();
      if (!text.matches("-?\\d+")) {
        error(item, "a port must be an integer from 1 to 65535, got " + text);
        ok = false;
        continue;
      }
      long port;
      try {
        port = Long.parseLong(text);
      } catch (NumberFormatException e) {
        port = -1;
      }
      if (port < 1 || port > 65535) {
        error(item, "port " + text + " is out of range 1-65535");
        ok = false;
        continue;
      }
      ports.add((int) port);
    }
    return ok ? ports : null;
  }

  private CommandRules commands(Field field) {
    if (field == null) {
      return CommandRules.NONE;
    }
    Obj o = object(field.value(), "commands");
    if (o == null) {
      return CommandRules.NONE;
    }
    keys(o, "commands", "rules", "default");
    List<CommandRule> rules = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (Node item : list(o.fields().get("rules"), "commands.rules")) {
      Obj r = object(item, "a command rule");
      if (r == null) {
        continue;
      }
      keys(r, "a command rule", "prefix", "decision", "id", "reason");
      Field prefixField = r.fields().get("prefix");
      if (prefixField == null) {
        error(r, "a command rule needs a 'prefix' (a list of tokens such as [git, status])");
        continue;
      }
      List<String> prefix = new ArrayList<>();
      if (prefixField.value() instanceof Scalar && ((Scalar) prefixField.value()).isString()) {
        error(prefixField.value(), "prefix must be a list of tokens such as [git, status], not a string");
        continue;
      }
      boolean ok = true;
      List<Node> tokens = list(prefixField, "prefix");
      if (tokens.isEmpty() && prefixField.value() instanceof Arr) {
        error(prefixField.value(), "prefix must not be empty");
        continue;
      }
      for (Node t : tokens) {
        String token = scalarText(t, "a prefix token");
        if (token == null) {
          ok = false;
        } else if (token.isEmpty()) {
          error(t, "prefix tokens must not be empty");
          ok = false;
        } else {
          prefix.add(token);
        }
      }
      Verdict decision = verdict(r.fields().get("decision"), "decision", true);
      if (r.fields().get("decision") == null) {
        error(r, "a command rule needs a 'decision' (allow, ask or deny)");
      }
      Field idField = r.fields().get("id");
      String id = idField == null ? null : string(idField.value(), "id");
      Field reasonField = r.fields().get("reason");
      String reason = reasonField == null ? "" : string(reasonField.value(), "reason");
      if (!ok || prefix.isEmpty() || decision == null || (idField != null && id == null) || reason == null) {
        continue;
      }
      CommandRule rule = id == null ? CommandRule.of(prefix, decision)
          : new CommandRule(id, prefix, decision, reason);
      if (id == null && !reason.isEmpty()) {
        rule = new CommandRule(rule.id(), prefix, decision, reason);
      }
      if (id != null && !ids.add(id)) {
        error(idField.value(), "duplicate command rule id '" + id + "'");
        continue;
      }
      rules.add(rule);
    }
    Verdict def = Verdict.ASK;
    Field d = o.fields().get("default");
    if (d != null) {
      present.add("commands.default");
      Verdict v = verdict(d, "commands.default", false);
      if (v != null) {
        def = v;
      }
    }
    return new CommandRules(rules, def);
  }

  private Map<String, ToolDescriptor> tools(Field field) {
    Map<String, ToolDescriptor> tools = new LinkedHashMap<>();
    if (field == null) {
      return tools;
    }
    Obj o = object(field.value(), "tools");
    if (o == null) {
      return tools;
    }
    for (Field tool : o.fields().values()) {
      String name = tool.key();
      if (name.isBlank()) {
        error(tool, "a tool name must not be blank");
        continue;
      }
      Obj t = object(tool.value(), "tool '" + name + "'");
      if (t == null) {
        continue;
      }
      keys(t, "tool '" + name + "'", "resources");
      List<ToolDescriptor.ResourceSpec> specs = new ArrayList<>();
      boolean ok = true;
      for (Node item : list(t.fields().get("resources"), "resources")) {
        Obj r = object(item, "a resource");
        if (r == null) {
          ok = false;
          continue;
        }
        keys(r, "a resource", "kind", "access", "pointer");
        String kind = requiredString(r, "kind", "a resource");
        String pointer = requiredString(r, "pointer", "a resource");
        Field accessField = r.fields().get("access");
        String access = accessField == null ? null : string(accessField.value(), "access");
        if (kind == null || pointer == null || (accessField != null && access == null)) {
          ok = false;
          continue;
        }
        ResourceKind k;
        try {
          k = ResourceKind.fromLabel(kind);
        } catch (IllegalArgumentException e) {
          error(r.fields().get("kind").value(), e.getMessage());
          ok = false;
          continue;
        }
        Access a = null;
        if (access != null) {
          if ("read".equals(access)) {
            a = Access.READ;
          } else if ("write".equals(access)) {
            a = Access.WRITE;
          } else {
            error(accessField.value(), "unknown access '" + access + "': expected read or write");
            ok = false;
            continue;
          }
        }
        if (k == ResourceKind.FILE && a == null) {
          error(r, "a file resource needs an 'access' (read or write)");
          ok = false;
          continue;
        }
        try {
          pointerOk(pointer);
          specs.add(new ToolDescriptor.ResourceSpec(k, pointer, a));
        } catch (IllegalArgumentException e) {
          error(k != ResourceKind.FILE && a != null ? accessField.value() : r.fields().get("pointer").value(),
              e.getMessage());
          ok = false;
        }
      }
      if (ok) {
        tools.put(name, new ToolDescriptor(name, specs));
      }
    }
    return tools;
  }

  private List<ToolRule> rules(Field field) {
    List<ToolRule> rules = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (Node item : list(field, "rules")) {
      Obj r = object(item, "a rule");
      if (r == null) {
        continue;
      }
      keys(r, "a rule", "id", "tool", "argument", "decision", "reason", "examples");
      String id = requiredString(r, "id", "a rule");
      String tool = requiredString(r, "tool", "a rule");
      Verdict decision = verdict(r.fields().get("decision"), "decision", true);
      if (r.fields().get("decision") == null) {
        error(r, "a rule needs a 'decision' (allow, ask or deny)");
      }
      Field reasonField = r.fields().get("reason");
      String reason = reasonField == null ? "" : string(reasonField.value(), "reason");
      ToolRule.ArgumentCondition condition = null;
      boolean ok = id != null && tool != null && decision != null && reason != null;
      if (id != null && id.isBlank()) {
        error(r.fields().get("id").value(), "a rule id must not be blank");
        ok = false;
      } else if (id != null && !ids.add(id)) {
        error(r.fields().get("id").value(), "duplicate rule id '" + id + "'");
        ok = false;
      }
      if (tool != null && tool.isEmpty()) {
        error(r.fields().get("tool").value(), "a rule's tool pattern must not be empty");
        ok = false;
      }
      Field arg = r.fields().get("argument");
      if (arg != null) {
        Obj a = object(arg.value(), "argument");
        if (a == null) {
          ok = false;
        } else {
          keys(a, "argument", "pointer", "matches");
          String pointer = requiredString(a, "pointer", "argument");
          String regex = requiredString(a, "matches", "argument");
          if (pointer == null || regex == null) {
            ok = false;
          } else {
            try {
              pointerOk(pointer);
            } catch (IllegalArgumentException e) {
              error(a.fields().get("pointer").value(), e.getMessage());
              ok = false;
            }
            try {
              BoundedRegex.compile(regex);
              BoundedRegex.checkNotCatastrophic(regex);
            } catch (IllegalArgumentException e) {
              error(a.fields().get("matches").value(), e.getMessage());
              ok = false;
            }
            if (ok) {
              condition = new ToolRule.ArgumentCondition(pointer, regex);
            }
          }
        }
      }
      List<Node> match = new ArrayList<>();
      List<Node> notMatch = new ArrayList<>();
      Field ex = r.fields().get("examples");
      if (ex != null) {
        Obj e = object(ex.value(), "examples");
        if (e == null) {
          ok = false;
        } else {
          keys(e, "examples", "match", "notMatch");
          match.addAll(list(e.fields().get("match"), "examples.match"));
          notMatch.addAll(list(e.fields().get("notMatch"), "examples.notMatch"));
        }
      }
      if (!ok) {
        continue;
      }
      List<String> matchJson = new ArrayList<>();
      List<String> notMatchJson = new ArrayList<>();
      ToolRule rule = new ToolRule(id, tool, condition, decision, reason, List.of(), List.of());
      boolean examplesOk = examples(rule, match, true, matchJson) & examples(rule, notMatch, false, notMatchJson);
      if (examplesOk) {
        rules.add(new ToolRule(id, tool, condition, decision, reason, matchJson, notMatchJson));
      }
    }
    return rules;
  }

  private boolean examples(ToolRule rule, List<Node> examples, boolean shouldMatch, List<String> out) {
    boolean ok = true;
    for (Node example : examples) {
      if (!(example instanceof Obj)) {
        error(example, "an example must be an object of tool arguments, got " + describe(example));
        ok = false;
        continue;
      }
      JsonNode args = LocatedTree.toJson(example);
      try {
        boolean matches = ToolRulesCheck.matchesArguments(rule, args);
        if (matches != shouldMatch) {
          error(example, "rule '" + rule.id() + "' " + (shouldMatch ? "does not match" : "matches")
              + " this " + (shouldMatch ? "match" : "notMatch") + " example " + args);
          ok = false;
        }
      } catch (IllegalArgumentException e) {
        error(example, e.getMessage());
        ok = false;
      }
      out.add(args.toString());
    }
    return ok;
  }

  private ApprovalSettings approvals(Field field) {
    if (field == null) {
      return ApprovalSettings.DEFAULTS;
    }
    Obj o = object(field.value(), "approvals");
    if (o == null) {
      return ApprovalSettings.DEFAULTS;
    }
    keys(o, "approvals", "timeout");
    Field t = o.fields().get("timeout");
    if (t == null) {
      return ApprovalSettings.DEFAULTS;
    }
    present.add("approvals.timeout");
    String text = scalarText(t.value(), "approvals.timeout");
    if (text == null) {
      return ApprovalSettings.DEFAULTS;
    }
    Duration d = duration(text);
    if (!Durations.isPositive(d)) {
      error(t.value(), "invalid duration '" + text + "': expected a positive duration such as 30s, 5m or 1h");
      return ApprovalSettings.DEFAULTS;
    }
    return new ApprovalSettings(d);
  }

  private SandboxSettings sandbox(Field field) {
    if (field == null) {
      return SandboxSettings.DEFAULTS;
    }
    Obj o = object(field.value(), "sandbox");
    if (o == null) {
      return SandboxSettings.DEFAULTS;
    }
    keys(o, "sandbox", "mode");
    Field m = o.fields().get("mode");
    if (m == null) {
      error(o, "missing key 'mode' in sandbox (expected mode: required, preferred or off)");
      return SandboxSettings.DEFAULTS;
    }
    present.add("sandbox.mode");
    // YAML 1.1 reads a bare off as the boolean false; the mode named off is what was written.
    boolean bareOff = m.value() instanceof Scalar && ((Scalar) m.value()).token()
        == com.fasterxml.jackson.core.JsonToken.VALUE_FALSE && "off".equals(((Scalar) m.value()).text());
    String text = bareOff ? "off" : string(m.value(), "sandbox.mode");
    if (text == null) {
      return SandboxSettings.DEFAULTS;
    }
    try {
      return new SandboxSettings(SandboxMode.fromLabel(text));
    } catch (IllegalArgumentException e) {
      error(m.value(), e.getMessage());
      return SandboxSettings.DEFAULTS;
    }
  }

  // --- mcp --------------------------------------------------------------------------------------------

  /** {@code mcp: { trustAnnotations: BOOL, servers: { NAME: { trusted: BOOL } } }}. */
  private McpSettings mcp(Field field) {
    if (field == null) {
      return McpSettings.DEFAULTS;
    }
    Obj o = object(field.value(), "mcp");
    if (o == null) {
      return McpSettings.DEFAULTS;
    }
    keys(o, "mcp", "trustAnnotations", "servers");
    boolean trustAnnotations = false;
    Field ta = o.fields().get("trustAnnotations");
    if (ta != null) {
      present.add("mcp.trustAnnotations");
      Boolean b = bool(ta.value(), "mcp.trustAnnotations");
      trustAnnotations = Boolean.TRUE.equals(b);
    }
    Map<String, Boolean> servers = new LinkedHashMap<>();
    Field sf = o.fields().get("servers");
    Obj so = sf == null ? null : object(sf.value(), "mcp.servers");
    if (so != null) {
      for (Field server : so.fields().values()) {
        String where = "mcp.servers." + server.key();
        try {
          McpSettings.checkName(server.key());
        } catch (IllegalArgumentException e) {
          error(server, "mcp.servers: " + e.getMessage());
          continue;
        }
        Obj entry = object(server.value(), where);
        if (entry == null) {
          continue;
        }
        keys(entry, where, "trusted");
        Field trusted = entry.fields().get("trusted");
        if (trusted == null) {
          error(entry, "missing key 'trusted' in " + where + " (expected trusted: true or false)");
          continue;
        }
        Boolean b = bool(trusted.value(), where + ".trusted");
        if (b != null) {
          servers.put(server.key(), b);
        }
      }
    }
    return new McpSettings(trustAnnotations, servers);
  }

  /** {@code true} or {@code false} as written (YAML's yes, no, on and off are refused: they read ambiguously). */
  private Boolean bool(Node node, String what) {
    if (node instanceof Scalar) {
      Scalar s = (Scalar) node;
      if (s.token() == com.fasterxml.jackson.core.JsonToken.VALUE_TRUE && "true".equals(s.text())) {
        return Boolean.TRUE;
      }
      if (s.token() == com.fasterxml.jackson.core.JsonToken.VALUE_FALSE && "false".equals(s.text())) {
        return Boolean.FALSE;
      }
    }
    boolean spelledOtherwise = node instanceof Scalar
        && (((Scalar) node).token() == com.fasterxml.jackson.core.JsonToken.VALUE_TRUE
            || ((Scalar) node).token() == com.fasterxml.jackson.core.JsonToken.VALUE_FALSE);
    error(node, what + " must be true or false, got " + (spelledOtherwise ? "'" + ((Scalar) node).text() + "'"
        : describe(node)));
    return null;
  }

  // --- session ----------------------------------------------------------------------------------------

  private SessionPolicy session(Field field) {
    if (field == null) {
      return SessionPolicy.NONE;
    }
    present.add("session");
    Obj o = object(field.value(), "session");
    if (o == null) {
      return SessionPolicy.NONE;
    }
    keys(o, "session", "private", "trusted", "sameOrigin", "trifecta", "results", "budgets", "rules");
    SessionPolicy.Builder b = SessionPolicy.builder();
    if (o.fields().containsKey("private")) {
      b.privateGlobs(globs(o.fields().get("private"), "session.private", false));
    }
    for (String host : hosts(o.fields().get("trusted"), "session.trusted")) {
      b.trusted(host);
    }
    for (String host : hosts(o.fields().get("sameOrigin"), "session.sameOrigin")) {
      b.sameOrigin(host);
    }
    Field trifecta = o.fields().get("trifecta");
    String t = trifecta == null ? null : offOrString(trifecta.value(), "session.trifecta");
    if (t != null) {
      try {
        b.trifecta(SessionPolicy.Trifecta.fromLabel(t));
      } catch (IllegalArgumentException e) {
        error(trifecta.value(), "session.trifecta: " + e.getMessage());
      }
    }
    Field results = o.fields().get("results");
    String r = results == null ? null : offOrString(results.value(), "session.results");
    if (r != null) {
      try {
        b.results(SessionPolicy.Results.fromLabel(r));
      } catch (IllegalArgumentException e) {
        error(results.value(), "session.results: " + e.getMessage());
      }
    }
    SessionPolicy.Budgets budgets = budgets(o.fields().get("budgets"));
    if (budgets != null) {
      b.budgets(budgets);
    }
    for (SessionPolicy.FlowRule rule : flowRules(o.fields().get("rules"))) {
      b.rule(rule);
    }
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      error(field.value(), e.getMessage());
      return SessionPolicy.NONE;
    }
  }

  /** A string; YAML reads an unquoted {@code off} as the boolean false, which here means {@code off}. */
  private String offOrString(Node node, String what) {
    if (node instanceof Scalar && ((Scalar) node).token() == com.fasterxml.jackson.core.JsonToken.VALUE_FALSE) {
      return "off";
    }
    return string(node, what);
  }

  private List<String> hosts(Field field, String where) {
    List<String> out = new ArrayList<>();
    for (Node item : list(field, where)) {
      String host = string(item, "a host in " + where);
      if (host == null) {
        continue;
      }
      try {
        HostRule.host(host);
        out.add(host);
      } catch (IllegalArgumentException e) {
        error(item, where + ": " + e.getMessage());
      }
    }
    return out;
  }

  private SessionPolicy.Budgets budgets(Field field) {
    if (field == null) {
      return null;
    }
    Obj o = object(field.value(), "session.budgets");
    if (o == null) {
      return null;
    }
    keys(o, "session.budgets", "maxCalls", "perMinute", "maxIdentical", "maxApprovals");
    int[] values = new int[4];
    String[] names = {"maxCalls", "perMinute", "maxIdentical", "maxApprovals"};
    boolean ok = true;
    for (int i = 0; i < names.length; i++) {
      Field f = o.fields().get(names[i]);
      if (f == null) {
        continue;
      }
      Node v = f.value();
      String text = v instanceof Scalar && ((Scalar) v).isInteger() ? ((Scalar) v).text() : null;
      long n = text != null && text.matches("\\d{1,9}") ? Long.parseLong(text) : -1;
      long max = names[i].equals("perMinute") ? SessionPolicy.MAX_PER_MINUTE : Integer.MAX_VALUE;
      if (n < 0 || n > max) {
        error(v, "session.budgets." + names[i] + " must be a whole number from 0 (no limit) to " + max + ", got "
            + (v instanceof Scalar && ((Scalar) v).text() != null && !((Scalar) v).isString()
                ? ((Scalar) v).text() : describe(v)));
        ok = false;
        continue;
      }
      values[i] = (int) n;
    }
    return ok ? new SessionPolicy.Budgets(values[0], values[1], values[2], values[3]) : null;
  }

  private List<SessionPolicy.FlowRule> flowRules(Field field) {
    List<SessionPolicy.FlowRule> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (Node item : list(field, "session.rules")) {
      Obj r = object(item, "a session rule");
      if (r == null) {
        continue;
      }
      keys(r, "a session rule", "id", "after", "tools", "labels", "decision", "reason");
      String id = requiredString(r, "id", "a session rule");
      List<String> after = names(r.fields().get("after"), "after");
      List<String> tools = names(r.fields().get("tools"), "tools");
      List<String> labels = names(r.fields().get("labels"), "labels");
      if (r.fields().get("decision") == null) {
        error(r, "a session rule needs a 'decision' (ask or deny)");
      }
      Verdict decision = verdict(r.fields().get("decision"), "decision", true);
      Field reasonField = r.fields().get("reason");
      String reason = reasonField == null ? "" : string(reasonField.value(), "reason");
      if (id == null || after == null || tools == null || labels == null || decision == null || reason == null) {
        continue;
      }
      if (!ids.add(id)) {
        error(r.fields().get("id").value(), "duplicate session rule id '" + id + "'");
        continue;
      }
      try {
        out.add(new SessionPolicy.FlowRule(id, after, tools, labels, decision, reason));
      } catch (IllegalArgumentException e) {
        error(r, e.getMessage());
      }
    }
    return out;
  }

  /** A list of non-empty strings; {@code null} after reporting an error. */
  private List<String> names(Field field, String what) {
    List<String> out = new ArrayList<>();
    if (field != null && field.value() instanceof Scalar && ((Scalar) field.value()).isString()) {
      error(field.value(), what + " must be a list such as [untrusted], not a string");
      return null;
    }
    int before = errors.size();
    for (Node item : list(field, what)) {
      String s = string(item, "an item of " + what);
      if (s != null && s.isBlank()) {
        error(item, "items of " + what + " must not be blank");
      } else if (s != null) {
        out.add(s);
      }
    }
    return errors.size() == before ? out : null;
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

  // --- helpers ----------------------------------------------------------------------------------------

  private void keys(Obj o, String where, String... allowed) {
    Set<String> ok = Set.of(allowed);
    for (Field f : o.fields().values()) {
      if (!ok.contains(f.key())) {
        error(f, "unknown key '" + f.key() + "' in " + where + " (expected one of: "
            + String.join(", ", allowed) + ")");
      }
    }
  }

  private Obj object(Node node, String what) {
    if (node instanceof Obj) {
      return (Obj) node;
    }
    error(node, what + " must be an object, got " + describe(node));
    return null;
  }

  private List<Node> list(Field field, String what) {
    if (field == null) {
      return List.of();
    }
    Node node = field.value();
    if (node instanceof Arr) {
      return ((Arr) node).items();
    }
    if (node instanceof Scalar && ((Scalar) node).token() == com.fasterxml.jackson.core.JsonToken.VALUE_NULL) {
      return List.of();
    }
    error(node, what + " must be a list, got " + describe(node));
    return List.of();
  }

  private Scalar scalar(Node node, String what, boolean report) {
    if (node instanceof Scalar && ((Scalar) node).text() != null) {
      return (Scalar) node;
    }
    if (report) {
      error(node, what + " must be a value, got " + describe(node));
    }
    return null;
  }

  /** A string value; numbers and booleans are type errors. */
  private String string(Node node, String what) {
    if (node instanceof Scalar && ((Scalar) node).isString()) {
      return ((Scalar) node).text();
    }
    error(node, what + " must be a string, got " + describe(node));
    return null;
  }

  /** A scalar's text: strings, numbers (e.g. a prefix token {@code 2}) and booleans. */
  private String scalarText(Node node, String what) {
    Scalar s = scalar(node, what, false);
    if (s == null) {
      error(node, what + " must be a string, got " + describe(node));
      return null;
    }
    return s.text();
  }

  private String requiredString(Obj o, String key, String where) {
    Field f = o.fields().get(key);
    if (f == null) {
      error(o, where + " needs " + ("aeiou".indexOf(key.charAt(0)) >= 0 ? "an '" : "a '") + key + "'");
      return null;
    }
    return string(f.value(), key);
  }

  private Verdict verdict(Field field, String what, boolean quiet) {
    if (field == null) {
      return null;
    }
    String label = string(field.value(), what);
    if (label == null) {
      return null;
    }
    if (!label.equals("allow") && !label.equals("ask") && !label.equals("deny")) {
      error(field.value(), "unknown decision '" + label + "' for " + what + ": expected allow, ask or deny");
      return null;
    }
    return Verdict.fromLabel(label);
  }

  private boolean variablesOk(Node at, String value) {
    try {
      GuardEnvironment.validateVariables(value);
      return true;
    } catch (IllegalArgumentException e) {
      error(at, e.getMessage());
      return false;
    }
  }

  private static void pointerOk(String pointer) {
    if (!pointer.isEmpty() && pointer.charAt(0) != '/') {
      throw new IllegalArgumentException(
          "pointer '" + pointer + "' is not a JSON Pointer: it must be empty or start with '/'");
    }
    for (int i = 0; i < pointer.length(); i++) {
      if (pointer.charAt(i) == '~') {
        char n = i + 1 < pointer.length() ? pointer.charAt(i + 1) : 0;
        if (n != '0' && n != '1') {
          throw new IllegalArgumentException("pointer '" + pointer + "' has a bad escape: '~' must be followed by 0 or 1");
        }
      }
    }
  }

  private static String describe(Node node) {
    return node.describe();
  }

  private static String clean(String message) {
    return ENTRY_PREFIX.matcher(message).replaceFirst("");
  }
}
