package dev.agentguard.springai;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.model.tool.ToolExecutionResult;

/**
 * A chat model with a script instead of a network: its first answer asks for the scripted tool calls, its second
 * repeats every tool response it was given. It runs the tool loop through the {@link ToolCallingManager} the way
 * Spring AI's own chat models do.
 */
final class ScriptedChatModel implements ChatModel {

  private final ToolCallingManager tools;
  private final List<AssistantMessage.ToolCall> calls;

  ScriptedChatModel(ToolCallingManager tools, List<AssistantMessage.ToolCall> calls) {
    this.tools = tools;
    this.calls = List.copyOf(calls);
  }

  static AssistantMessage.ToolCall call(String id, String name, String arguments) {
    return new AssistantMessage.ToolCall(id, "function", name, arguments);
  }

  @Override
  public ChatResponse call(Prompt prompt) {
    ChatResponse response = answer(prompt);
    while (response.getResult().getOutput().hasToolCalls()) {
      ToolExecutionResult executed = tools.executeToolCalls(prompt, response);
      prompt = new Prompt(executed.conversationHistory(), prompt.getOptions());
      response = answer(prompt);
    }
    return response;
  }

  private ChatResponse answer(Prompt prompt) {
    List<ToolResponseMessage.ToolResponse> seen = new ArrayList<>();
    for (Message m : prompt.getInstructions()) {
      if (m instanceof ToolResponseMessage) {
        seen.addAll(((ToolResponseMessage) m).getResponses());
      }
    }
    AssistantMessage message = seen.isEmpty()
        ? AssistantMessage.builder().content("").toolCalls(calls).build()
        : new AssistantMessage(seen.stream().map(r -> r.id() + ": " + r.responseData())
            .collect(Collectors.joining("\n")));
    return new ChatResponse(List.of(new Generation(message)));
  }
}
