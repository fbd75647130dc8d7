package dev.agentguard.core.policy;

import dev.agentguard.api.ToolDescriptor;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.check.GuardEnvironment;
import dev.agentguard.core.exec.CommandRule;
import dev.agentguard.core.exec.CommandRules;
import dev.agentguard.core.fs.FileSystemRules;
import dev.agentguard.core.glob.GlobSyntax;
import dev.agentguard.core.net.HostRule;
import dev.agentguard.core.net.NetworkRules;
import dev.agentguard.core.session.SessionPolicy;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/** How {@link ComposedPolicy#compose} layers policies: the rules are listed there. */
final class PolicyLayers {

  private PolicyLayers() {}

  /** {@link ComposedPolicy#compose}'s one body: checks the arguments, then composes with every key counted as set. */
  static ComposedPolicy composeNamed(List<Policy> layers, List<String> names, GuardEnvironment env) {
    Objects.requireNonNull(layers, "layers must not be null");
    Objects.requireNonNull(names, "names must not be null");
    if (layers.isEmpty() || layers.size() != names.size()) {
      throw new IllegalArgumentException("need one name per layer, and at least one layer");
    }
    List<Set<String>> present = new ArrayList<>(Collections.nCopies(layers.size(), (Set<String>) null));
    return compose(layers, names, present, env);
  }

  /**
   * As {@link #compose(List, List)}, where {@code present} lists the keys each layer set (null: all), and
   * {@code env} (nullable) is where root paths are also compared after resolving symbolic links.
   */
  static ComposedPolicy compose(List<Policy> layers, List<String> names, List<Set<String>> present,
      GuardEnvironment env) {
    Policy effective = layers.get(0);
    List<String> warnings = new ArrayList<>();
    for (int i = 1; i < layers.size(); i++) {
      Set<String> keys = present.get(i);
      effective = tighten(effective, layers.get(i), names.get(i), warnings,
          key -> keys == null || keys.contains(key), key -> keys != null && keys.contains(key), env);
    }
    return new ComposedPolicy(effective, warnings);
  }

  private static Policy tighten(Policy base, Policy over, String name, List<String> warnings,
      Predicate<String> set, Predicate<String> explicit, GuardEnvironment env) {
    Mode mode = base.mode();
    if (set.test("mode")) {
      if (over.mode() == Mode.ENFORCE) {
        mode = Mode.ENFORCE;
      } else if (base.mode() == Mode.ENFORCE) {
        warn(warnings, name, "mode: audit would stop enforcing the earlier layers; kept enforce");
      }
    }
    Verdict unknownTool = set.test("defaults.unknownTool")
        ? stricter(base.unknownTool(), over.unknownTool(), "defaults.unknownTool", name, warnings)
        : base.unknownTool();
    return new Policy(1, mode, unknownTool,
        filesystem(base.filesystem(), over.filesystem(), name, warnings, set, explicit.test("filesystem.roots"),
            env),
        network(base.network(), over.network(), name, warnings, set, explicit.test("network.allow")),
        commands(base.commands(), over.commands(), name, warnings, set),
        tools(base, over, name, warnings),
        rules(base.rules(), over.rules(), name, warnings),
        set.test("approvals.timeout") ? approvals(base.approvals(), over.approvals(), name, warnings)
            : base.approvals(),
        set.test("sandbox.mode") ? sandbox(base.sandbox(), over.sandbox(), name, warnings) : base.sandbox(),
        session(base.session(), over.session(), name, warnings),
        mcp(base.mcp(), over.mcp(), name, warnings, explicit.test("mcp.trustAnnotations")
            || set.test("mcp.trustAnnotations") && !over.mcp().equals(McpSettings.DEFAULTS)));
  }

