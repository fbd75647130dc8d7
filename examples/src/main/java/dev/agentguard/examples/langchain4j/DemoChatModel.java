package dev.agentguard.examples.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * A scripted stand-in for a language model: no network, no key. It asks for its scripted tool calls one turn at a
 * time, prints the conversation as it goes, and answers when the script is done.
 */
final class DemoChatModel implements ChatModel {

  private final Deque<AiMessage> turns;
  private final PrintStream out;
  private int seen;

  DemoChatModel(PrintStream out, List<AiMessage> turns) {
    this.out = out;
    this.turns = new ArrayDeque<>(turns);
  }

  static ToolExecutionRequest call(String id, String tool, String arguments) {
    return ToolExecutionRequest.builder().id(id).name(tool).arguments(arguments).build();
  }

  @Override
  public synchronized ChatResponse doChat(ChatRequest request) {
    List<ChatMessage> messages = request.messages();
    for (ChatMessage message : messages.subList(Math.min(seen, messages.size()), messages.size())) {
      if (message instanceof ToolExecutionResultMessage) {
        ToolExecutionResultMessage r = (ToolExecutionResultMessage) message;
        out.printf("  tool  -> model  [%s %s]%s %s%n", r.id(), r.toolName(),
            Boolean.TRUE.equals(r.isError()) ? " ERROR" : "", oneLine(r.text()));
      }
    }
    AiMessage next = turns.poll();
    if (next == null) {
      next = AiMessage.from("Done. I read the README and listed the workspace; the instance metadata and the "
          + "disk clean-up were refused by policy, so I left them alone.");
    }
    if (next.text() != null) {
      out.printf("%n  model: %s%n", next.text());
    }
    for (ToolExecutionRequest r : next.toolExecutionRequests()) {
      out.printf("  model -> tool   [%s %s] %s%n", r.id(), r.name(), r.arguments());
    }
    seen = messages.size() + 1;
    return ChatResponse.builder().aiMessage(next).build();
  }

  private static String oneLine(String text) {
    String s = text == null ? "" : text.replace('\n', ' ').strip();
    return s.length() <= 240 ? s : s.substring(0, 240) + "...";
  }
}
