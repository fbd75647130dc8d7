package dev.agentguard.test;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.agentguard.api.CallContext;
import dev.agentguard.api.Evaluation;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.check.GuardEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.AssertionFailedError;

/**
 * A table of tool calls with the decisions a policy must make, run as JUnit dynamic tests, so a project keeps
 * its policy's examples as tests:
 *
 * <pre>{@code
 *
 * @TestFactory
 * Stream<DynamicTest> policyExamples(AgentGuard guard) {
 *   return PolicyExamples.fromClasspath("policy-examples.yaml").against(guard);
 * }
 * }</pre>
 *
 * <p>Each row is a line of the CLI's {@code check --calls} batch ({@code id}, {@code tool}, {@code arguments},
 * {@code cwd}) with the expected answer in the fields {@code check} prints: {@code decision} (required:
 * {@code allow}, {@code ask} or {@code deny}), {@code rule} (exact rule id) and {@code reason} (a substring of the
 * reason); and optionally {@code check} (the check that decided). The table is YAML or JSON (a list of rows, or
 * an object with an {@code examples} list) or JSON Lines ({@code .jsonl}: one row a line, as the CLI reads).
 * In {@code cwd}, {@code ${workspace}}, {@code ${home}} and {@code ${tmp}} name the guard's directories, and a
 * relative {@code cwd} is resolved against the workspace.
 *
 * <pre>
 * - { id: readme, tool: read_file, arguments: { path: README.md }, decision: allow }
 * - { id: dotenv, tool: read_file, arguments: { path: .env }, decision: deny, rule: filesystem.deny-glob }
 * </pre>
 *
 * <p>A table that cannot be read, or a row with a missing or unknown field, fails when loaded with every problem
 * as {@code FILE:LINE: message}. Immutable and thread-safe.
 */
public final class PolicyExamples {

  private static final Set<String> FIELDS =
      Set.of("id", "tool", "arguments", "cwd", "decision", "rule", "reason", "check");
  private static final JsonFactory JSON = new JsonFactory();
  private static final YAMLFactory YAML = new YAMLFactory();

  /**
   * One row: a call and the decision expected for it.
   *
   * @param id the row's id (the call id), or {@code line-N} when the row has none
   * @param line the row's line in the table (1-based)
   * @param tool the tool name
   * @param argumentsJson the arguments as JSON text
   * @param cwd the working directory, if the row gives one (variables not yet resolved)
   * @param decision the expected verdict
   * @param rule the expected deciding rule id, if given
   * @param check the expected deciding check, if given
   * @param reason a substring expected in the deciding reason, if given
   */
  public record Example(
      String id,
      int line,
      String tool,
      String argumentsJson,
      Optional<String> cwd,
      Verdict decision,
      Optional<String> rule,
      Optional<String> check,
      Optional<String> reason) {

    /**
     * Validates the components.
     *
     * @param id the row's id (the call id), or {@code line-N} when the row has none
     * @param line the row's line in the table (1-based)
     * @param tool the tool name
     * @param argumentsJson the arguments as JSON text
     * @param cwd the working directory, if the row gives one
     * @param decision the expected verdict
     * @param rule the expected deciding rule id, if given
     * @param check the expected deciding check, if given
     * @param reason a substring expected in the deciding reason, if given
     */
    public Example {
      Objects.requireNonNull(id, "id must not be null");
      Objects.requireNonNull(tool, "tool must not be null");
      Objects.requireNonNull(argumentsJson, "argumentsJson must not be null");
      Objects.requireNonNull(cwd, "cwd must not be null");
      Objects.requireNonNull(decision, "decision must not be null");
      Objects.requireNonNull(rule, "rule must not be null");
      Objects.requireNonNull(check, "check must not be null");
      Objects.requireNonNull(reason, "reason must not be null");
    }

    /**
     * The call this row makes against {@code environment}.
     *
     * @param environment resolves the variables of the row's working directory
     * @return the call this row makes against {@code environment}
     */
    public ToolCall toCall(GuardEnvironment environment) {
      Objects.requireNonNull(environment, "environment must not be null");
      CallContext.Builder context = CallContext.builder();
      cwd.ifPresent(c -> context.workingDirectory(resolveCwd(c, environment)));
      return new ToolCall(id, tool, argumentsJson, context.build());
    }

    /**
     * What the row expects, in words: {@code deny by rule no-db-drop}.
     *
     * @return what the row expects, in words: {@code deny by rule no-db-drop}
     */
    public String expectation() {
      StringBuilder sb = new StringBuilder(decision.label());
      check.ifPresent(c -> sb.append(" by the ").append(c).append(" check"));
      rule.ifPresent(r -> sb.append(" by rule ").append(r));
      reason.ifPresent(r -> sb.append(" because \"").append(r).append('"'));
      return sb.toString();
    }

    /**
     * Returns why {@code evaluation} does not meet this row's expectation, or empty if it does.
     *
     * @param evaluation the guard's judgement of this row's call
     * @return why {@code evaluation} does not meet this row's expectation, or empty if it does
     */
    public Optional<String> mismatch(Evaluation evaluation) {
      Objects.requireNonNull(evaluation, "evaluation must not be null");
      var d = evaluation.decision();
      List<String> problems = new ArrayList<>();
      if (d.verdict() != decision) {
        problems.add("the decision was " + d.verdict().label() + ", not " + decision.label());
      }
      rule.filter(r -> !r.equals(d.rule()))
          .ifPresent(r -> problems.add("the rule was " + d.rule() + ", not " + r));
      check.filter(c -> !c.equals(d.check()))
          .ifPresent(c -> problems.add("the check was " + d.check() + ", not " + c));
      reason.filter(r -> !d.reason().contains(r))
          .ifPresent(r -> problems.add("the reason \"" + d.reason() + "\" does not contain \"" + r + "\""));
      return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }
  }

