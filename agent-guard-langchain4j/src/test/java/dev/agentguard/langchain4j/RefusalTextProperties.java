package dev.agentguard.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentguard.api.Decision;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;

/** Whatever a rule's id and reason hold, the model gets one bounded line in the documented shape. */
class RefusalTextProperties {

  @Property(tries = 300)
  void refusalIsOneBoundedLine(@ForAll @StringLength(min = 1, max = 3000) String rule,
      @ForAll @StringLength(max = 5000) String reason) {
    if (rule.isBlank()) {
      return;
    }
    String text = GuardedToolExecutor.refusalText(Decision.deny("tools", rule, reason));
    assertThat(text).startsWith("Tool call refused by agent-guard (rule ");
    assertThat(text).endsWith("Do not retry the same call; choose another way or tell the user.");
    assertThat(text.chars().noneMatch(Character::isISOControl)).isTrue();
    assertThat(text.length()).isLessThanOrEqualTo(2_500);
  }
}
