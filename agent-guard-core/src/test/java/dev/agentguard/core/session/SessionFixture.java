package dev.agentguard.core.session;

import dev.agentguard.api.CallContext;
import dev.agentguard.api.ToolCall;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.check.GuardEnvironment;
import dev.agentguard.core.net.HostResolver;
import dev.agentguard.core.policy.Policy;
import dev.agentguard.core.policy.PolicyLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** A real workspace and home on disk, a policy with a session section, and calls in one conversation. */
final class SessionFixture {

  static final String TOOLS = String.join("\n",
      "filesystem:",
      "  roots: [ { path: \"${workspace}\", access: read-write }, { path: \"${home}\", access: read } ]",
      "network:",
      "  allow: [ { host: \"*\" } ]",
      "tools:",
      "  read_file:  { resources: [ { kind: file, access: read, pointer: /path } ] }",
      "  write_file: { resources: [ { kind: file, access: write, pointer: /path } ] }",
      "  fetch:      { resources: [ { kind: url, pointer: /url } ] }",
      "  http_post:  { resources: [ { kind: url, pointer: /url } ] }",
      "  shell:      { resources: [ { kind: command, pointer: /command } ] }",
      "commands:",
      "  rules: [ { prefix: [curl], decision: allow }, { prefix: [ls], decision: allow } ]",
      "rules:",
      "  - { id: git-ok, tool: \"git_*\", decision: allow }",
      "  - { id: echo-ok, tool: echo, decision: allow }",
      "");

  final Path workspace;
  final Path home;
  private final AtomicInteger ids = new AtomicInteger();

  SessionFixture(Path dir) {
    try {
      workspace = Files.createDirectories(dir.resolve("ws")).toRealPath();
      home = Files.createDirectories(dir.resolve("home")).toRealPath();
      Files.createDirectories(home.resolve(".aws"));
      Files.writeString(home.resolve(".aws/credentials"), "[default]\naws_secret_access_key = x\n");
      Files.writeString(workspace.resolve("notes.txt"), "hello");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Policy policy(String sessionSection) {
    try {
      return PolicyLoader.parse("version: 1\n" + TOOLS + sessionSection, "test.yaml", PolicyLoader.Format.YAML);
    } catch (dev.agentguard.core.policy.PolicyException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  AgentGuard guard(String sessionSection) {
    return guard(sessionSection, Clock.systemUTC());
  }

  AgentGuard guard(String sessionSection, Clock clock) {
    return AgentGuard.builder()
        .policy(policy(sessionSection))
        .environment(new GuardEnvironment(workspace, home, workspace))
        .hostResolver(HostResolver.fixed(Map.of(
            "evil.example.com", List.of("93.184.216.34"),
            "docs.internal.example.com", List.of("93.184.216.35"),
            "api.github.com", List.of("140.82.112.6"))))
        .clock(clock)
        .build();
  }

  ToolCall call(String conversation, String tool, String args) {
    CallContext.Builder c = CallContext.builder();
    if (conversation != null) {
      c.conversationId(conversation);
    }
    return new ToolCall("c" + ids.incrementAndGet(), tool, args, c.build());
  }

  ToolCall readAws(String conversation) {
    return call(conversation, "read_file", "{\"path\":\"" + home.resolve(".aws/credentials") + "\"}");
  }

  ToolCall fetch(String conversation, String url) {
    return call(conversation, "fetch", "{\"url\":\"" + url + "\"}");
  }

  ToolCall post(String conversation, String url) {
    return call(conversation, "http_post", "{\"url\":\"" + url + "\"}");
  }
}
