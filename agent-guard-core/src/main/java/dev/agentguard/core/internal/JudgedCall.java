package dev.agentguard.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentguard.api.ToolCall;
import dev.agentguard.core.check.JsonValue;
import dev.agentguard.core.json.JsonNodeValue;
import java.util.Objects;

/**
 * The call the enforcement step judges, with its arguments read once (see {@link dev.agentguard.core.json.Json}).
 * When the arguments have the usual shape, reading them checks the text and picks the values the tool's
 * descriptor points at; the tree is then built only if something asks for it. Immutable.
 */
public final class JudgedCall {

  private final ToolCall call;
  private final JsonValue arguments;
  private final Evaluator reader;
  private final Evaluator.Shape shape;
  private final String[] picked;
  private final String unreadable;
  private final CallRun run;

  JudgedCall(ToolCall call, JsonValue arguments, Evaluator reader, Evaluator.Shape shape, String[] picked,
      String unreadable, CallRun run) {
    this.call = Objects.requireNonNull(call, "call must not be null");
    this.arguments = arguments;
    this.reader = reader;
    this.shape = shape;
    this.picked = picked;
    this.unreadable = unreadable;
    this.run = run;
  }

  /**
   * The call as it left the last interceptor: exactly what is judged and, if allowed, run.
   *
   * @return the call
   */
  public ToolCall call() {
    return call;
  }

  /**
   * The arguments, read by the shared strict reader, or {@code null} when they could not be read.
   *
   * @return the arguments' tree, or {@code null}
   */
  public JsonNode arguments() {
    return arguments == null ? null : JsonNodeValue.nodeOf(arguments);
  }

  /** The arguments as the checks see them, or {@code null} when they could not be read. */
  JsonValue view() {
    return arguments;
  }

  /** Whether {@code evaluator} read this call (so {@link #shape} and {@link #picked} are its own). */
  boolean readBy(Evaluator evaluator) {
    return reader == evaluator;
  }

  /** The tool's shape the reader found, or {@code null} for an undescribed tool. */
  Evaluator.Shape shape() {
    return shape;
  }

  /** The values picked at the shape's members (one per pointer, {@code null} where absent), or {@code null}. */
  String[] picked() {
    return picked;
  }

  /**
   * Why the arguments could not be read (never quoting them), or {@code null}.
   *
   * @return why the arguments could not be read, or {@code null}
   */
  public String unreadable() {
    return unreadable;
  }

  /**
   * The guard's id for this execute, the same on every event of it ({@code dry-run} for a judgement outside one).
   *
   * @return the execution id
   */
  public String executionId() {
    return run == null ? "dry-run" : run.executionId();
  }
}
