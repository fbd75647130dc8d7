package dev.agentguard.otel;

import static dev.agentguard.otel.GuardAttributes.ALTERNATIVES;
import static dev.agentguard.otel.GuardAttributes.APPROVAL_APPROVER;
import static dev.agentguard.otel.GuardAttributes.APPROVAL_OUTCOME;
import static dev.agentguard.otel.GuardAttributes.APPROVAL_REQUEST_ID;
import static dev.agentguard.otel.GuardAttributes.APPROVAL_RULES;
import static dev.agentguard.otel.GuardAttributes.APPROVAL_SCOPE;
import static dev.agentguard.otel.GuardAttributes.APPROVAL_WAIT_MS;
import static dev.agentguard.otel.GuardAttributes.CHECK;
import static dev.agentguard.otel.GuardAttributes.DECISION_SOURCE;
import static dev.agentguard.otel.GuardAttributes.DENIED;
import static dev.agentguard.otel.GuardAttributes.ERROR_TYPE;
import static dev.agentguard.otel.GuardAttributes.GEN_AI_AGENT_ID;
import static dev.agentguard.otel.GuardAttributes.GEN_AI_AGENT_NAME;
import static dev.agentguard.otel.GuardAttributes.GEN_AI_CONVERSATION_ID;
import static dev.agentguard.otel.GuardAttributes.GEN_AI_OPERATION_NAME;
import static dev.agentguard.otel.GuardAttributes.GEN_AI_TOOL_CALL_ARGUMENTS;
import static dev.agentguard.otel.GuardAttributes.GEN_AI_TOOL_CALL_ID;
import static dev.agentguard.otel.GuardAttributes.GEN_AI_TOOL_CALL_RESULT;
import static dev.agentguard.otel.GuardAttributes.GEN_AI_TOOL_NAME;
import static dev.agentguard.otel.GuardAttributes.GEN_AI_TOOL_TYPE;
import static dev.agentguard.otel.GuardAttributes.MODE;
import static dev.agentguard.otel.GuardAttributes.RATIONALE;
import static dev.agentguard.otel.GuardAttributes.REASON;
import static dev.agentguard.otel.GuardAttributes.RULE;
import static dev.agentguard.otel.GuardAttributes.TOOL_ERROR;
import static dev.agentguard.otel.GuardAttributes.VERDICT;

