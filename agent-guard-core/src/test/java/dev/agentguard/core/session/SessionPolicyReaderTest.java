package dev.agentguard.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentguard.api.Verdict;
import dev.agentguard.core.policy.Policy;
import dev.agentguard.core.policy.PolicyException;
import dev.agentguard.core.policy.PolicyLoader;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The {@code session:} section: every key read, every mistake reported at its file, line and column. */
class SessionPolicyReaderTest {

  private static Policy parse(String yaml) throws PolicyException {
    return PolicyLoader.parse(yaml, "p.yaml", PolicyLoader.Format.YAML);
  }

  @Test
  void theFullSectionAsDocumented() throws Exception {
    Policy p = parse("""
        version: 1
        session:
          private: [ "${home}/.aws/**", "**/*.pem", "**/.env*" ]
          trusted: [ "docs.internal.example.com" ]
          sameOrigin: [ "api.github.com", "*.corp.example.com" ]
          trifecta: deny
          results: redact
          budgets:
            maxCalls: 200
            perMinute: 60
            maxIdentical: 5
            maxApprovals: 20
          rules:
            - { id: no-push-after-web, after: [untrusted], tools: [ "git_push" ], decision: ask }
        """);
    SessionPolicy s = p.session();
    assertThat(s.enabled()).isTrue();
    assertThat(s.privateGlobs()).containsExactly("${home}/.aws/**", "**/*.pem", "**/.env*");
    assertThat(s.trusted()).containsExactly("docs.internal.example.com");
    assertThat(s.sameOrigin()).containsExactly("api.github.com", "*.corp.example.com");
    assertThat(s.trifecta()).isEqualTo(SessionPolicy.Trifecta.DENY);
    assertThat(s.results()).isEqualTo(SessionPolicy.Results.REDACT);
    assertThat(s.budgets()).isEqualTo(new SessionPolicy.Budgets(200, 60, 5, 20));
    assertThat(s.rules()).containsExactly(new SessionPolicy.FlowRule("no-push-after-web", List.of("untrusted"),
        List.of("git_push"), List.of(), Verdict.ASK, ""));
  }

  @Test
  void anEmptySectionTurnsSessionsOnWithDefaultsAndNoSectionLeavesThemOff() throws Exception {
    SessionPolicy on = parse("version: 1\nsession: {}\n").session();
    assertThat(on.enabled()).isTrue();
    assertThat(on.trifecta()).isEqualTo(SessionPolicy.Trifecta.ASK);
    assertThat(on.results()).isEqualTo(SessionPolicy.Results.LABEL);
    assertThat(on.privateGlobs()).isEqualTo(SessionPolicy.DEFAULT_PRIVATE);
    assertThat(on.budgets()).isEqualTo(SessionPolicy.Budgets.NONE);
    assertThat(parse("version: 1\n").session()).isEqualTo(SessionPolicy.NONE);
  }

  @Test
  void unquotedOffIsOff() throws Exception {
    SessionPolicy s = parse("version: 1\nsession:\n  trifecta: off\n  results: off\n").session();
    assertThat(s.trifecta()).isEqualTo(SessionPolicy.Trifecta.OFF);
    assertThat(s.results()).isEqualTo(SessionPolicy.Results.OFF);
  }

  @Test
  void theSameSectionInJson() throws Exception {
    Policy p = PolicyLoader.parse("{\"version\":1,\"session\":{\"trifecta\":\"off\",\"budgets\":{\"maxCalls\":3},"
        + "\"rules\":[{\"id\":\"r\",\"after\":[\"private\"],\"tools\":[\"send_*\"],\"decision\":\"deny\"}]}}",
        "p.json", PolicyLoader.Format.JSON);
    assertThat(p.session().budgets().maxCalls()).isEqualTo(3);
    assertThat(p.session().rules().get(0).decision()).isEqualTo(Verdict.DENY);
  }

  static Stream<Arguments> broken() {
    return Stream.of(
        Arguments.of("session:\n  trifecta: maybe\n",
            "p.yaml:3:13: session.trifecta: unknown trifecta 'maybe': expected ask, deny or off"),
        Arguments.of("session:\n  results: hide\n",
            "p.yaml:3:12: session.results: unknown results 'hide': expected redact, label or off"),
        Arguments.of("session:\n  budget: {}\n",
            "p.yaml:3:3: unknown key 'budget' in session (expected one of: private, trusted, sameOrigin, trifecta,"
                + " results, budgets, rules)"),
        Arguments.of("session:\n  budgets: { maxCalls: -1 }\n",
            "p.yaml:3:24: session.budgets.maxCalls must be a whole number from 0 (no limit) to 2147483647, got -1"),
        Arguments.of("session:\n  budgets: { perMinute: 20000 }\n",
            "p.yaml:3:25: session.budgets.perMinute must be a whole number from 0 (no limit) to 10000, got 20000"),
        Arguments.of("session:\n  budgets: { maxTokens: 3 }\n",
            "p.yaml:3:14: unknown key 'maxTokens' in session.budgets (expected one of: maxCalls, perMinute,"
                + " maxIdentical, maxApprovals)"),
        Arguments.of("session:\n  trusted: [ \"bad host!\" ]\n",
            null),
        Arguments.of("session:\n  private: [ \"$HOME/.aws/**\" ]\n",
            "p.yaml:3:14: '$HOME' is not a policy variable: write ${workspace}, ${home} or ${tmp}"
                + " (environment variables are not expanded)"),
        Arguments.of("session:\n  rules:\n    - { id: r, after: [untrusted], tools: [x], decision: allow }\n",
            "p.yaml:4:7: session rule 'r' can only ask or deny, not allow"),
        Arguments.of("session:\n  rules:\n    - { id: r, tools: [x], decision: ask }\n",
            "p.yaml:4:7: session rule 'r' needs a non-empty 'after' list"),
        Arguments.of("session:\n  rules:\n    - { id: r, after: untrusted, tools: [x], decision: ask }\n",
            "p.yaml:4:23: after must be a list such as [untrusted], not a string"),
        Arguments.of("session:\n  rules:\n    - { id: r, after: [private], labels: [secret], decision: ask }\n",
            "p.yaml:4:7: unknown label 'secret' in session rule 'r': expected private, untrusted or egress"),
        Arguments.of("session:\n  rules:\n    - { id: r, after: [private], tools: [x], decision: ask }\n"
                + "    - { id: r, after: [private], tools: [y], decision: deny }\n",
            "p.yaml:5:13: duplicate session rule id 'r'"),
        Arguments.of("session:\n  rules:\n    - { id: r, after: [private], tools: [x], decision: ask, when: x }\n",
            "p.yaml:4:61: unknown key 'when' in a session rule (expected one of: id, after, tools, labels, decision,"
                + " reason)"),
        Arguments.of("session: [ ]\n", "p.yaml:2:10: session must be an object, got a list"));
  }

  @ParameterizedTest
  @MethodSource("broken")
  void mistakesNameTheFileLineAndColumn(String section, String expected) {
    assertThatThrownBy(() -> parse("version: 1\n" + section))
        .isInstanceOf(PolicyException.class)
        .satisfies(e -> {
          String first = ((PolicyException) e).errors().get(0).toString();
          if (expected == null) {
            assertThat(first).startsWith("p.yaml:3:");
          } else {
            assertThat(first).isEqualTo(expected);
          }
        });
  }
}
