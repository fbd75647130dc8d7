package dev.agentguard.core.internal;

import dev.agentguard.core.json.Json;
import dev.agentguard.core.json.JsonNodeValue;
import com.fasterxml.jackson.databind.JsonNode;
import dev.agentguard.api.CheckNames;
import dev.agentguard.api.Decision;
import dev.agentguard.api.Evaluation;
import dev.agentguard.api.Resource;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolDescriptor;
import dev.agentguard.core.check.CheckRequest;
import dev.agentguard.core.check.JsonValue;
import dev.agentguard.core.check.GuardCheck;
import dev.agentguard.core.check.GuardLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Judges a call without running it: validates the input, finds its resources through its descriptor, and
 * runs every check. Thread-safe.
 */
public final class Evaluator {

  /** What each described tool's arguments are read for, compiled once; read-only after construction. */
  private final Map<String, Shape> shapes;
  private final List<GuardCheck> checks;
  private final GuardLimits limits;
  private final boolean enforced;

  /** Creates an evaluator running {@code checks} in order. */
  public Evaluator(
      Map<String, ToolDescriptor> descriptors, List<GuardCheck> checks, GuardLimits limits, boolean enforced) {
    Map<String, Shape> compiled = new java.util.HashMap<>();
    for (Map.Entry<String, ToolDescriptor> e : descriptors.entrySet()) {
      compiled.put(e.getKey(), new Shape(e.getValue()));
    }
    this.shapes = compiled; // never changed after this: a plain hash map finds a name faster than Map.copyOf's
    this.checks = List.copyOf(checks);
    this.limits = limits;
    this.enforced = enforced;
  }

  /**
   * A tool's descriptor with its pointers split once: {@code null} where a pointer has a wildcard (read the long
   * way); and, when every pointer names one top-level member, those members' names, which a reading of the
   * arguments picks without building the tree.
   */
  static final class Shape {
    final ToolDescriptor descriptor;
    final String[][] split;
    final String[] members;
    /** Whether the tool's name is valid (a call naming it needs no check of its name). */
    final boolean validName;

    Shape(ToolDescriptor descriptor) {
      List<ToolDescriptor.ResourceSpec> specs = descriptor.resources();
      this.descriptor = descriptor;
      this.validName = validateName(descriptor.toolName()) == null;
      this.split = new String[specs.size()][];
      String[] names = new String[specs.size()];
      for (int i = 0; i < split.length; i++) {
        split[i] = JsonPointers.compile(specs.get(i).pointer());
        names[i] = split[i] != null && split[i].length == 1 ? split[i][0] : null;
        if (names[i] == null) {
          names = null;
          for (int j = i + 1; j < split.length; j++) {
            split[j] = JsonPointers.compile(specs.get(j).pointer());
          }
          break;
        }
      }
      this.members = names;
    }
  }

  /** What an undescribed tool's arguments are read for: that they are an object. */
  private static final String[] NO_MEMBERS = new String[0];

  /** Returns the full evaluation of {@code call}. Never throws for bad input: bad input is a DENY. */
  public Evaluation evaluate(ToolCall call) {
    return evaluate(read(call, null), List.of());
  }

  /** Runs one check on a request: lets a caller collect what a check resolved on the way. */
  @FunctionalInterface
  public interface CheckRunner {
    /** Returns {@code check}'s decisions on {@code request}. */
    List<Decision> run(GuardCheck check, CheckRequest request);
  }

  private static final CheckRunner PLAIN = GuardCheck::evaluate;

  /** As {@link #evaluate(ToolCall)}, running each check through {@code runner}. */
  public Evaluation evaluate(ToolCall call, CheckRunner runner) {
    return evaluate(read(call, null), List.of(), runner);
  }

  /**
   * Reads {@code call}'s arguments once with the shared strict reader ({@link Json}) for the run {@code run}
   * ({@code null}: a judgement outside any execute). The usual shape is only checked, and the members the tool's
   * descriptor points at picked, without building the tree; the result's arguments are {@code null} when they are
   * too large or unreadable.
   */
  JudgedCall read(ToolCall call, CallRun run) {
    String json = call.argumentsJson();
    Shape shape = shapes.get(call.toolName());
    if (json.length() > limits.maxArgumentBytes()) {
      return new JudgedCall(call, null, this, shape, null, "too large", run);
    }
    String[] members = shape == null ? NO_MEMBERS : shape.members;
    if (members != null) {
      String[] picked = Json.members(json, members);
      if (picked != null) {
        return new JudgedCall(call, JsonNodeValue.lazy(json), this, shape, picked, null, run);
      }
    }
    try {
      return new JudgedCall(call, JsonNodeValue.of(Json.parse(json)), this, shape, null, null, run);
    } catch (Json.Malformed e) {
      return new JudgedCall(call, null, this, shape, null, e.getMessage(), run);
    }
  }

