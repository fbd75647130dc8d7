package dev.agentguard.otel;

import io.opentelemetry.api.common.AttributeKey;
import java.util.List;

/**
 * The attribute keys, span event names and metric names the {@link OpenTelemetryGuardListener} emits: the
 * OpenTelemetry GenAI semantic conventions for tool execution, and agent-guard's own {@code agent_guard.*}
 * namespace.
 */
public final class GuardAttributes {

  /** {@code gen_ai.operation.name}: always {@code execute_tool}. */
  public static final AttributeKey<String> GEN_AI_OPERATION_NAME = AttributeKey.stringKey("gen_ai.operation.name");
  /** {@code gen_ai.tool.name}. */
  public static final AttributeKey<String> GEN_AI_TOOL_NAME = AttributeKey.stringKey("gen_ai.tool.name");
  /** {@code gen_ai.tool.call.id}. */
  public static final AttributeKey<String> GEN_AI_TOOL_CALL_ID = AttributeKey.stringKey("gen_ai.tool.call.id");
  /** {@code gen_ai.tool.type}: always {@code function}. */
  public static final AttributeKey<String> GEN_AI_TOOL_TYPE = AttributeKey.stringKey("gen_ai.tool.type");
  /** {@code gen_ai.tool.call.arguments}: only with content capture on. */
  public static final AttributeKey<String> GEN_AI_TOOL_CALL_ARGUMENTS =
      AttributeKey.stringKey("gen_ai.tool.call.arguments");
  /** {@code gen_ai.tool.call.result}: only with content capture on. */
  public static final AttributeKey<String> GEN_AI_TOOL_CALL_RESULT = AttributeKey.stringKey("gen_ai.tool.call.result");
  /** {@code gen_ai.agent.id}. */
  public static final AttributeKey<String> GEN_AI_AGENT_ID = AttributeKey.stringKey("gen_ai.agent.id");
  /** {@code gen_ai.agent.name}. */
  public static final AttributeKey<String> GEN_AI_AGENT_NAME = AttributeKey.stringKey("gen_ai.agent.name");
  /** {@code gen_ai.conversation.id}. */
  public static final AttributeKey<String> GEN_AI_CONVERSATION_ID = AttributeKey.stringKey("gen_ai.conversation.id");
  /** {@code error.type}: {@code agent_guard.denied}, {@code tool_error}, or the exception's class name. */
  public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  /** {@code agent_guard.verdict}: {@code allow}, {@code ask} or {@code deny}. */
  public static final AttributeKey<String> VERDICT = AttributeKey.stringKey("agent_guard.verdict");
  /** {@code agent_guard.rule}: the rule id that decided. */
  public static final AttributeKey<String> RULE = AttributeKey.stringKey("agent_guard.rule");
  /** {@code agent_guard.reason}: why, in words (redacted, capped). */
  public static final AttributeKey<String> REASON = AttributeKey.stringKey("agent_guard.reason");
  /** {@code agent_guard.check}: the check that decided ({@code filesystem}, {@code network}, ...). */
  public static final AttributeKey<String> CHECK = AttributeKey.stringKey("agent_guard.check");
  /** {@code agent_guard.decision.source}: {@code policy}, {@code approver} or {@code default}. */
  public static final AttributeKey<String> DECISION_SOURCE = AttributeKey.stringKey("agent_guard.decision.source");
  /** {@code agent_guard.mode}: {@code enforce} or {@code audit}. */
  public static final AttributeKey<String> MODE = AttributeKey.stringKey("agent_guard.mode");
  /**
   * What the call's conversation has seen when the call was decided (labels and the calls that set them, calls
   * and approvals so far, the call's own labels); present when the policy has a {@code session} section.
   */
  public static final AttributeKey<String> SESSION = AttributeKey.stringKey("agent_guard.session");
  /** {@code agent_guard.approval.request_id}. */
  public static final AttributeKey<String> APPROVAL_REQUEST_ID =
      AttributeKey.stringKey("agent_guard.approval.request_id");
  /** {@code agent_guard.approval.rules}: the rules that asked. */
  public static final AttributeKey<List<String>> APPROVAL_RULES =
      AttributeKey.stringArrayKey("agent_guard.approval.rules");
  /** {@code agent_guard.approval.approver}: who decided. */
  public static final AttributeKey<String> APPROVAL_APPROVER = AttributeKey.stringKey("agent_guard.approval.approver");
  /** {@code agent_guard.approval.scope}: {@code once} or {@code session}. */
  public static final AttributeKey<String> APPROVAL_SCOPE = AttributeKey.stringKey("agent_guard.approval.scope");
  /**
   * {@code agent_guard.approval.outcome}: {@code approved}, {@code denied}, {@code session}, or the fail-closed
   * cause ({@code timeout}, {@code error}, {@code null}, {@code cancelled}, {@code interrupted}).
   */
  public static final AttributeKey<String> APPROVAL_OUTCOME = AttributeKey.stringKey("agent_guard.approval.outcome");
  /** {@code agent_guard.approval.wait_ms}. */
  public static final AttributeKey<Double> APPROVAL_WAIT_MS = AttributeKey.doubleKey("agent_guard.approval.wait_ms");
  /** {@code agent_guard.agent.rationale}: why the agent chose the call (redacted, capped). */
  public static final AttributeKey<String> RATIONALE = AttributeKey.stringKey("agent_guard.agent.rationale");
  /** {@code agent_guard.agent.alternatives}: other calls the agent weighed (redacted, capped). */
  public static final AttributeKey<List<String>> ALTERNATIVES =
      AttributeKey.stringArrayKey("agent_guard.agent.alternatives");

