package dev.agentguard.core.enforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentguard.api.CallContext;
import dev.agentguard.api.GuardContext;
import dev.agentguard.api.GuardEvent;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolCallDeniedException;
import dev.agentguard.api.ToolExecutor;
import dev.agentguard.api.ToolInterceptor;
import dev.agentguard.api.ToolResult;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.policy.Policy;
import dev.agentguard.core.policy.ToolRule;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The chain after the enforcement step replaced its last three links (issue 15, items 7, 8, 9, 10). */
class ChainIntegrityTest {

  private static final Policy POLICY = Policy.builder()
      .rule(ToolRule.of("echo-ok", "echo", Verdict.ALLOW, "harmless"))
      .rule(ToolRule.of("deploys-need-signoff", "deploy*", Verdict.DENY, "no deploys"))
      .unknownTool(Verdict.ALLOW)
      .build();

  private final AtomicInteger runs = new AtomicInteger();
  private final ToolExecutor tool = call -> {
    runs.incrementAndGet();
    return ToolResult.of("ran " + call.toolName());
  };

  /**
   * Item 7: an interceptor that keeps its chain and proceeds after {@code execute} returned gets an
   * {@link IllegalStateException}; the tool does not run and no second terminal event appears. On the old main
   * the kept chain ran the tool with no terminal event.
   */
  @Test
  void aKeptChainIsDeadOnceExecuteReturned() throws Exception {
    AtomicReference<ToolInterceptor.Chain> kept = new AtomicReference<>();
    Recorder events = new Recorder();
    ToolExecutor guarded = AgentGuard.builder().policy(POLICY).listener(events)
        .interceptor(chain -> {
          kept.set(chain);
          return chain.proceed(chain.call());
        })
        .build().wrap(tool);

    guarded.execute(ToolCall.of("echo", "{}"));
    assertThat(runs).hasValue(1);

    assertThatThrownBy(() -> kept.get().proceed(kept.get().call()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("dead");
    assertThat(runs).as("nothing runs after execute returned").hasValue(1);
    assertThat(events.of(GuardEvent.CallStarted.class)).hasSize(1);
    assertThat(events.terminals()).isEqualTo(1);
  }

  /**
   * Item 7: an interceptor that keeps its chain without proceeding (the guard reports the contract violation)
   * and proceeds later gets an {@link IllegalStateException}, and the tool does not run. On the old main the
   * late {@code proceed} ran the tool with no terminal event.
   */
  @Test
  void aChainKeptWithoutProceedingCannotRunTheToolLater() throws Exception {
    AtomicReference<ToolInterceptor.Chain> kept = new AtomicReference<>();
    Recorder events = new Recorder();
    ToolExecutor guarded = AgentGuard.builder().policy(POLICY).listener(events)
        .interceptor(chain -> {
          kept.set(chain);
          return ToolResult.of("not yet");
        })
        .build().wrap(tool);
    assertThatThrownBy(() -> guarded.execute(ToolCall.of("echo", "{}"))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> kept.get().proceed(kept.get().call()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("dead");
    assertThat(runs).hasValue(0);
    assertThat(events.terminals()).isEqualTo(1);
  }

  /**
   * Item 10: an interceptor that gives the call a new id and a conversation cannot split the events of one
   * execute: every event carries the guard's execution id, and there is exactly one start and one terminal
   * event. On the old main the terminal event named the rewritten call and pairing by call id lost it.
   */
  @Test
  void eventsPairByTheGuardsExecutionIdWhateverAnInterceptorChanges() throws Exception {
    Recorder events = new Recorder();
    ToolExecutor guarded = AgentGuard.builder().policy(POLICY).listener(events)
        .interceptor(chain -> chain.proceed(new ToolCall("rewritten-" + chain.call().id(), chain.call().toolName(),
            chain.call().argumentsJson(), CallContext.builder().conversationId("other").build())))
        .build().wrap(tool);

    guarded.execute(new ToolCall("c1", "echo", "{}", CallContext.empty()));
    assertThatThrownBy(() -> guarded.execute(new ToolCall("c2", "deploy", "{}", CallContext.empty())))
        .isInstanceOf(ToolCallDeniedException.class);

    Set<String> ids = events.all().stream().map(GuardEvent::executionId).collect(Collectors.toSet());
    assertThat(ids).hasSize(2);
    for (String id : ids) {
      assertThat(events.all().stream().filter(e -> e.executionId().equals(id))
          .filter(e -> e.type() == GuardEvent.Type.CALL_STARTED)).hasSize(1);
      assertThat(events.all().stream().filter(e -> e.executionId().equals(id)).filter(GuardEvent::isTerminal))
          .hasSize(1);
    }
    assertThat(events.all().stream().map(e -> e.call().id()).collect(Collectors.toSet()))
        .as("the call ids alone would not pair them").contains("c1", "rewritten-c1");
  }

  /**
   * Item 8: the mutable side channel is gone from the public API: the context an interceptor gets has no
   * evaluation to read or write, and its class is not a public type anyone could cast to. On the old main
   * {@code GuardContext.evaluation()} existed and the public {@code CallStates.evaluated} wrote it.
   */
  @Test
  void theContextIsReadOnlyFactsWithNoEvaluation() throws Exception {
    Set<String> methods = Arrays.stream(GuardContext.class.getDeclaredMethods()).map(Method::getName)
        .collect(Collectors.toSet());
    assertThat(methods).containsExactlyInAnyOrder("originalCall", "startedAt");
    AtomicReference<GuardContext> seen = new AtomicReference<>();
    AgentGuard.builder().policy(POLICY).interceptor(chain -> {
      seen.set(chain.context());
      return chain.proceed(chain.call());
    }).build().wrap(tool).execute(ToolCall.of("echo", "{}"));
    assertThat(Modifier.isPublic(seen.get().getClass().getModifiers())).isFalse();
    assertThat(seen.get().originalCall().toolName()).isEqualTo("echo");
  }

  /**
   * Item 8: the checks judge exactly the call the last interceptor passed on, and the tool runs exactly that
   * call; an interceptor that rewrites the arguments gets the rewritten call judged (and denied here).
   */
  @Test
  void theToolRunsExactlyTheJudgedCall() throws Exception {
    AtomicReference<ToolCall> ran = new AtomicReference<>();
    ToolExecutor guarded = AgentGuard.builder().policy(POLICY)
        .interceptor(chain -> chain.proceed(chain.call().withArguments("{\"x\":1}")))
        .build().wrap(call -> {
          ran.set(call);
          return ToolResult.of("ok");
        });
    guarded.execute(ToolCall.of("echo", "{}"));
    assertThat(ran.get().argumentsJson()).isEqualTo("{\"x\":1}");
  }

  /**
   * Item 9: a tool name with a format or zero-width character before {@code deploy} is refused as invalid
   * instead of slipping past the {@code deploy*} rule. On the old main it ran (unknownTool: allow).
   */
  @ParameterizedTest
  @ValueSource(strings = {"\u200Bdeploy", "\u2060deploy", "\uFEFFdeploy", "\u202Edeploy", "de\u00ADploy",
      "\u061Cdeploy", "deploy\uDB40\uDC01"})
  void toolNamesWithInvisibleCharactersAreRefused(String name) {
    ToolExecutor guarded = AgentGuard.builder().policy(POLICY).build().wrap(tool);
    assertThatThrownBy(() -> guarded.execute(ToolCall.of(name, "{}")))
        .isInstanceOfSatisfying(ToolCallDeniedException.class,
            e -> assertThat(e.decision().rule()).isEqualTo("input.invalid-tool-name"));
    assertThat(runs).hasValue(0);
  }
}
