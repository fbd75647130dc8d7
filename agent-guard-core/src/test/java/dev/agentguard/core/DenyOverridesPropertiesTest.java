package dev.agentguard.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentguard.api.Decision;
import dev.agentguard.api.Evaluation;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.check.CheckRequest;
import dev.agentguard.core.check.GuardCheck;
import dev.agentguard.core.policy.Policy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * For random sets of check verdicts, the guard's verdict is deny-overrides and does not depend on the order in
 * which the checks run. The oracle is the definition: any DENY (or a check that fails) denies, else any ASK asks,
 * else the call is allowed.
 */
class DenyOverridesPropertiesTest {

  /** What one custom check does: return these verdicts, throw, or return null. */
  record Behaviour(List<Verdict> verdicts, boolean fails, boolean returnsNull) {}

  private static final class ScriptedCheck implements GuardCheck {
    private final String name;
    private final Behaviour behaviour;

    ScriptedCheck(String name, Behaviour behaviour) {
      this.name = name;
      this.behaviour = behaviour;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public List<Decision> evaluate(CheckRequest request) {
      if (behaviour.fails()) {
        throw new IllegalStateException("boom");
      }
      if (behaviour.returnsNull()) {
        return null;
      }
      List<Decision> out = new ArrayList<>();
      for (int i = 0; i < behaviour.verdicts().size(); i++) {
        out.add(new Decision(behaviour.verdicts().get(i), name, name + ".rule-" + i, name + " says so"));
      }
      return out;
    }
  }

  @Provide
  Arbitrary<List<Behaviour>> behaviours() {
    Arbitrary<List<Verdict>> verdicts = Arbitraries.of(Verdict.class).list().ofMaxSize(4);
    Arbitrary<Integer> kind = Arbitraries.integers().between(0, 19);
    return Combinators.combine(verdicts, kind)
        .as((v, k) -> new Behaviour(v, k == 0, k == 1)).list().ofMaxSize(6);
  }

  private static Verdict oracle(List<Behaviour> behaviours) {
    boolean ask = false;
    for (Behaviour b : behaviours) {
      if (b.fails() || b.returnsNull() || b.verdicts().contains(Verdict.DENY)) {
        return Verdict.DENY;
      }
      ask |= b.verdicts().contains(Verdict.ASK);
    }
    return ask ? Verdict.ASK : Verdict.ALLOW;
  }

  private static Evaluation evaluate(List<Behaviour> behaviours, List<Integer> order) {
    AgentGuard.Builder builder = AgentGuard.builder().policy(Policy.builder().unknownTool(Verdict.ALLOW).build());
    for (int i : order) {
      builder.check(new ScriptedCheck("custom" + i, behaviours.get(i)));
    }
    return builder.build().evaluate(ToolCall.of("some_tool", "{\"a\":1}"));
  }

  @Property(tries = 300)
  void theVerdictIsDenyOverridesInAnyOrder(
      @ForAll("behaviours") List<Behaviour> behaviours, @ForAll long seed) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < behaviours.size(); i++) {
      order.add(i);
    }
    Evaluation inOrder = evaluate(behaviours, order);
    Collections.shuffle(order, new Random(seed));
    Evaluation shuffled = evaluate(behaviours, order);

    Verdict expected = oracle(behaviours);
    assertThat(inOrder.verdict()).isEqualTo(expected);
    assertThat(shuffled.verdict()).isEqualTo(expected);
    // The deciding decision always carries the winning verdict, a rule and a reason.
    assertThat(shuffled.decision().verdict()).isEqualTo(expected);
    assertThat(shuffled.decision().rule()).isNotBlank();
    assertThat(shuffled.decision().reason()).isNotBlank();
    // Every check's decisions are kept, whatever the order.
    assertThat(shuffled.decisions()).containsExactlyInAnyOrderElementsOf(inOrder.decisions());
  }

  @Property(tries = 300)
  void combineIsDenyOverridesAndOrderIndependent(
      @ForAll @Size(max = 8) List<Verdict> verdicts, @ForAll long seed) {
    List<Decision> decisions = new ArrayList<>();
    for (int i = 0; i < verdicts.size(); i++) {
      decisions.add(new Decision(verdicts.get(i), "c", "r" + i, "because"));
    }
    List<Decision> shuffled = new ArrayList<>(decisions);
    Collections.shuffle(shuffled, new Random(seed));

    Verdict expected = verdicts.isEmpty() || verdicts.contains(Verdict.DENY) ? Verdict.DENY
        : verdicts.contains(Verdict.ASK) ? Verdict.ASK : Verdict.ALLOW;
    assertThat(Evaluation.combine(decisions).verdict()).isEqualTo(expected);
    assertThat(Evaluation.combine(shuffled).verdict()).isEqualTo(expected);
  }
}