  /** Span event: one check's decision. */
  public static final String EVENT_CHECK = "agent_guard.check";
  /** Span event: the call was held for approval. */
  public static final String EVENT_APPROVAL_REQUESTED = "agent_guard.approval.requested";
  /** Span event: the approval was answered or failed closed. */
  public static final String EVENT_APPROVAL_RESOLVED = "agent_guard.approval.resolved";
  /** Span event: the agent's rationale and alternatives. */
  public static final String EVENT_RATIONALE = "agent_guard.agent.rationale";

  /** Counter of final decisions, by verdict, tool and rule. */
  public static final String METRIC_DECISIONS = "agent_guard.decisions";
  /** Histogram of the guard's own time per call, in seconds, without the tool and the approval wait. */
  public static final String METRIC_OVERHEAD = "agent_guard.overhead";
  /** Histogram of approval waits, in seconds. */
  public static final String METRIC_APPROVAL_WAIT = "agent_guard.approval.wait";

  /**
   * Bucket boundaries advised for {@link #METRIC_OVERHEAD}, in seconds: 1 µs to 1 s in 1-2.5-5 steps, where the
   * guard's own time per call lies (microseconds for a check, milliseconds with slow file systems or DNS).
   */
  public static final List<Double> OVERHEAD_BUCKETS = List.of(
      0.000_001, 0.000_002_5, 0.000_005, 0.000_01, 0.000_025, 0.000_05, 0.000_1, 0.000_25, 0.000_5,
      0.001, 0.002_5, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0);

  /**
   * Bucket boundaries advised for {@link #METRIC_APPROVAL_WAIT}, in seconds: 100 ms to 1 hour, where a person's
   * (or a bot's) answer lies.
   */
  public static final List<Double> APPROVAL_WAIT_BUCKETS = List.of(
      0.1, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1_800.0, 3_600.0);

  /** {@code error.type} of a denied call. */
  public static final String DENIED = "agent_guard.denied";
  /** {@code error.type} of a call whose tool returned an error result. */
  public static final String TOOL_ERROR = "tool_error";
  /** {@code error.type} of a span ended because its call never finished. */
  public static final String ABANDONED = "agent_guard.abandoned";

  private GuardAttributes() {}
}
