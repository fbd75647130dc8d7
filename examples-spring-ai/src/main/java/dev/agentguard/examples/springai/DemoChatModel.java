package dev.agentguard.examples.springai;

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
 * A stand-in for a real chat model (no network, no key): it asks for the tool calls it was scripted with, runs
 * them through Spring AI's {@link ToolCallingManager} as real chat models do, and answers with what it was told.
 */
final class DemoChatModel implements ChatModel {

  private final ToolCallingManager tools;
  private final List<AssistantMessage.ToolCall> script;

  DemoChatModel(ToolCallingManager tools, List<AssistantMessage.ToolCall> script) {
    this.tools = tools;
    this.script = List.copyOf(script);
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
    List<ToolResponseMessage.ToolResponse> results = new ArrayList<>();
    for (Message m : prompt.getInstructions()) {
      if (m instanceof ToolResponseMessage) {
        results.addAll(((ToolResponseMessage) m).getResponses());
      }
    }
    AssistantMessage message = results.isEmpty()
        ? AssistantMessage.builder().content("").toolCalls(script).build()
        : new AssistantMessage(results.stream()
            .map(r -> "  " + r.name() + " -> " + r.responseData().strip())
            .collect(Collectors.joining("\n")));
    return new ChatResponse(List.of(new Generation(message)));
  }
}