  /**
   * A server stays trusted only when the later layer trusts it too: by its entry in {@code servers}, else by
   * {@code trustAnnotations} when the layer set it; a layer that says nothing of a server leaves it as it was (a
   * layer built in code without an {@code mcp} section says nothing).
   */
  private static McpSettings mcp(McpSettings base, McpSettings over, String name, List<String> warnings,
      boolean overSetDefault) {
    if (overSetDefault && over.trustAnnotations() && !base.trustAnnotations()) {
      warn(warnings, name, "mcp.trustAnnotations: true would trust servers the earlier layers do not; not applied");
    }
    boolean trustAnnotations = base.trustAnnotations() && (!overSetDefault || over.trustAnnotations());
    Map<String, Boolean> servers = new LinkedHashMap<>();
    Set<String> names = new LinkedHashSet<>(base.servers().keySet());
    names.addAll(over.servers().keySet());
    for (String server : names) {
      boolean earlier = base.trusts(server);
      boolean later = over.entry(server).orElse(overSetDefault ? over.trustAnnotations() : true);
      if (over.entry(server).orElse(false) && !earlier) {
        warn(warnings, name, "mcp.servers." + server + ".trusted: true would trust a server the earlier layers do"
            + " not; not applied");
      }
      servers.put(server, earlier && later);
    }
    return new McpSettings(trustAnnotations, servers);
  }

  /**
   * A later layer adds a session section or tightens the earlier one: private globs and rules add up, trusted
   * and same-origin hosts are those both layers list, the stricter trifecta and results setting and the lower of
   * each budget win.
   */
  private static SessionPolicy session(SessionPolicy base, SessionPolicy over, String name, List<String> warnings) {
    if (!over.enabled()) {
      return base;
    }
    if (!base.enabled()) {
      return over;
    }
    List<String> privateGlobs = new ArrayList<>(base.privateGlobs());
    over.privateGlobs().stream().filter(g -> !privateGlobs.contains(g)).forEach(privateGlobs::add);
    List<String> trusted = new ArrayList<>(base.trusted());
    trusted.retainAll(over.trusted());
    List<String> sameOrigin = new ArrayList<>(base.sameOrigin());
    sameOrigin.retainAll(over.sameOrigin());
    SessionPolicy.Trifecta trifecta = stricterTrifecta(base.trifecta(), over.trifecta());
    if (trifecta != over.trifecta()) {
      warn(warnings, name, "session.trifecta " + over.trifecta() + " would loosen the earlier layers; kept "
          + trifecta);
    }
    SessionPolicy.Results results = base.results().ordinal() <= over.results().ordinal()
        ? base.results() : over.results();
    SessionPolicy.Budgets b = base.budgets();
    SessionPolicy.Budgets o = over.budgets();
    SessionPolicy.Budgets budgets = new SessionPolicy.Budgets(lower(b.maxCalls(), o.maxCalls()),
        lower(b.perMinute(), o.perMinute()), lower(b.maxIdentical(), o.maxIdentical()),
        lower(b.maxApprovals(), o.maxApprovals()));
    List<SessionPolicy.FlowRule> rules = new ArrayList<>(base.rules());
    for (SessionPolicy.FlowRule r : over.rules()) {
      if (rules.stream().anyMatch(e -> e.id().equals(r.id()))) {
        warn(warnings, name, "session rule '" + r.id() + "' is already defined by an earlier layer; kept both"
            + " under the earlier id's meaning");
      } else {
        rules.add(r);
      }
    }
    List<String> untrustedTools = new ArrayList<>(base.untrustedTools());
    untrustedTools.addAll(over.untrustedTools());
    return new SessionPolicy(true, privateGlobs, trusted, sameOrigin, trifecta, results, budgets, rules,
        untrustedTools);
  }

  private static SessionPolicy.Trifecta stricterTrifecta(SessionPolicy.Trifecta a, SessionPolicy.Trifecta b) {
    if (a == SessionPolicy.Trifecta.DENY || b == SessionPolicy.Trifecta.DENY) {
      return SessionPolicy.Trifecta.DENY;
    }
    return a == SessionPolicy.Trifecta.ASK || b == SessionPolicy.Trifecta.ASK
        ? SessionPolicy.Trifecta.ASK : SessionPolicy.Trifecta.OFF;
  }

  private static int lower(int a, int b) {
    if (a == 0) {
      return b;
    }
    return b == 0 ? a : Math.min(a, b);
  }

