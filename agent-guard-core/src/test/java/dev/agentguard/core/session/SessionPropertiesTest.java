package dev.agentguard.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentguard.api.Evaluation;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.AgentGuard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random call sequences in one conversation against a plain sequential model of the documented rules: labels
 * accumulate from calls that run, egress after private and untrusted is asked, budgets refuse once spent.
 */
class SessionPropertiesTest {

  enum Kind { READ_PRIVATE, READ_PLAIN, FETCH_UNTRUSTED, FETCH_TRUSTED, POST_SAME_ORIGIN, ECHO, DEPLOY }

  private static Path dir;
  private static SessionFixture fixture;

  @BeforeContainer
  static void setUp() throws Exception {
    dir = Files.createTempDirectory("session-props");
    fixture = new SessionFixture(dir);
  }

  @AfterContainer
  static void tearDown() throws Exception {
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Provide
  Arbitrary<List<Kind>> sequences() {
    return Arbitraries.of(Kind.class).list().ofMinSize(1).ofMaxSize(40);
  }

  private static ToolCall call(Kind k) {
    SessionFixture f = fixture;
    switch (k) {
      case READ_PRIVATE:
        return f.readAws("p");
      case READ_PLAIN:
        return f.call("p", "read_file", "{\"path\":\"" + f.workspace.resolve("notes.txt") + "\"}");
      case FETCH_UNTRUSTED:
        return f.fetch("p", "https://evil.example.com/page");
      case FETCH_TRUSTED:
        return f.fetch("p", "https://docs.internal.example.com/page");
      case POST_SAME_ORIGIN:
        return f.post("p", "https://api.github.com/repos");
      case DEPLOY:
        return f.call("p", "deploy", "{}");
      default:
        return f.call("p", "echo", "{}");
    }
  }

  private static Set<SessionLabel> labels(Kind k) {
    switch (k) {
      case READ_PRIVATE:
        return EnumSet.of(SessionLabel.PRIVATE);
      case FETCH_UNTRUSTED:
        return EnumSet.of(SessionLabel.UNTRUSTED, SessionLabel.EGRESS);
      case FETCH_TRUSTED:
        return EnumSet.of(SessionLabel.EGRESS);
      case POST_SAME_ORIGIN:
        return EnumSet.of(SessionLabel.UNTRUSTED);
      default:
        return EnumSet.noneOf(SessionLabel.class);
    }
  }

  @Property(tries = 40)
  void theGuardAgreesWithTheModel(@ForAll("sequences") List<Kind> kinds,
      @ForAll("budgets") int maxCalls, @ForAll("budgets") int maxIdentical, @ForAll("budgets") int maxApprovals,
      @ForAll boolean deny) {
    AgentGuard guard = fixture.guard(String.join("\n",
        "session:",
        "  private: [ \"${home}/.aws/**\" ]",
        "  trusted: [ docs.internal.example.com ]",
        "  sameOrigin: [ api.github.com ]",
        "  trifecta: " + (deny ? "deny" : "ask"),
        "  budgets: { maxCalls: " + maxCalls + ", maxIdentical: " + maxIdentical + ", maxApprovals: "
            + maxApprovals + " }",
        ""));
    Set<SessionLabel> held = EnumSet.noneOf(SessionLabel.class);
    Map<Kind, Integer> identical = new HashMap<>();
    int calls = 0;
    int approvals = 0;
    for (Kind k : kinds) {
      Set<SessionLabel> own = labels(k);
      boolean trifecta = own.contains(SessionLabel.EGRESS) && held.contains(SessionLabel.PRIVATE)
          && held.contains(SessionLabel.UNTRUSTED);
      boolean overBudget = maxCalls > 0 && calls >= maxCalls
          || maxIdentical > 0 && identical.getOrDefault(k, 0) >= maxIdentical;
      Verdict expected = overBudget || trifecta && deny ? Verdict.DENY
          : trifecta || k == Kind.DEPLOY ? Verdict.ASK : Verdict.ALLOW;
      if (expected == Verdict.ASK && maxApprovals > 0 && approvals >= maxApprovals) {
        expected = Verdict.DENY;
      }
      Evaluation e = guard.evaluateInSession(call(k));
      assertThat(e.verdict()).as("%s after %s", k, held).isEqualTo(expected);
      if (expected != Verdict.DENY) {
        held.addAll(own);
        calls++;
        identical.merge(k, 1, Integer::sum);
        approvals += expected == Verdict.ASK ? 1 : 0;
      }
    }
    SessionSnapshot s = guard.session("p").orElseThrow();
    assertThat(s.labels()).isEqualTo(held);
    assertThat(s.calls()).isEqualTo(calls);
    assertThat(s.approvals()).isEqualTo(approvals);
  }

  @Provide
  Arbitrary<Integer> budgets() {
    return Arbitraries.integers().between(0, 12);
  }
}
