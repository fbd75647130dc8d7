package dev.agentguard.langchain4j;

import dev.agentguard.api.CallContext;
import dev.agentguard.api.Decision;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolCallDeniedException;
import dev.agentguard.api.ToolResult;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.telemetry.Redactor;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.invocation.InvocationParameters;
import dev.langchain4j.service.tool.ToolExecutionResult;
import dev.langchain4j.service.tool.ToolExecutor;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A LangChain4j {@link ToolExecutor} that runs every tool call through an {@link AgentGuard} before the tool it
 * decorates. An allowed call runs the decorated executor with the original request and invocation context and
 * returns its result unchanged. A refused call (denied by policy, or approval refused) never reaches the tool:
 * the model receives an error result naming the rule and the reason, and the AI service carries on.
 *
 * <p>The call the guard sees: the request's id (a fresh one when the model gave none), name and arguments; the
 * chat memory id as conversation id; the AI service interface's simple name as agent name; the principal and
 * working directory from the invocation parameters named in {@link GuardSettings}; the invocation id and
 * method name as attributes ({@code langchain4j.invocation_id}, {@code langchain4j.method}); and, when an
 * {@link AgentRationale} is registered with the AI service, the model's text and its other tool requests.
 *
 * <p>Thread-safe: one instance may serve concurrent tool calls ({@code executeToolsConcurrently()}).
 */
public final class GuardedToolExecutor implements ToolExecutor {

  /** Attribute holding LangChain4j's invocation id. */
  public static final String INVOCATION_ID_ATTRIBUTE = "langchain4j.invocation_id";

  /** Attribute holding the AI service method's name. */
  public static final String METHOD_ATTRIBUTE = "langchain4j.method";

  private static final int MAX_REASON_CHARS = 2_000;
  private static final int MAX_CONTEXT_VALUE_CHARS = 1_000;

  private final AgentGuard guard;
  private final ToolExecutor delegate;
  private final GuardSettings settings;

  GuardedToolExecutor(AgentGuard guard, ToolExecutor delegate, GuardSettings settings) {
    this.guard = Objects.requireNonNull(guard, "guard must not be null");
    this.delegate = Objects.requireNonNull(delegate, "delegate must not be null");
    this.settings = Objects.requireNonNull(settings, "settings must not be null");
  }

  /**
   * Returns {@code delegate} guarded by {@code guard}, with the default {@link GuardSettings}.
   *
   * @param guard the guard that judges every call
   * @param delegate the executor that runs allowed calls
   * @return {@code delegate} guarded by {@code guard}, with the default {@link GuardSettings}
   */
  public static GuardedToolExecutor of(AgentGuard guard, ToolExecutor delegate) {
    return new GuardedToolExecutor(guard, delegate, GuardSettings.defaults());
  }

  /**
   * Returns {@code delegate} guarded by {@code guard}, with {@code settings}.
   *
   * @param guard the guard that judges every call
   * @param delegate the executor that runs allowed calls
   * @param settings how a call's context is read from LangChain4j's invocation
   * @return {@code delegate} guarded by {@code guard}, with {@code settings}
   */
  public static GuardedToolExecutor of(AgentGuard guard, ToolExecutor delegate, GuardSettings settings) {
    return new GuardedToolExecutor(guard, delegate, settings);
  }

  /**
   * The executor this one guards.
   *
   * @return the executor this one guards
   */
  public ToolExecutor delegate() {
    return delegate;
  }

  /**
   * Runs the request through the guard, then (if allowed) through the decorated executor's {@code execute} with
   * the same request and memory id, and returns the result text; a refusal's text when the guard refused. Only
   * the memory id is known here, so the guard sees it as the conversation id and nothing else of the context.
   */
  @Override
  public String execute(ToolExecutionRequest request, Object memoryId) {
    Objects.requireNonNull(request, "request must not be null");
    InvocationContext context = memoryId == null ? null : InvocationContext.builder().chatMemoryId(memoryId).build();
    ToolExecutionResult result = guarded(request, context, checked -> {
      String text = delegate.execute(checked, memoryId);
      return ToolExecutionResult.builder().resultText(text == null ? "" : text).build();
    });
    return result.resultText();
  }

  /**
   * Runs the request through the guard, then (if allowed) through the decorated executor with the same request
   * and context, and returns the decorated executor's result unchanged; a refusal (an error result) when the
   * guard refused. {@code context} may be {@code null}.
   */
  @Override
  public ToolExecutionResult executeWithContext(ToolExecutionRequest request, InvocationContext context) {
    Objects.requireNonNull(request, "request must not be null");
    return guarded(request, context, checked -> delegate.executeWithContext(checked, context));
  }

  /** Runs the decorated executor on the (checked) request. */
  private interface Run {
    ToolExecutionResult run(ToolExecutionRequest checked);
  }