  private static FileSystemRules filesystem(FileSystemRules base, FileSystemRules over, String name,
      List<String> warnings, Predicate<String> set, boolean rootsListed, GuardEnvironment env) {
    List<FileSystemRules.Root> roots = new ArrayList<>(base.roots());
    // A layer that lists roots (in a file, even an empty list) narrows them; in code, an empty list keeps them.
    boolean narrowRoots = rootsListed || !over.roots().isEmpty();
    if (narrowRoots) {
      roots.clear();
      for (FileSystemRules.Root r : over.roots()) {
        List<FileSystemRules.Root> narrowed = narrow(r, base.roots(), env);
        if (narrowed.isEmpty()) {
          warn(warnings, name, "root '" + r.path() + "' (" + r.access().label()
              + ") does not overlap an earlier root; not applied");
          continue;
        }
        for (FileSystemRules.Root n : narrowed) {
          if (!n.equals(r)) {
            warn(warnings, name, "root '" + r.path() + "' (" + r.access().label() + ") reaches beyond the earlier"
                + " roots; applied as '" + n.path() + "' (" + n.access().label() + ")");
          }
          if (!roots.contains(n)) {
            roots.add(n);
          }
        }
      }
    }
    List<String> deny = union(base.deny(), over.deny());
    List<String> protectedPaths = union(base.protectedPaths(), over.protectedPaths());
    Verdict outside = set.test("filesystem.outsideRoots")
        ? stricter(base.outsideRoots(), over.outsideRoots(), "filesystem.outsideRoots", name, warnings)
        : base.outsideRoots();
    if (narrowRoots && outside != Verdict.DENY) {
      // A write inside an earlier read-only root was denied. Narrowed roots can leave such a path outside every
      // root, where outsideRoots (ask) would decide: keep those writes denied by protecting the earlier
      // read-only roots. A glob cannot express a root with glob characters in its path: then deny outside.
      for (FileSystemRules.Root b : base.roots()) {
        if (b.access() != FileSystemRules.RootAccess.READ || insideWritableRoot(b, base.roots(), env)) {
          continue;
        }
        String literal = globLiteral(b.path());
        if (literal == null) {
          outside = Verdict.DENY;
          continue;
        }
        protectedPaths = union(protectedPaths, List.of(literal, literal.endsWith("/") ? literal + "**"
            : literal + "/**"));
      }
    }
    return new FileSystemRules(roots, deny, outside, protectedPaths);
  }

  private static boolean insideWritableRoot(FileSystemRules.Root r, List<FileSystemRules.Root> roots,
      GuardEnvironment env) {
    for (FileSystemRules.Root b : roots) {
      if (b.access() == FileSystemRules.RootAccess.READ_WRITE && contains(b.path(), r.path(), env)) {
        return true;
      }
    }
    return false;
  }

