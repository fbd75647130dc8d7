package dev.agentguard.examples;

import dev.agentguard.api.CallContext;
import dev.agentguard.api.ToolCall;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/** A stand-in for a language model: emits a fixed list of tool calls, one per turn. No network, no key. */
final class ScriptedModel {

  private final Deque<ToolCall> script;

  ScriptedModel(List<ToolCall> script) {
    this.script = new ArrayDeque<>(script);
  }

  /** The model's next tool call, or empty when it is done. */
  Optional<ToolCall> nextCall() {
    return Optional.ofNullable(script.poll());
  }

  static ToolCall call(String id, String tool, String json, String rationale) {
    return new ToolCall(id, tool, json, CallContext.builder()
        .agentName("demo-agent")
        .conversationId("demo-conversation")
        .rationale(rationale)
        .build());
  }
}
