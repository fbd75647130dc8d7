package dev.agentguard.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentguard.api.GuardEvent;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolCallDeniedException;
import dev.agentguard.api.ToolExecutor;
import dev.agentguard.api.ToolInterceptor;
import dev.agentguard.api.ToolResult;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.policy.Policy;
import dev.agentguard.core.policy.ToolRule;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ChainContractTest {

  private static final Policy ALLOW_ECHO = Policy.builder()
      .rule(ToolRule.of("echo-ok", "echo", Verdict.ALLOW, "echo is harmless"))
      .build();

  private final AtomicInteger toolRuns = new AtomicInteger();
  private final ToolExecutor echo = call -> {
    toolRuns.incrementAndGet();
    return ToolResult.of(call.argumentsJson());
  };

  static final class ProceedsTwice implements ToolInterceptor {
    @Override
    public ToolResult intercept(Chain chain) throws Exception {
      chain.proceed(chain.call());
      return chain.proceed(chain.call());
    }
  }

  static final class ReturnsNull implements ToolInterceptor {
    @Override
    public ToolResult intercept(Chain chain) throws Exception {
      chain.proceed(chain.call());
      return null;
    }
  }

  static final class NeverProceeds implements ToolInterceptor {
    @Override
    public ToolResult intercept(Chain chain) {
      return ToolResult.of("short-circuit");
    }
  }

  static final class Refuses implements ToolInterceptor {
    @Override
    public ToolResult intercept(Chain chain) {
      throw new IllegalArgumentException("refused by interceptor");
    }
  }

  private ToolExecutor guarded(ToolInterceptor interceptor) {
    return AgentGuard.builder().policy(ALLOW_ECHO).interceptor(interceptor).build().wrap(echo);
  }

  @Test
  void proceedingTwiceIsAContractViolation() {
    assertThatThrownBy(() -> guarded(new ProceedsTwice()).execute(ToolCall.of("echo", "{}")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("interceptor ProceedsTwice must call proceed() exactly once");
    assertThat(toolRuns).hasValue(1);
  }

  @Test
  void returningNullIsAContractViolation() {
    assertThatThrownBy(() -> guarded(new ReturnsNull()).execute(ToolCall.of("echo", "{}")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("interceptor ReturnsNull returned null");
  }

  @Test
  void notProceedingIsAContractViolation() {
    assertThatThrownBy(() -> guarded(new NeverProceeds()).execute(ToolCall.of("echo", "{}")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("interceptor NeverProceeds must call proceed() exactly once");
    assertThat(toolRuns).hasValue(0);
  }

  @Test
  void anInterceptorThatThrowsStopsTheCallAndIsReported() {
    List<GuardEvent> events = new CopyOnWriteArrayList<>();
    ToolExecutor exec = AgentGuard.builder().policy(ALLOW_ECHO).interceptor(new Refuses())
        .listener(events::add).build().wrap(echo);
    assertThatThrownBy(() -> exec.execute(ToolCall.of("echo", "{}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("refused by interceptor");
    assertThat(toolRuns).hasValue(0);
    assertThat(events).hasSize(2);
    assertThat(events.get(1)).isInstanceOf(GuardEvent.CallFailed.class);
  }

  @Test
  void aRewriteBeforeTheChecksIsWhatGetsCheckedAndRun() throws Exception {
    Policy policy = Policy.builder()
        .rule(ToolRule.of("echo-ok", "echo", Verdict.ALLOW, "echo is harmless"))
        .rule(ToolRule.of("no-rm", "rm", Verdict.DENY, "never"))
        .build();
    ToolInterceptor rewriteToRm = chain -> chain.proceed(
        new ToolCall(chain.call().id(), "rm", chain.call().argumentsJson(), chain.call().context()));
    ToolExecutor exec = AgentGuard.builder().policy(policy).interceptor(rewriteToRm).build().wrap(echo);
    assertThatThrownBy(() -> exec.execute(ToolCall.of("echo", "{}")))
        .isInstanceOf(ToolCallDeniedException.class)
        .hasMessageContaining("no-rm");
    assertThat(toolRuns).hasValue(0);

    ToolInterceptor rewriteArgs = chain -> chain.proceed(chain.call().withArguments("{\"x\":1}"));
    ToolResult result = AgentGuard.builder().policy(ALLOW_ECHO).interceptor(rewriteArgs).build().wrap(echo)
        .execute(ToolCall.of("echo", "{}"));
    assertThat(result.content()).isEqualTo("{\"x\":1}");
  }

  @Test
  void aNullResultFromTheToolIsRefused() {
    ToolExecutor exec = AgentGuard.builder().policy(ALLOW_ECHO).build().wrap(call -> null);
    assertThatThrownBy(() -> exec.execute(ToolCall.of("echo", "{}")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("returned null");
  }

  @Test
  void nullsAreRejectedAtTheBoundary() {
    AgentGuard guard = AgentGuard.builder().policy(ALLOW_ECHO).build();
    assertThatThrownBy(() -> guard.wrap(null)).hasMessage("executor must not be null");
    assertThatThrownBy(() -> guard.evaluate(null)).hasMessage("call must not be null");
    assertThatThrownBy(() -> guard.wrap(echo).execute(null)).hasMessage("call must not be null");
    assertThatThrownBy(() -> AgentGuard.builder().policy(null)).hasMessage("policy must not be null");
  }
}
