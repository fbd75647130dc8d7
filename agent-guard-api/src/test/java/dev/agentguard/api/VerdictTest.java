package dev.agentguard.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class VerdictTest {

  @Test
  void andIsDenyOverrides() {
    assertThat(Verdict.ALLOW.and(Verdict.ASK)).isEqualTo(Verdict.ASK);
    assertThat(Verdict.ASK.and(Verdict.DENY)).isEqualTo(Verdict.DENY);
    assertThat(Verdict.DENY.and(Verdict.ALLOW)).isEqualTo(Verdict.DENY);
    assertThat(Verdict.ALLOW.and(Verdict.ALLOW)).isEqualTo(Verdict.ALLOW);
  }

  @Test
  void labelsRoundTrip() {
    for (Verdict v : Verdict.values()) {
      assertThat(Verdict.fromLabel(v.label())).isEqualTo(v);
    }
    assertThatThrownBy(() -> Verdict.fromLabel("maybe"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown decision 'maybe': expected allow, ask or deny");
  }

  @Test
  void nullsAreRejectedByName() {
    assertThatThrownBy(() -> Verdict.ALLOW.and(null)).hasMessage("other must not be null");
    assertThatThrownBy(() -> Decision.allow(null, "r", "x")).hasMessage("check must not be null");
    assertThatThrownBy(() -> Decision.allow("c", " ", "x")).hasMessage("rule must not be blank");
    assertThatThrownBy(() -> new ToolCall("1", "t", null, CallContext.empty()))
        .hasMessage("argumentsJson must not be null");
    assertThatThrownBy(() -> CallContext.builder().rationale(null)).hasMessage("rationale must not be null");
  }

  @Test
  void noDecisionsMeansDeny() {
    Decision d = Evaluation.combine(List.of());
    assertThat(d.verdict()).isEqualTo(Verdict.DENY);
    assertThat(d.rule()).isEqualTo("no-decision");
  }

  @Property
  void combinedVerdictIsDenyOverridesAndOrderIndependent(
      @ForAll @Size(min = 1, max = 20) List<Verdict> verdicts, @ForAll java.util.Random random) {
    List<Decision> decisions = new ArrayList<>();
    for (int i = 0; i < verdicts.size(); i++) {
      decisions.add(new Decision(verdicts.get(i), "check" + i, "rule" + i, "because"));
    }
    Verdict expected = verdicts.contains(Verdict.DENY) ? Verdict.DENY
        : verdicts.contains(Verdict.ASK) ? Verdict.ASK : Verdict.ALLOW;
    assertThat(Evaluation.combine(decisions).verdict()).isEqualTo(expected);
    List<Decision> shuffled = new ArrayList<>(decisions);
    Collections.shuffle(shuffled, random);
    assertThat(Evaluation.combine(shuffled).verdict()).isEqualTo(expected);
  }

  @Property
  void combineReportsTheFirstDecisionOfTheWinningVerdict(@ForAll @Size(min = 1, max = 20) List<Verdict> verdicts) {
    List<Decision> decisions = new ArrayList<>();
    for (int i = 0; i < verdicts.size(); i++) {
      decisions.add(new Decision(verdicts.get(i), "check", "rule" + i, "because"));
    }
    Decision combined = Evaluation.combine(decisions);
    int first = verdicts.indexOf(combined.verdict());
    assertThat(combined.rule()).isEqualTo("rule" + first);
  }
}