import dev.agentguard.api.ApprovalRequest;
import dev.agentguard.api.CallContext;
import dev.agentguard.api.Decision;
import dev.agentguard.api.Durations;
import dev.agentguard.api.Evaluation;
import dev.agentguard.api.GuardEvent;
import dev.agentguard.api.RedactedException;
import dev.agentguard.api.GuardListener;
import dev.agentguard.api.ToolCall;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Turns guard events into OpenTelemetry spans and metrics, following the GenAI semantic conventions for tool
 * execution: one INTERNAL span {@code execute_tool {gen_ai.tool.name}} per call, a child of the context current
 * when the call started, with the decision, every check's verdict, the approval and the agent's rationale; and
 * the metrics {@code agent_guard.decisions}, {@code agent_guard.overhead} and {@code agent_guard.approval.wait}.
 * See {@link GuardAttributes} for every name.
 *
 * <p>Arguments and results ({@code gen_ai.tool.call.arguments} / {@code .result}) are recorded only with
 * {@link Builder#captureContent(boolean)} on; everything arrives redacted by the guard, and every text is capped
 * at {@link Builder#maxAttributeLength(int)}. Tool exceptions are recorded by class name only, never by message.
 *
 * <p>Correlation: the guard delivers a call's events on the calling thread, in order, from {@code CallStarted} to
 * {@code CallCompleted}, {@code CallDenied} or {@code CallFailed}. Events carry redacted copies of the call, so
 * object identity cannot tie them together; the listener keys a call by (calling thread, call id, conversation
 * id), with a stack per key so that a nested call reusing an id stays separate. A span whose call never
 * finishes (a listener added mid-call, an event lost) is ended with {@code error.type=agent_guard.abandoned} once
 * it is older than {@link Builder#staleAfter(Duration)}, or when more than {@link Builder#maxInFlight(int)} calls
 * are open. When neither tracing nor the metrics are enabled (no SDK installed) an event costs a few checks.
 *
 * <pre>{@code
 * AgentGuard guard = AgentGuard.builder()
 *     .policy(policy)
 *     .listener(OpenTelemetryGuardListener.create(GlobalOpenTelemetry.get()))
 *     .build();
 * }</pre>
 */
public final class OpenTelemetryGuardListener implements GuardListener {

  private static final String SCOPE = "dev.agentguard";
  private static final String UNKNOWN_TOOL_RULE = "defaults.unknownTool";
  private static final String COMMAND_DEFAULT_RULE = "commands.default";
  private static final String APPROVAL_CHECK = "approval";
  private static final int MAX_ALTERNATIVES = 16;

  private final Tracer tracer;
  private final LongCounter decisions;
  private final DoubleHistogram overhead;
  private final DoubleHistogram approvalWait;
  private final boolean captureContent;
  private final int maxLength;
  private final InFlightSpans open;

  private OpenTelemetryGuardListener(Builder b) {
    this.tracer = b.openTelemetry.tracerBuilder(SCOPE).setInstrumentationVersion(ScopeVersion.VERSION).build();
    Meter meter = b.openTelemetry.meterBuilder(SCOPE).setInstrumentationVersion(ScopeVersion.VERSION).build();
    this.decisions = meter.counterBuilder(GuardAttributes.METRIC_DECISIONS)
        .setDescription("Final guard decisions, by verdict, tool and rule")
        .setUnit("{decision}")
        .build();
    this.overhead = meter.histogramBuilder(GuardAttributes.METRIC_OVERHEAD)
        .setDescription("Time the guard spent on a call, without the tool and the approval wait")
        .setUnit("s")
        .setExplicitBucketBoundariesAdvice(GuardAttributes.OVERHEAD_BUCKETS)
        .build();
    this.approvalWait = meter.histogramBuilder(GuardAttributes.METRIC_APPROVAL_WAIT)
        .setDescription("Time a call waited for an approver")
        .setUnit("s")
        .setExplicitBucketBoundariesAdvice(GuardAttributes.APPROVAL_WAIT_BUCKETS)
        .build();
    this.captureContent = b.captureContent;
    this.maxLength = b.maxAttributeLength;
    this.open = new InFlightSpans(b.maxInFlight, b.staleAfter.toNanos());
  }

  /**
   * A listener with the defaults of {@link #builder(OpenTelemetry)}.
   *
   * @param openTelemetry where spans and metrics go; not {@code null}
   * @return a listener with the defaults of {@link #builder(OpenTelemetry)}
   */
  public static OpenTelemetryGuardListener create(OpenTelemetry openTelemetry) {
    return builder(openTelemetry).build();
  }

  /**
   * Returns a builder for a listener reporting to {@code openTelemetry}.
   *
   * @param openTelemetry where spans and metrics go; not {@code null}
   * @return a builder for a listener reporting to {@code openTelemetry}
   */
  public static Builder builder(OpenTelemetry openTelemetry) {
    return new Builder(Objects.requireNonNull(openTelemetry, "openTelemetry must not be null"));
  }

  /**
   * How many calls have a span open right now.
   *
   * @return how many calls have a span open right now
   */
  public int inFlight() {
    return open.size();
  }

  @Override
  public void onEvent(GuardEvent event) {
    Objects.requireNonNull(event, "event must not be null");
    if (event.type() == GuardEvent.Type.CALL_STARTED) {
      if (!enabled()) {
        return;
      }
      start(event.call(), event.executionId());
      return;
    }
    if (open.isEmpty()) {
      return;
    }
    String key = event.executionId();
    if (event.isTerminal()) {
      CallSpan call = open.pop(key);
      if (call != null) {
        finish(call, event);
      }
      return;
    }
    CallSpan call = open.top(key);
    if (call == null) {
      return;
    }
    switch (event.type()) {
      case CALL_DECIDED:
        decided(call, ((GuardEvent.CallDecided) event).evaluation());
        break;
      case APPROVAL_REQUESTED:
        approvalRequested(call, ((GuardEvent.ApprovalRequested) event).request());
        break;
      case APPROVAL_RESOLVED:
        approvalResolved(call, (GuardEvent.ApprovalResolved) event);
        break;
      default:
        // A late approval arrives after its span ended: nothing to add to it.
        break;
    }
  }

  private boolean enabled() {
    return tracer.isEnabled() || decisions.isEnabled() || overhead.isEnabled() || approvalWait.isEnabled();
  }

  private void start(ToolCall call, String executionId) {
    long now = System.nanoTime();
    open.makeRoom(now);
    Span span = tracer.isEnabled() ? startSpan(call) : Span.getInvalid();
    open.push(executionId, new CallSpan(span, call.toolName(), now));
  }

  /** The span of a call, with the agent's rationale and alternatives as an event when it records. */
  private Span startSpan(ToolCall call) {
    CallContext ctx = call.context();
    AttributesBuilder attrs = Attributes.builder()
        .put(GEN_AI_OPERATION_NAME, "execute_tool")
        .put(GEN_AI_TOOL_NAME, call.toolName())
        .put(GEN_AI_TOOL_CALL_ID, call.id())
        .put(GEN_AI_TOOL_TYPE, "function");
    ctx.agentId().ifPresent(v -> attrs.put(GEN_AI_AGENT_ID, v));
    ctx.agentName().ifPresent(v -> attrs.put(GEN_AI_AGENT_NAME, v));
    ctx.conversationId().ifPresent(v -> attrs.put(GEN_AI_CONVERSATION_ID, v));
    if (captureContent) {
      attrs.put(GEN_AI_TOOL_CALL_ARGUMENTS, cap(call.argumentsJson()));
    }
    Span span = tracer.spanBuilder("execute_tool " + call.toolName())
        .setSpanKind(SpanKind.INTERNAL)
        .setParent(Context.current())
        .setAllAttributes(attrs.build())
        .startSpan();
    if (span.isRecording() && (ctx.rationale().isPresent() || !ctx.alternatives().isEmpty())) {
      AttributesBuilder r = Attributes.builder();
      ctx.rationale().ifPresent(v -> r.put(RATIONALE, cap(v)));
      if (!ctx.alternatives().isEmpty()) {
        List<String> alternatives = new ArrayList<>();
        for (String a : ctx.alternatives()) {
          if (alternatives.size() == MAX_ALTERNATIVES) {
            break;
          }
          alternatives.add(cap(a));
        }
        r.put(ALTERNATIVES, alternatives);
      }
      span.addEvent(GuardAttributes.EVENT_RATIONALE, r.build());
    }
    return span;
  }

  private void decided(CallSpan call, Evaluation evaluation) {
    call.toolReadyNanos = System.nanoTime();
    Decision d = evaluation.decision();
    call.verdict = d.verdict().label();
    call.rule = d.rule();
    call.reason = d.reason();
    call.source = source(d);
    call.mode = evaluation.enforced() ? "enforce" : "audit";
    Span span = call.span;
    if (!span.isRecording()) {
      return;
    }
    for (Decision each : evaluation.decisions()) {
      span.addEvent(GuardAttributes.EVENT_CHECK, Attributes.of(
          CHECK, each.check(), VERDICT, each.verdict().label(), RULE, each.rule(), REASON, cap(each.reason())));
      if ("session".equals(each.check()) && "session.state".equals(each.rule())) {
        span.setAttribute(GuardAttributes.SESSION, cap(each.reason()));
      }
    }
    span.setAttribute(MODE, call.mode);
    setDecision(call);
  }

  private void approvalRequested(CallSpan call, ApprovalRequest request) {
    call.approvalStartNanos = System.nanoTime();
    if (call.span.isRecording()) {
      call.span.addEvent(GuardAttributes.EVENT_APPROVAL_REQUESTED, Attributes.of(
          APPROVAL_REQUEST_ID, request.requestId(), APPROVAL_RULES, request.ruleIds()));
    }
  }

  private void approvalResolved(CallSpan call, GuardEvent.ApprovalResolved resolved) {
    long now = System.nanoTime();
    Duration waited = resolved.waited();
    call.approvalWaitNanos += call.approvalStartNanos > 0 ? now - call.approvalStartNanos : waited.toNanos();
    call.approvalStartNanos = 0;
    call.toolReadyNanos = now;
    if (!"session".equals(resolved.outcome())) {
      approvalWait.record(seconds(waited), Attributes.of(GEN_AI_TOOL_NAME, call.tool,
          APPROVAL_OUTCOME, resolved.outcome()));
    }
    call.source = "approver";
    if (resolved.response().isApproved()) {
      call.verdict = "allow";
    }
    if (call.span.isRecording()) {
      call.span.addEvent(GuardAttributes.EVENT_APPROVAL_RESOLVED, Attributes.builder()
          .put(APPROVAL_REQUEST_ID, resolved.request().requestId())
          .put(APPROVAL_OUTCOME, resolved.outcome())
          .put(APPROVAL_APPROVER, cap(resolved.response().decidedBy()))
          .put(APPROVAL_SCOPE, resolved.response().scope().name().toLowerCase(Locale.ROOT))
          .put(APPROVAL_WAIT_MS, waited.toNanos() / 1_000_000.0)
          .build());
      call.span.setAttribute(APPROVAL_OUTCOME, resolved.outcome());
      call.span.setAttribute(APPROVAL_APPROVER, cap(resolved.response().decidedBy()));
      setDecision(call);
    }
  }

  private void finish(CallSpan call, GuardEvent event) {
    long now = System.nanoTime();
    Span span = call.span;
    long guardEnd;
    if (event instanceof GuardEvent.CallDenied) {
      Decision d = ((GuardEvent.CallDenied) event).decision();
      call.verdict = "deny";
      call.rule = d.rule();
      call.reason = d.reason();
      call.source = APPROVAL_CHECK.equals(d.check()) ? "approver" : source(d);
      if (call.mode == null) {
        call.mode = "enforce";
      }
      guardEnd = now;
      if (span.isRecording()) {
        setDecision(call);
        span.setAttribute(MODE, call.mode);
        span.setAttribute(ERROR_TYPE, DENIED);
        span.setStatus(StatusCode.ERROR, cap(d.reason()));
      }
    } else if (event instanceof GuardEvent.CallFailed) {
      Throwable error = ((GuardEvent.CallFailed) event).error();
      guardEnd = call.toolReadyNanos > 0 ? call.toolReadyNanos : now;
      if (span.isRecording()) {
        String type = RedactedException.typeOf(error);
        span.setAttribute(ERROR_TYPE, type);
        span.setStatus(StatusCode.ERROR, type.substring(type.lastIndexOf('.') + 1));
      }
    } else {
      GuardEvent.CallCompleted completed = (GuardEvent.CallCompleted) event;
      guardEnd = call.toolReadyNanos > 0 ? call.toolReadyNanos : now;
      if (span.isRecording()) {
        if (captureContent) {
          span.setAttribute(GEN_AI_TOOL_CALL_RESULT, cap(completed.result().content()));
        }
        if (completed.result().error()) {
          span.setAttribute(ERROR_TYPE, TOOL_ERROR);
          span.setStatus(StatusCode.ERROR, TOOL_ERROR);
        }
      }
    }
    span.end();
    String verdict = call.verdict == null ? "none" : call.verdict;
    String rule = call.rule == null ? "none" : call.rule;
    decisions.add(1, Attributes.of(VERDICT, verdict, GEN_AI_TOOL_NAME, call.tool, RULE, rule));
    long guardNanos = Math.max(0, guardEnd - call.startNanos - call.approvalWaitNanos);
    overhead.record(guardNanos / 1e9, Attributes.of(GEN_AI_TOOL_NAME, call.tool, VERDICT, verdict));
  }

  private void setDecision(CallSpan call) {
    Span span = call.span;
    span.setAttribute(VERDICT, call.verdict);
    span.setAttribute(RULE, call.rule);
    span.setAttribute(REASON, cap(call.reason));
    span.setAttribute(DECISION_SOURCE, call.source);
  }

  private String source(Decision d) {
    if (UNKNOWN_TOOL_RULE.equals(d.rule()) || COMMAND_DEFAULT_RULE.equals(d.rule())) {
      return "default";
    }
    return APPROVAL_CHECK.equals(d.check()) ? "approver" : "policy";
  }

  private String cap(String s) {
    if (s == null) {
      return "";
    }
    if (s.length() <= maxLength) {
      return s;
    }
    int end = Character.isHighSurrogate(s.charAt(maxLength - 1)) ? maxLength - 1 : maxLength;
    return s.substring(0, end) + "...";
  }

  private static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }

  /** Builds an {@link OpenTelemetryGuardListener}. */
  public static final class Builder {
    private final OpenTelemetry openTelemetry;
    private boolean captureContent;
    private int maxAttributeLength = 1024;
    private int maxInFlight = 10_000;
    private Duration staleAfter = Duration.ofHours(1);

    private Builder(OpenTelemetry openTelemetry) {
      this.openTelemetry = openTelemetry;
    }

    /**
     * Records the (redacted) arguments and results as {@code gen_ai.tool.call.arguments} and
     * {@code gen_ai.tool.call.result} (default off: they may hold personal or business data).
     *
     * @param capture whether to record the redacted arguments and results
     * @return this builder
     */
    public Builder captureContent(boolean capture) {
      this.captureContent = capture;
      return this;
    }

    /**
     * Caps every text attribute at {@code chars} characters (default 1024).
     *
     * @param chars the longest text attribute, in characters; at least 16
     * @return this builder
     * @throws IllegalArgumentException if {@code chars} is below 16
     */
    public Builder maxAttributeLength(int chars) {
      if (chars < 16) {
        throw new IllegalArgumentException("chars must be at least 16, was " + chars);
      }
      this.maxAttributeLength = chars;
      return this;
    }

    /**
     * Keeps at most {@code calls} spans open at once (default 10 000); the oldest are ended first.
     *
     * @param calls the most spans open at once; positive
     * @return this builder
     * @throws IllegalArgumentException if {@code calls} is not positive
     */
    public Builder maxInFlight(int calls) {
      if (calls < 1) {
        throw new IllegalArgumentException("calls must be positive, was " + calls);
      }
      this.maxInFlight = calls;
      return this;
    }

    /**
     * Ends a span whose call has not finished after {@code age} (default 1 hour: approvals can be slow).
     *
     * @param age how long a call's span may stay open; positive
     * @return this builder
     * @throws IllegalArgumentException if {@code age} is zero or negative
     */
    public Builder staleAfter(Duration age) {
      this.staleAfter = Durations.positive(age, "age");
      return this;
    }

    /**
     * Returns the listener.
     *
     * @return the listener
     */
    public OpenTelemetryGuardListener build() {
      return new OpenTelemetryGuardListener(this);
    }
  }
}
