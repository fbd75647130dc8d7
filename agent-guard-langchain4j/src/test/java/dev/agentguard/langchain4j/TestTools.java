package dev.agentguard.langchain4j;

import dev.agentguard.api.GuardEvent;
import dev.agentguard.api.GuardListener;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolDescriptor;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.check.GuardEnvironment;
import dev.agentguard.core.fs.FileSystemRules.RootAccess;
import dev.agentguard.core.policy.Policy;
import dev.agentguard.core.policy.ToolRule;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Tools, a policy and a recording listener shared by the tests. */
final class TestTools {

  final List<String> ran = new CopyOnWriteArrayList<>();

  @Tool(name = "read_note", value = "Reads a note from the workspace",
      metadata = "{\"agent_guard.file.read\": \"/path\"}")
  String readNote(@P(name = "path", value = "the note's path") String path) {
    ran.add("read_note " + path);
    return "contents of " + path;
  }

  @Tool(name = "sql", value = "Runs a SQL query")
  String sql(@P(name = "query", value = "the query") String query) {
    ran.add("sql " + query);
    return "1 row";
  }

  @Tool(name = "fetch", value = "Fetches a URL")
  String fetch(@P(name = "url", value = "[url] the address") String url) {
    ran.add("fetch " + url);
    return "page " + url;
  }

  static Policy policy() {
    return Policy.builder()
        .root("${workspace}", RootAccess.READ)
        .unknownTool(Verdict.ALLOW)
        .tool(ToolDescriptor.of("read_note", ToolDescriptor.ResourceSpec.fileRead("/path")))
        .tool(ToolDescriptor.of("fetch", ToolDescriptor.ResourceSpec.url("/url")))
        .rule(new ToolRule("no-db-drop", "sql", new ToolRule.ArgumentCondition("/query", "(?i)\\bdrop\\b"),
            Verdict.DENY, "dropping tables is forbidden", List.of(), List.of()))
        .build();
  }

  static AgentGuard guard(Path workspace, GuardListener listener) {
    return AgentGuard.builder()
        .policy(policy())
        .environment(GuardEnvironment.ofWorkspace(workspace))
        .listener(listener)
        .build();
  }

  /** Records every guard event. */
  static final class Recorder implements GuardListener {
    final List<GuardEvent> events = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void onEvent(GuardEvent event) {
      events.add(event);
    }

    List<ToolCall> started() {
      synchronized (events) {
        List<ToolCall> out = new ArrayList<>();
        for (GuardEvent e : events) {
          if (e instanceof GuardEvent.CallStarted) {
            out.add(((GuardEvent.CallStarted) e).call());
          }
        }
        return out;
      }
    }

    List<GuardEvent.CallDenied> denied() {
      synchronized (events) {
        List<GuardEvent.CallDenied> out = new ArrayList<>();
        for (GuardEvent e : events) {
          if (e instanceof GuardEvent.CallDenied) {
            out.add((GuardEvent.CallDenied) e);
          }
        }
        return out;
      }
    }
  }
}