  /**
   * Returns the full evaluation of an already read call, with {@code extra} decisions (from the enforcement
   * hooks) combined with the checks' by deny-overrides. Never throws for bad input: bad input is a DENY.
   */
  public Evaluation evaluate(JudgedCall judged, List<Decision> extra) {
    return evaluate(judged, extra, PLAIN);
  }

  /** As {@link #evaluate(JudgedCall, List)}, running each check through {@code runner}. */
  public Evaluation evaluate(JudgedCall judged, List<Decision> extra, CheckRunner runner) {
    ToolCall call = judged.call();
    boolean own = judged.readBy(this);
    Shape shape = own ? judged.shape() : shapes.get(call.toolName());
    Decision invalid = shape != null && shape.validName ? null : validateName(call.toolName());
    if (invalid != null) {
      return Evaluation.of(call, List.of(), List.of(invalid), enforced);
    }
    String json = call.argumentsJson();
    if (json.length() > limits.maxArgumentBytes()) {
      return Evaluation.of(call, List.of(), List.of(Decision.deny(CheckNames.INPUT, "input.too-large",
          "arguments are " + json.length() + " characters, over the limit of " + limits.maxArgumentBytes())),
          enforced);
    }
    JsonValue args = judged.view();
    if (args == null) {
      return Evaluation.of(call, List.of(), List.of(Decision.deny(CheckNames.INPUT, "input.invalid-json",
          "arguments are not valid JSON: " + judged.unreadable())), enforced);
    }
    String[] picked = own ? judged.picked() : null;
    if (picked == null && !args.isObject()) {
      return Evaluation.of(call, List.of(), List.of(Decision.deny(CheckNames.INPUT, "input.invalid-json",
          "arguments must be a JSON object")), enforced);
    }
    List<Decision> decisions = new ArrayList<>(checks.size() + extra.size() + 2);
    List<Resource> resources = List.of();
    if (shape != null) {
      resources = picked != null ? extract(shape, picked, decisions)
          : extract(shape, JsonNodeValue.nodeOf(args), decisions);
    }
    CheckRequest request = new CheckRequest(call, args, resources, shape != null);
    for (int i = 0; i < checks.size(); i++) {
      addAll(decisions, run(checks.get(i), request, runner));
    }
    addAll(decisions, extra);
    return Evaluation.of(call, resources, frozen(decisions), enforced);
  }

  /** Adds {@code from} to {@code to} one by one ({@code addAll} copies {@code from} into an array first). */
  private static void addAll(List<Decision> to, List<Decision> from) {
    for (int i = 0; i < from.size(); i++) {
      to.add(from.get(i));
    }
  }

  /** An immutable copy of {@code list}; one or two elements need no array. */
  private static <T> List<T> frozen(List<T> list) {
    switch (list.size()) {
      case 0:
        return List.of();
      case 1:
        return List.of(list.get(0));
      case 2:
        return List.of(list.get(0), list.get(1));
      default:
        return List.copyOf(list);
    }
  }

  /** One check's decisions; a check that throws or answers no list (or a null in it) is a DENY of its own. */
  private static List<Decision> run(GuardCheck check, CheckRequest request, CheckRunner runner) {
    List<Decision> found;
    try {
      found = runner.run(check, request);
    } catch (RuntimeException e) {
      return List.of(Decision.deny(check.name(), check.name() + ".error",
          "the " + check.name() + " check failed: " + e.getClass().getSimpleName()));
    }
    if (found == null || holdsNull(found)) {
      return List.of(Decision.deny(check.name(), check.name() + ".error",
          "the " + check.name() + " check returned no decision list"));
    }
    return found;
  }

