package dev.agentguard.langchain4j;

import dev.agentguard.api.CallContext;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.observability.api.event.AiServiceResponseReceivedEvent;
import dev.langchain4j.observability.api.listener.AiServiceListener;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Carries the model's own words into the guard. LangChain4j does not hand a tool executor the {@code AiMessage}
 * that carried the tool requests; it does announce every model response to AI service listeners. Register one
 * instance as a listener with the AI service ({@code AiServices.registerListener(rationale)}) and pass it to
 * {@link GuardSettings.Builder#rationale}; each guarded call then gets, from the response of the same
 * invocation that holds its request, the message text as {@code rationale} and the other tool requests of that
 * message as {@code alternatives} (as {@code name(arguments)}).
 *
 * <p>Remembers the latest tool-calling response of at most {@value #MAX_INVOCATIONS} invocations (oldest
 * forgotten first). Thread-safe.
 */
public final class AgentRationale implements AiServiceListener<AiServiceResponseReceivedEvent> {

  /** How many invocations are remembered at once. */
  public static final int MAX_INVOCATIONS = 256;

  private static final int MAX_RATIONALE_CHARS = 4_000;
  private static final int MAX_ALTERNATIVE_CHARS = 500;
  private static final int MAX_ALTERNATIVES = 20;

  private final Map<UUID, AiMessage> latest = new LinkedHashMap<>(16, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<UUID, AiMessage> eldest) {
      return size() > MAX_INVOCATIONS;
    }
  };

  /** Creates an empty rationale source. */
  public AgentRationale() {}

  @Override
  public Class<AiServiceResponseReceivedEvent> getEventClass() {
    return AiServiceResponseReceivedEvent.class;
  }

  /** Remembers the response's message when it carries tool requests. */
  @Override
  public void onEvent(AiServiceResponseReceivedEvent event) {
    if (event == null || event.invocationContext() == null || event.invocationContext().invocationId() == null) {
      return;
    }
    ChatResponse response = event.response();
    AiMessage message = response == null ? null : response.aiMessage();
    if (message == null || !message.hasToolExecutionRequests()) {
      return;
    }
    synchronized (latest) {
      latest.put(event.invocationContext().invocationId(), message);
    }
  }

  /**
   * Adds the rationale and alternatives for {@code request} to {@code builder}, when the latest remembered
   * response of the invocation holds that request; otherwise adds nothing.
   */
  void describe(InvocationContext context, ToolExecutionRequest request, CallContext.Builder builder) {
    Objects.requireNonNull(request, "request must not be null");
    Objects.requireNonNull(builder, "builder must not be null");
    if (context == null || context.invocationId() == null) {
      return;
    }
    AiMessage message;
    synchronized (latest) {
      message = latest.get(context.invocationId());
    }
    if (message == null || !contains(message.toolExecutionRequests(), request)) {
      return;
    }
    String text = message.text();
    if (text != null && !text.isBlank()) {
      builder.rationale(bounded(text.strip(), MAX_RATIONALE_CHARS));
    }
    List<String> alternatives = new ArrayList<>();
    for (ToolExecutionRequest other : message.toolExecutionRequests()) {
      if (alternatives.size() == MAX_ALTERNATIVES) {
        break;
      }
      if (!same(other, request)) {
        alternatives.add(bounded(other.name() + "(" + other.arguments() + ")", MAX_ALTERNATIVE_CHARS));
      }
    }
    builder.alternatives(alternatives);
  }

  /** Forgets everything remembered. */
  public void clear() {
    synchronized (latest) {
      latest.clear();
    }
  }

  private static boolean contains(List<ToolExecutionRequest> requests, ToolExecutionRequest request) {
    for (ToolExecutionRequest r : requests) {
      if (same(r, request)) {
        return true;
      }
    }
    return false;
  }

  private static boolean same(ToolExecutionRequest a, ToolExecutionRequest b) {
    if (a.id() != null && !a.id().isBlank() && b.id() != null && !b.id().isBlank()) {
      return a.id().equals(b.id());
    }
    return Objects.equals(a.name(), b.name()) && Objects.equals(a.arguments(), b.arguments());
  }

  private static String bounded(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + " [truncated]";
  }
}