  private final String source;
  private final URI sourceUri;
  private final List<Example> examples;

  private PolicyExamples(String source, URI sourceUri, List<Example> examples) {
    this.source = source;
    this.sourceUri = sourceUri;
    this.examples = List.copyOf(examples);
  }

  /**
   * Reads the table in {@code file} (YAML, JSON, or JSON Lines by a {@code .jsonl} name).
   *
   * @param file the table's file; its name chooses the syntax
   * @return the table's rows
   * @throws UncheckedIOException if the file cannot be read
   * @throws IllegalArgumentException if the table is malformed; the message lists every problem
   */
  public static PolicyExamples from(Path file) {
    Objects.requireNonNull(file, "file must not be null");
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the examples " + file + ": " + e.getMessage(), e);
    }
    return parse(text, file.toString(), file.toAbsolutePath().toUri());
  }

  /**
   * Reads the table in the classpath resource {@code resource}, with the thread's context class loader.
   *
   * @param resource the resource's name, such as {@code policies/examples.yaml}
   * @return the table's rows
   * @throws IllegalArgumentException if there is no such resource, or the table is malformed
   */
  public static PolicyExamples fromClasspath(String resource) {
    Objects.requireNonNull(resource, "resource must not be null");
    String name = resource.startsWith("/") ? resource.substring(1) : resource;
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = PolicyExamples.class.getClassLoader();
    }
    URL url = loader.getResource(name);
    if (url == null) {
      throw new IllegalArgumentException("no classpath resource " + name);
    }
    try (InputStream in = url.openStream()) {
      URI uri;
      try {
        uri = url.toURI();
      } catch (URISyntaxException e) {
        uri = null;
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), name, uri);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the examples " + name + ": " + e.getMessage(), e);
    }
  }

  /**
   * Parses a table; {@code name} appears in messages and chooses the syntax ({@code .jsonl}: JSON Lines,
   * {@code .json}: JSON, anything else: YAML).
   *
   * @param text the table's text
   * @param name the table's name, for messages and to choose the syntax
   * @return the table's rows
   * @throws IllegalArgumentException if the table is malformed; the message lists every problem
   */
  public static PolicyExamples parse(String text, String name) {
    Objects.requireNonNull(text, "text must not be null");
    Objects.requireNonNull(name, "name must not be null");
    return parse(text, name, null);
  }

  private static PolicyExamples parse(String text, String name, URI uri) {
    List<String> errors = new ArrayList<>();
    List<Example> rows = new ArrayList<>();
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    if (name.toLowerCase(Locale.ROOT).endsWith(".jsonl")) {
      String[] lines = text.split("\r?\n", -1);
      for (int i = 0; i < lines.length; i++) {
        if (lines[i].isBlank()) {
          continue;
        }
        try {
          JsonNode node = ToolCalls.JSON.readTree(lines[i]);
          row(node, i + 1, name, rows, errors);
        } catch (JsonProcessingException e) {
          errors.add(name + ":" + (i + 1) + ": not valid JSON: " + e.getOriginalMessage());
        }
      }
    } else {
      boolean json = name.toLowerCase(Locale.ROOT).endsWith(".json");
      try (JsonParser p = json ? JSON.createParser(text) : YAML.createParser(text)) {
        table(p, name, rows, errors);
      } catch (IOException e) {
        int line = e instanceof JsonProcessingException j && j.getLocation() != null
            ? j.getLocation().getLineNr() : 1;
        errors.add(name + ":" + line + ": cannot read the table: "
            + (e instanceof JsonProcessingException j2 ? j2.getOriginalMessage() : e.getMessage()));
      }
    }
    if (errors.isEmpty() && rows.isEmpty()) {
      errors.add(name + ":1: the table has no examples");
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(
          "the policy examples " + name + " are malformed:\n  " + String.join("\n  ", errors));
    }
    return new PolicyExamples(name, uri, rows);
  }

  private static void table(JsonParser p, String name, List<Example> rows, List<String> errors)
      throws IOException {
    JsonToken t = p.nextToken();
    if (t == JsonToken.START_OBJECT) {
      boolean found = false;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        int line = p.currentTokenLocation().getLineNr();
        p.nextToken();
        if (field.equals("examples") && p.currentToken() == JsonToken.START_ARRAY) {
          found = true;
          rows(p, name, rows, errors);
        } else {
          errors.add(name + ":" + line + ": unknown key '" + field + "': expected only 'examples', a list of rows");
          p.skipChildren();
        }
      }
      if (!found && errors.isEmpty()) {
        errors.add(name + ":1: expected a list of rows, or an object with an 'examples' list");
      }
    } else if (t == JsonToken.START_ARRAY) {
      rows(p, name, rows, errors);
    } else if (t != null) {
      errors.add(name + ":" + p.currentTokenLocation().getLineNr()
          + ": expected a list of rows, or an object with an 'examples' list");
    }
  }

  private static void rows(JsonParser p, String name, List<Example> rows, List<String> errors)
      throws IOException {
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
      int line = p.currentTokenLocation().getLineNr();
      if (t != JsonToken.START_OBJECT) {
        errors.add(name + ":" + line + ": a row must be an object with tool, arguments and decision");
        p.skipChildren();
        continue;
      }
      JsonNode node = ToolCalls.JSON.readTree(p);
      row(node, line, name, rows, errors);
    }
  }

  private static void row(JsonNode node, int line, String name, List<Example> rows, List<String> errors) {
    String at = name + ":" + line + ": ";
    if (node == null || !node.isObject()) {
      errors.add(at + "a row must be an object with tool, arguments and decision");
      return;
    }
    int before = errors.size();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!FIELDS.contains(f)) {
        errors.add(at + "unknown field '" + f + "' (expected one of " + new java.util.TreeSet<>(FIELDS) + ")");
      }
    }
    JsonNode id = node.get("id");
    if (id != null && !id.isTextual() && !id.isNumber()) {
      errors.add(at + "'id' must be a string or a number");
    }
    String tool = text(node, "tool", at, errors);
    if (tool == null && node.get("tool") == null) {
      errors.add(at + "'tool' is required");
    } else if (tool != null && tool.isBlank()) {
      errors.add(at + "'tool' must not be empty");
    }
    JsonNode args = node.get("arguments");
    if (args != null && !args.isNull() && !args.isObject()) {
      errors.add(at + "'arguments' must be an object");
    }
    String cwd = text(node, "cwd", at, errors);
    String decision = text(node, "decision", at, errors);
    Verdict verdict = null;
    if (decision == null && node.get("decision") == null) {
      errors.add(at + "'decision' is required: allow, ask or deny");
    } else if (decision != null) {
      try {
        verdict = Verdict.fromLabel(decision);
      } catch (IllegalArgumentException e) {
        errors.add(at + e.getMessage());
      }
    }
    String rule = text(node, "rule", at, errors);
    String check = text(node, "check", at, errors);
    String reason = text(node, "reason", at, errors);
    if (errors.size() > before) {
      return;
    }
    String rowId = id == null || id.asText().isBlank() ? "line-" + line : id.asText();
    rows.add(new Example(rowId, line, tool,
        args == null || args.isNull() ? "{}" : args.toString(),
        Optional.ofNullable(cwd), verdict, Optional.ofNullable(rule), Optional.ofNullable(check),
        Optional.ofNullable(reason)));
  }

  private static String text(JsonNode node, String field, String at, List<String> errors) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      errors.add(at + "'" + field + "' must be a string");
      return null;
    }
    return v.textValue();
  }

  static String resolveCwd(String cwd, GuardEnvironment env) {
    String c = cwd.replace("${workspace}", env.workspace().toString())
        .replace("${home}", env.home().toString())
        .replace("${tmp}", env.tmp().toString());
    Path p = Path.of(c);
    return p.isAbsolute() ? c : env.workspace().resolve(p).toString();
  }

  /**
   * Where the table came from, as named in messages.
   *
   * @return the file, resource or name the table was read from
   */
  public String source() {
    return source;
  }

  /**
   * The rows, in table order.
   *
   * @return the rows, in table order
   */
  public List<Example> examples() {
    return examples;
  }

  /**
   * One dynamic test per row, evaluating its call with {@code guard} and checking the decision.
   *
   * @param guard the guard to evaluate each row's call with
   * @return one test per row, named after the row's id, its call and the expected decision
   */
  public Stream<DynamicTest> against(AgentGuard guard) {
    Objects.requireNonNull(guard, "guard must not be null");
    return examples.stream().map(e -> {
      String display = e.id() + ": " + Explanations.describe(
          new ToolCall(e.id(), e.tool(), e.argumentsJson(), CallContext.empty())) + " -> " + e.expectation();
      URI uri = sourceUri == null ? null : URI.create(sourceUri + "?line=" + e.line());
      return DynamicTest.dynamicTest(display, uri, () -> check(guard, e));
    });
  }

  /**
   * Checks every row with {@code guard} and fails once, listing every row that did not get its decision.
   *
   * @param guard the guard to evaluate each row's call with
   * @throws AssertionFailedError if any row failed
   */
  public void assertAll(AgentGuard guard) {
    Objects.requireNonNull(guard, "guard must not be null");
    List<String> failures = new ArrayList<>();
    for (Example e : examples) {
      try {
        check(guard, e);
      } catch (AssertionFailedError f) {
        failures.add(f.getMessage());
      }
    }
    if (!failures.isEmpty()) {
      throw new AssertionFailedError(failures.size() + " of " + examples.size() + " policy examples in "
          + source + " failed:\n" + String.join("\n", failures));
    }
  }

  private void check(AgentGuard guard, Example e) {
    Evaluation evaluation = guard.evaluate(e.toCall(guard.environment()));
    Optional<String> mismatch = e.mismatch(evaluation);
    if (mismatch.isPresent()) {
      throw new AssertionFailedError("example '" + e.id() + "' (" + source + ":" + e.line() + ") expected "
          + e.expectation() + ", but " + mismatch.get() + ".\n" + Explanations.explain(evaluation),
          e.expectation(), evaluation.decision());
    }
  }

  @Override
  public String toString() {
    return "PolicyExamples{" + source + ", " + examples.size() + " rows}";
  }
}
