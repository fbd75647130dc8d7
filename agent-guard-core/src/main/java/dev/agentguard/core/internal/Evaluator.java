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

  private final Map<String, ToolDescriptor> descriptors;
  /** Each descriptor's pointers, split once: {@code null} where a pointer has a wildcard (read the long way). */
  private final Map<String, String[][]> pointers;
  private final List<GuardCheck> checks;
  private final GuardLimits limits;
  private final boolean enforced;

  /** Creates an evaluator running {@code checks} in order. */
  public Evaluator(
      Map<String, ToolDescriptor> descriptors, List<GuardCheck> checks, GuardLimits limits, boolean enforced) {
    this.descriptors = Map.copyOf(descriptors);
    Map<String, String[][]> split = new java.util.HashMap<>();
    for (Map.Entry<String, ToolDescriptor> e : this.descriptors.entrySet()) {
      List<ToolDescriptor.ResourceSpec> specs = e.getValue().resources();
      String[][] segments = new String[specs.size()][];
      for (int i = 0; i < segments.length; i++) {
        segments[i] = JsonPointers.compile(specs.get(i).pointer());
      }
      split.put(e.getKey(), segments);
    }
    this.pointers = Map.copyOf(split);
    this.checks = List.copyOf(checks);
    this.limits = limits;
    this.enforced = enforced;
  }

  /** Returns the full evaluation of {@code call}. Never throws for bad input: bad input is a DENY. */
  public Evaluation evaluate(ToolCall call) {
    return evaluate(read(call, "dry-run"), List.of());
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
    return evaluate(read(call, "dry-run"), List.of(), runner);
  }

  /**
   * Reads {@code call}'s arguments once with the shared strict reader ({@link Json}); the result's arguments are
   * {@code null} when they are too large or unreadable.
   */
  public JudgedCall read(ToolCall call, String executionId) {
    String json = call.argumentsJson();
    if (json.length() > limits.maxArgumentBytes()) {
      return new JudgedCall(call, null, "too large", executionId);
    }
    try {
      return new JudgedCall(call, Json.parse(json), null, executionId);
    } catch (Json.Malformed e) {
      return new JudgedCall(call, null, e.getMessage(), executionId);
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
    Decision invalid = validateName(call.toolName());
    if (invalid != null) {
      return Evaluation.of(call, List.of(), List.of(invalid), enforced);
    }
    String json = call.argumentsJson();
    if (json.length() > limits.maxArgumentBytes()) {
      return Evaluation.of(call, List.of(), List.of(Decision.deny(CheckNames.INPUT, "input.too-large",
          "arguments are " + json.length() + " characters, over the limit of " + limits.maxArgumentBytes())),
          enforced);
    }
    JsonNode args = judged.arguments();
    if (args == null) {
      return Evaluation.of(call, List.of(), List.of(Decision.deny(CheckNames.INPUT, "input.invalid-json",
          "arguments are not valid JSON: " + judged.unreadable())), enforced);
    }
    if (!args.isObject()) {
      return Evaluation.of(call, List.of(), List.of(Decision.deny(CheckNames.INPUT, "input.invalid-json",
          "arguments must be a JSON object")), enforced);
    }
    List<Decision> decisions = new ArrayList<>();
    List<Resource> resources = new ArrayList<>(2);
    ToolDescriptor descriptor = descriptors.get(call.toolName());
    if (descriptor != null) {
      extract(descriptor, pointers.get(call.toolName()), args, resources, decisions);
    }
    CheckRequest request = new CheckRequest(call, JsonNodeValue.of(args), resources, descriptor != null);
    for (int i = 0; i < checks.size(); i++) {
      decisions.addAll(run(checks.get(i), request, runner));
    }
    decisions.addAll(extra);
    return Evaluation.of(call, resources, decisions, enforced);
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

  private static void extract(ToolDescriptor descriptor, String[][] split, JsonNode args, List<Resource> resources,
      List<Decision> decisions) {
    for (int i = 0; i < split.length; i++) {
      ToolDescriptor.ResourceSpec spec = descriptor.resources().get(i);
      if (split[i] == null) {
        extractAll(spec, args, resources, decisions);
        continue;
      }
      JsonNode node = JsonPointers.find(args, split[i]);
      if (node == null) {
        decisions.add(missing(spec));
      } else {
        add(spec, node, resources, decisions);
      }
    }
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

  private static Resource toResource(ToolDescriptor.ResourceSpec spec, JsonNode node) {
    switch (spec.kind()) {
      case FILE:
        return node.isTextual() ? new Resource.FileAccess(node.textValue(), spec.access()) : null;
      case URL:
        return node.isTextual() ? new Resource.NetworkAccess(node.textValue()) : null;
      default:
        if (node.isTextual()) {
          return Resource.CommandExec.line(node.textValue());
        }
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