  /** The root path as a glob matching exactly it, or null when it has glob characters. */
  private static String globLiteral(String path) {
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '$' && path.startsWith("${", i)) {
        int end = path.indexOf('}', i);
        if (end < 0) {
          return null;
        }
        i = end;
      } else if ("*?[]{}\\".indexOf(c) >= 0) {
        return null;
      }
    }
    return path;
  }

  /**
   * The parts of overlay root {@code r} that earlier roots cover: {@code r} itself inside an earlier root, or an
   * earlier root inside {@code r}, each with no more access than both grant.
   */
  private static List<FileSystemRules.Root> narrow(FileSystemRules.Root r, List<FileSystemRules.Root> base,
      GuardEnvironment env) {
    FileSystemRules.Root whole = null;
    for (FileSystemRules.Root b : base) {
      if (contains(b.path(), r.path(), env)) {
        FileSystemRules.Root n = new FileSystemRules.Root(r.path(), weaker(r.access(), b.access()));
        if (whole == null || n.access() == FileSystemRules.RootAccess.READ_WRITE) {
          whole = n;
        }
      }
    }
    List<FileSystemRules.Root> out = new ArrayList<>();
    if (whole != null) {
      out.add(whole);
      if (whole.access() == r.access()) {
        return out;
      }
    }
    for (FileSystemRules.Root b : base) {
      if (contains(r.path(), b.path(), env) && !contains(b.path(), r.path(), env)) {
        FileSystemRules.Root n = new FileSystemRules.Root(b.path(), weaker(r.access(), b.access()));
        if (whole == null || n.access() != whole.access()) {
          out.add(n);
        }
      }
    }
    return out;
  }

  private static FileSystemRules.RootAccess weaker(FileSystemRules.RootAccess a, FileSystemRules.RootAccess b) {
    return a == FileSystemRules.RootAccess.READ_WRITE && b == FileSystemRules.RootAccess.READ_WRITE
        ? FileSystemRules.RootAccess.READ_WRITE : FileSystemRules.RootAccess.READ;
  }

  /** Whether root {@code inner} lies inside root {@code outer}: by spelling, and (given env) really. */
  private static boolean contains(String outer, String inner, GuardEnvironment env) {
    if (!contains(outer, inner)) {
      return false;
    }
    if (env == null) {
      return true;
    }
    Path o = real(outer, env);
    Path i = real(inner, env);
    return o != null && i != null && i.startsWith(o);
  }

  /** The root's path in {@code env} with the symbolic links of its longest existing prefix resolved. */
  private static Path real(String root, GuardEnvironment env) {
    try {
      String expanded = env.expand(root);
      if (expanded.equals("~") || expanded.startsWith("~/")) {
        expanded = env.home() + expanded.substring(1);
      }
      Path p = Path.of(expanded).toAbsolutePath().normalize();
      Path existing = p;
      while (existing != null && !java.nio.file.Files.exists(existing)) {
        existing = existing.getParent();
      }
      if (existing == null) {
        return p;
      }
      return existing.toRealPath().resolve(existing.relativize(p)).normalize();
    } catch (IllegalArgumentException | java.io.IOException | SecurityException e) {
      return null;
    }
  }

  private static boolean contains(String outer, String inner) {
    try {
      if (outer.contains("..") || inner.contains("..")) {
        return outer.equals(inner);
      }
      Path o = Path.of(outer).normalize();
      Path i = Path.of(inner).normalize();
      if (o.isAbsolute() && o.getNameCount() == 0) {
        return true; // "/" holds every path, whatever variable it starts with (they expand to absolute paths)
      }
      return i.startsWith(o);
    } catch (InvalidPathException e) {
      return false;
    }
  }

  private static NetworkRules network(NetworkRules base, NetworkRules over, String name, List<String> warnings,
      Predicate<String> set, boolean allowListed) {
    List<String> schemes = new ArrayList<>(set.test("network.schemes") ? List.of() : base.schemes());
    for (String s : set.test("network.schemes") ? over.schemes() : List.<String>of()) {
      if (base.schemes().contains(s)) {
        schemes.add(s);
      } else {
        warn(warnings, name, "scheme '" + s + "' is not allowed by an earlier layer; not applied");
      }
    }
    List<HostRule> allow = new ArrayList<>(base.allow());
    if (allowListed || !over.allow().isEmpty()) {
      allow.clear();
      for (HostRule r : over.allow()) {
        if (coveredBy(r, base.allow())) {
          allow.add(r);
        } else {
          warn(warnings, name, "network rule " + describe(r) + " is not allowed by an earlier layer; not applied");
        }
      }
    }
    Verdict outside = set.test("network.outside")
        ? stricter(base.outside(), over.outside(), "network.outside", name, warnings) : base.outside();
    if (outside != Verdict.DENY && !allow.containsAll(base.allow())) {
      // Under a dropped rule its host on another port was denied; with the rule gone that URL would fall to
      // network.outside (ask). Keep it denied.
      warn(warnings, name, "network.outside: ask becomes deny because this layer narrows the allowed hosts");
      outside = Verdict.DENY;
    }
    if (schemes.isEmpty()) {
      warn(warnings, name, "no scheme is left allowed; every URL is denied");
    }
    return new NetworkRules(schemes, allow, outside);
  }

  private static boolean coveredBy(HostRule r, List<HostRule> base) {
    for (HostRule b : base) {
      if (!b.ports().equals(r.ports()) && !(r.ports().isEmpty() ? b.ports().isEmpty()
          : b.ports().containsAll(r.ports()))) {
        continue;
      }
      if (r.cidr() != null) {
        if (r.cidr().equals(b.cidr())) {
          return true;
        }
        continue;
      }
      if (b.host() == null) {
        continue;
      }
      String bh = b.host();
      String rh = r.host();
      if (bh.equals(rh) || bh.equals(GlobSyntax.ANY_HOST) && !rh.equals(GlobSyntax.ANY_HOST)) {
        return true;
      }
      if (bh.startsWith(GlobSyntax.SUBDOMAINS) && !rh.equals(GlobSyntax.ANY_HOST)) {
        String suffix = bh.substring(1);
        String candidate = rh.startsWith(GlobSyntax.SUBDOMAINS) ? rh.substring(1) : rh;
        if (candidate.endsWith(suffix) && candidate.length() > suffix.length()) {
          return true;
        }
      }
    }
    return false;
  }

  private static CommandRules commands(CommandRules base, CommandRules over, String name, List<String> warnings,
      Predicate<String> set) {
    List<CommandRule> rules = new ArrayList<>(base.rules());
    for (CommandRule r : over.rules()) {
      if (r.decision() == Verdict.ALLOW) {
        warn(warnings, name, "command allow rule " + r.id() + " would loosen the earlier layers; not applied");
      } else {
        rules.add(r.asLayered());
      }
    }
    Verdict def = set.test("commands.default")
        ? stricter(base.defaultDecision(), over.defaultDecision(), "commands.default", name, warnings)
        : base.defaultDecision();
    return new CommandRules(rules, def);
  }

  private static Map<String, ToolDescriptor> tools(Policy base, Policy over, String name, List<String> warnings) {
    Map<String, ToolDescriptor> tools = new LinkedHashMap<>(base.tools());
    for (ToolDescriptor d : over.tools().values()) {
      ToolDescriptor existing = tools.get(d.toolName());
      if (existing != null) {
        LinkedHashSet<ToolDescriptor.ResourceSpec> specs = new LinkedHashSet<>(existing.resources());
        specs.addAll(d.resources());
        tools.put(d.toolName(), new ToolDescriptor(d.toolName(), new ArrayList<>(specs)));
      } else if (base.unknownTool() == Verdict.ALLOW) {
        // an undescribed tool was allowed anyway: describing it only adds checks
        tools.put(d.toolName(), d);
      } else {
        warn(warnings, name, "descriptor for tool '" + d.toolName()
            + "' would let its resources decide a tool the earlier layers do not describe; not applied");
      }
    }
    return tools;
  }

  private static List<ToolRule> rules(List<ToolRule> base, List<ToolRule> over, String name, List<String> warnings) {
    List<ToolRule> rules = new ArrayList<>(base);
    for (ToolRule r : over) {
      if (r.decision() == Verdict.ALLOW) {
        warn(warnings, name, "tool allow rule '" + r.id() + "' would loosen the earlier layers; not applied");
      } else {
        rules.add(r.asLayered());
      }
    }
    return rules;
  }

  private static ApprovalSettings approvals(ApprovalSettings base, ApprovalSettings over, String name,
      List<String> warnings) {
    Duration t = base.timeout();
    if (over.timeout().compareTo(t) < 0) {
      t = over.timeout();
    } else if (over.timeout().compareTo(t) > 0) {
      warn(warnings, name, "approvals.timeout " + over.timeout() + " is longer than the earlier " + t + "; kept "
          + t);
    }
    return new ApprovalSettings(t);
  }

  private static SandboxSettings sandbox(SandboxSettings base, SandboxSettings over, String name,
      List<String> warnings) {
    if (over.mode().strictness() < base.mode().strictness()) {
      warn(warnings, name, "sandbox.mode: " + over.mode().label() + " is looser than the earlier "
          + base.mode().label() + "; kept " + base.mode().label());
      return base;
    }
    return over;
  }

  private static Verdict stricter(Verdict base, Verdict over, String what, String name, List<String> warnings) {
    if (base.isStricterThan(over)) {
      warn(warnings, name, what + ": " + over.label() + " is looser than the earlier " + base.label() + "; kept "
          + base.label());
      return base;
    }
    return over;
  }

  private static List<String> union(List<String> a, List<String> b) {
    LinkedHashSet<String> all = new LinkedHashSet<>(a);
    all.addAll(b);
    return new ArrayList<>(all);
  }

  private static String describe(HostRule r) {
    return (r.host() != null ? "host '" + r.host() + "'" : "cidr '" + r.cidr() + "'")
        + (r.ports().isEmpty() ? "" : " ports " + r.ports());
  }

  private static void warn(List<String> warnings, String layer, String message) {
    warnings.add(layer + ": " + message);
  }
}