  /** Whether {@code list} holds a {@code null}; a plain loop, as {@code List.of().contains(null)} throws. */
  static boolean holdsNull(List<?> list) {
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i) == null) {
        return true;
      }
    }
    return false;
  }

  /** The resources at {@code shape}'s pointers in {@code args}; what is missing or mistyped goes to decisions. */
  private static List<Resource> extract(Shape shape, JsonNode args, List<Decision> decisions) {
    List<Resource> resources = new ArrayList<>(shape.split.length);
    for (int i = 0; i < shape.split.length; i++) {
      ToolDescriptor.ResourceSpec spec = shape.descriptor.resources().get(i);
      if (shape.split[i] == null) {
        extractAll(spec, args, resources, decisions);
        continue;
      }
      JsonNode node = JsonPointers.find(args, shape.split[i]);
      if (node == null) {
        decisions.add(missing(spec));
      } else {
        add(spec, node, resources, decisions);
      }
    }
    return frozen(resources);
  }

  /** As {@link #extract(Shape, JsonNode, List)} from the string values picked at each top-level pointer. */
  private static List<Resource> extract(Shape shape, String[] picked, List<Decision> decisions) {
    List<ToolDescriptor.ResourceSpec> specs = shape.descriptor.resources();
    if (picked.length == 1) {
      if (picked[0] == null) {
        decisions.add(missing(specs.get(0)));
        return List.of();
      }
      return List.of(toResource(specs.get(0), picked[0]));
    }
    List<Resource> resources = new ArrayList<>(picked.length);
    for (int i = 0; i < picked.length; i++) {
      if (picked[i] == null) {
        decisions.add(missing(specs.get(i)));
      } else {
        resources.add(toResource(specs.get(i), picked[i]));
      }
    }
    return frozen(resources);
  }

  /** A pointer with wildcards: every node it names, each an array where the pointer says {@code *}. */
  private static void extractAll(
      ToolDescriptor.ResourceSpec spec, JsonNode args, List<Resource> resources, List<Decision> decisions) {
    List<JsonNode> nodes = JsonPointers.resolve(args, spec.pointer());
    String notArray = JsonPointers.hasWildcard(spec.pointer())
        ? JsonPointers.wildcardMismatch(args, spec.pointer()) : null;
    if (notArray != null) {
      decisions.add(Decision.deny(CheckNames.INPUT, "input.invalid-argument",
          "argument " + notArray + " must be an array (" + spec.pointer() + ", " + spec.kind().label()
              + "): a single value there would reach the tool unchecked"));
      return;
    }
    if (nodes.isEmpty() && !JsonPointers.hasWildcard(spec.pointer())) {
      decisions.add(missing(spec));
      return;
    }
    for (JsonNode node : nodes) {
      add(spec, node, resources, decisions);
    }
  }

  private static Decision missing(ToolDescriptor.ResourceSpec spec) {
    return Decision.deny(CheckNames.INPUT, "input.missing-argument",
        "argument " + spec.pointer() + " (" + spec.kind().label() + ") is missing");
  }

  private static void add(
      ToolDescriptor.ResourceSpec spec, JsonNode node, List<Resource> resources, List<Decision> decisions) {
    Resource r = toResource(spec, node);
    if (r == null) {
      decisions.add(Decision.deny(CheckNames.INPUT, "input.invalid-argument",
          "argument " + spec.pointer() + " must be a string"
              + (spec.kind() == dev.agentguard.api.ResourceKind.COMMAND ? " or an array of strings" : "")));
    } else {
      resources.add(r);
    }
  }

  /** The resource a string at {@code spec}'s pointer names. */
  private static Resource toResource(ToolDescriptor.ResourceSpec spec, String text) {
    switch (spec.kind()) {
      case FILE:
        return new Resource.FileAccess(text, spec.access());
      case URL:
        return new Resource.NetworkAccess(text);
      default:
        return Resource.CommandExec.line(text);
    }
  }

  private static Resource toResource(ToolDescriptor.ResourceSpec spec, JsonNode node) {
    if (node.isTextual()) {
      return toResource(spec, node.textValue());
    }
    switch (spec.kind()) {
      case FILE:
      case URL:
        return null;
      default:
        if (node.isArray()) {
          List<String> argv = new ArrayList<>();
          for (JsonNode element : node) {
            if (!element.isTextual()) {
              return null;
            }
            argv.add(element.textValue());
          }
          return Resource.CommandExec.argv(argv);
        }
        return null;
    }
  }

  /**
   * A tool name is 1 to 256 characters with no control, space, format (Unicode Cf: zero-width, bidi controls,
   * byte-order mark), line or paragraph separator, private-use, surrogate or unassigned character: such a
   * character would make a U+200B before {@code deploy} look like {@code deploy} to a person and not to a rule.
   */
  static Decision validateName(String name) {
    if (name.isEmpty() || name.length() > 256) {
      return Decision.deny(CheckNames.INPUT, "input.invalid-tool-name",
          "tool name must be 1 to 256 characters");
    }
    for (int i = 0; i < name.length(); ) {
      char c = name.charAt(i);
      if (c > ' ' && c < 0x7F) {
        i++; // printable ASCII: none of the characters below
        continue;
      }
      int cp = name.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isISOControl(cp) || Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
        return Decision.deny(CheckNames.INPUT, "input.invalid-tool-name",
            "tool name contains a control or space character");
      }
      int type = Character.getType(cp);
      if (type == Character.FORMAT || type == Character.SURROGATE || type == Character.UNASSIGNED
          || type == Character.PRIVATE_USE || type == Character.LINE_SEPARATOR
          || type == Character.PARAGRAPH_SEPARATOR) {
        return Decision.deny(CheckNames.INPUT, "input.invalid-tool-name", String.format(java.util.Locale.ROOT,
            "tool name contains an invisible or unassigned character (U+%04X)", cp));
      }
    }
    return null;
  }
}