  private ToolExecutionResult guarded(ToolExecutionRequest request, InvocationContext context, Run run) {
    ToolCall call = toCall(request, context);
    AtomicReference<ToolExecutionResult> produced = new AtomicReference<>();
    dev.agentguard.api.ToolExecutor terminal = checked -> {
      ToolExecutionResult result = run.run(requestFor(request, checked));
      if (result == null) {
        throw new IllegalStateException("tool executor " + delegate.getClass().getName() + " returned null");
      }
      produced.set(result);
      return new ToolResult(Objects.requireNonNullElse(result.resultText(), ""), result.isError());
    };
    try {
      guard.wrap(terminal).execute(call);
    } catch (ToolCallDeniedException e) {
      return refusal(e.decision().rule(), e.shownReason());
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
    ToolExecutionResult result = produced.get();
    if (result == null) {
      throw new IllegalStateException("agent-guard completed the call without running the tool");
    }
    return result;
  }

  /**
   * Returns the agent-guard call the guard judges for {@code request} in {@code context} ({@code null} allowed).
   *
   * @param request LangChain4j's tool request; not {@code null}; a missing id gets a random one, missing
   *     arguments become {@code {}}
   * @param context the invocation it belongs to, or {@code null} for an empty context
   * @return the agent-guard call the guard judges for {@code request} in {@code context} ({@code null} allowed)
   */
  public ToolCall toCall(ToolExecutionRequest request, InvocationContext context) {
    Objects.requireNonNull(request, "request must not be null");
    String id = request.id() == null || request.id().isBlank() ? "lc4j-" + UUID.randomUUID() : request.id();
    String name = request.name() == null ? "" : request.name();
    String arguments = request.arguments() == null || request.arguments().isBlank() ? "{}" : request.arguments();
    return new ToolCall(id, name, arguments, contextOf(request, context));
  }

  private CallContext contextOf(ToolExecutionRequest request, InvocationContext context) {
    if (context == null) {
      return CallContext.empty();
    }
    CallContext.Builder b = CallContext.builder();
    Object memoryId = context.chatMemoryId();
    if (memoryId != null) {
      b.conversationId(bounded(String.valueOf(memoryId)));
    }
    String interfaceName = context.interfaceName();
    if (interfaceName != null && !interfaceName.isBlank()) {
      b.agentName(bounded(simpleName(interfaceName)));
    }
    if (context.invocationId() != null) {
      b.attribute(INVOCATION_ID_ATTRIBUTE, context.invocationId().toString());
    }
    if (context.methodName() != null && !context.methodName().isBlank()) {
      b.attribute(METHOD_ATTRIBUTE, bounded(context.methodName()));
    }
    InvocationParameters parameters = context.invocationParameters();
    if (parameters != null) {
      Map<String, Object> values = parameters.asMap();
      text(values.get(settings.principalParameter())).ifPresent(b::principal);
      text(values.get(settings.workingDirectoryParameter())).ifPresent(b::workingDirectory);
    }
    settings.rationale().ifPresent(r -> r.describe(context, request, b));
    return b.build();
  }

  private static java.util.Optional<String> text(Object value) {
    if (value == null) {
      return java.util.Optional.empty();
    }
    String s = String.valueOf(value);
    return s.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(bounded(s));
  }

  private static String simpleName(String interfaceName) {
    int dot = interfaceName.lastIndexOf('.');
    String simple = dot >= 0 ? interfaceName.substring(dot + 1) : interfaceName;
    int dollar = simple.lastIndexOf('$');
    return dollar >= 0 && dollar < simple.length() - 1 ? simple.substring(dollar + 1) : simple;
  }

  private static String bounded(String s) {
    return s.length() <= MAX_CONTEXT_VALUE_CHARS ? s : s.substring(0, MAX_CONTEXT_VALUE_CHARS);
  }

  /**
   * The guard may only have judged the request itself: the checked call's arguments are what runs.
   *
   * @return the guard may only have judged the request itself: the checked call's arguments are what runs
   */
  private static ToolExecutionRequest requestFor(ToolExecutionRequest original, ToolCall checked) {
    String originalName = original.name() == null ? "" : original.name();
    if (!originalName.equals(checked.toolName())) {
      throw new IllegalStateException("an interceptor renamed the tool from '" + originalName + "' to '"
          + checked.toolName() + "'; refusing to run a different tool than the model asked for");
    }
    String originalArguments = original.arguments() == null || original.arguments().isBlank()
        ? "{}" : original.arguments();
    if (originalArguments.equals(checked.argumentsJson())) {
      return original;
    }
    return original.toBuilder().arguments(checked.argumentsJson()).build();
  }

  /**
   * Returns the error result the model sees for a refusal:
   * {@code Tool call refused by agent-guard (rule RULE): REASON}, redacted, one line, bounded.
   *
   * @return the error result the model sees for a refusal: {@code Tool call refused by agent-guard (rule RULE):
   *     REASON}, redacted, one line, bounded
   */
  static ToolExecutionResult refusal(Decision decision) {
    return refusal(decision.rule(), decision.reason());
  }

  private static ToolExecutionResult refusal(String rule, String reason) {
    return ToolExecutionResult.builder().isError(true).resultText(refusalText(rule, reason)).build();
  }

  /**
   * The text of {@link #refusal(Decision)}.
   *
   * @return the text of {@link #refusal(Decision)}
   */
  static String refusalText(Decision decision) {
    return refusalText(decision.rule(), decision.reason());
  }

  /**
   * The refusal text for {@code rule} and {@code shownReason} (host paths already shortened by the guard).
   *
   * @return the refusal text for {@code rule} and {@code shownReason} (host paths already shortened by the guard)
   */
  private static String refusalText(String decidingRule, String shownReason) {
    Redactor redactor = Redactor.defaults();
    String rule = clean(redactor.redactText(decidingRule), 200);
    String reason = clean(redactor.redactText(shownReason), MAX_REASON_CHARS);
    return "Tool call refused by agent-guard (rule " + rule + "): " + (reason.isEmpty() ? "no reason given" : reason)
        + ". Do not retry the same call; choose another way or tell the user.";
  }

  private static String clean(String text, int max) {
    if (text == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(Math.min(text.length(), max));
    for (int i = 0; i < text.length() && sb.length() < max; i++) {
      char c = text.charAt(i);
      sb.append(Character.isISOControl(c) ? ' ' : c);
    }
    String s = sb.toString().strip();
    while (s.endsWith(".")) {
      s = s.substring(0, s.length() - 1);
    }
    return text.length() > max ? s + " [truncated]" : s;
  }

  @Override
  public String toString() {
    return "GuardedToolExecutor{" + delegate + "}";
  }
}
