package dev.agentguard.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

/**
 * An offline chat model: emits its scripted tool-calling messages one per turn, then a final answer that quotes
 * every tool result it was sent since the last user message. Records every request.
 */
final class ScriptedChatModel implements ChatModel {

  private final Queue<AiMessage> turns;
  final List<ChatRequest> requests = Collections.synchronizedList(new ArrayList<>());

  ScriptedChatModel(AiMessage... turns) {
    this.turns = new ConcurrentLinkedQueue<>(List.of(turns));
  }

  static AiMessage calls(String text, ToolExecutionRequest... requests) {
    return text == null ? AiMessage.from(requests) : AiMessage.from(text, List.of(requests));
  }

  static ToolExecutionRequest request(String id, String name, String arguments) {
    return ToolExecutionRequest.builder().id(id).name(name).arguments(arguments).build();
  }

  @Override
  public ChatResponse doChat(ChatRequest request) {
    requests.add(request);
    AiMessage next = turns.poll();
    if (next == null) {
      next = AiMessage.from("final: " + toolResults(request.messages()).stream()
          .map(ToolExecutionResultMessage::text).collect(Collectors.joining(" | ")));
    }
    return ChatResponse.builder().aiMessage(next).build();
  }

  /** Every tool result in {@code messages}. */
  static List<ToolExecutionResultMessage> toolResults(List<ChatMessage> messages) {
    List<ToolExecutionResultMessage> out = new ArrayList<>();
    for (ChatMessage m : messages) {
      if (m instanceof ToolExecutionResultMessage) {
        out.add((ToolExecutionResultMessage) m);
      }
    }
    return out;
  }

  /** Every tool result the model was sent over the whole run. */
  List<ToolExecutionResultMessage> allToolResults() {
    synchronized (requests) {
      List<ToolExecutionResultMessage> out = new ArrayList<>();
      for (ChatRequest r : requests) {
        for (ToolExecutionResultMessage m : toolResults(r.messages())) {
          if (!out.contains(m)) {
            out.add(m);
          }
        }
      }
      return out;
    }
  }
}
