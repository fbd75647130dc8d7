package dev.agentguard.core.internal;

import dev.agentguard.api.Decision;
import dev.agentguard.api.Evaluation;
import dev.agentguard.api.ToolResult;
import java.util.List;

/**
 * Where per-session logic plugs into the enforcement step. Internal: the guard builds its hooks from the
 * policy; users do not implement this. Each method runs on the caller's thread, inside one {@code execute}.
 *
 * <ol>
 *   <li>{@link #before} runs after the arguments were read and before the checks' verdict is combined; the
 *       decisions it returns join the checks' decisions (deny-overrides), so a budget or a flow rule can deny or
 *       ask, with its own rule id.
 *   <li>{@link #decided} runs once the final decision is known (after any approval): {@code runs} says whether
 *       the tool is about to run. Labels and counters are updated here, never for a call that does not run.
 *   <li>{@link #after} runs with the tool's result before the caller gets it, and returns the result to hand
 *       back (labelled or redacted). Not called when the tool threw.
 * </ol>
 *
 * A hook that throws is treated as a DENY in {@link #before} (rule {@code <check>.error}), and as a failure of
 * the call in {@link #after}; the tool never runs on a hook's failure in {@code before}.
 */
public interface EnforcementHook {

  /** The check name its decisions carry when it fails. */
  String name();

  /** Extra decisions for {@code call}, combined with the checks' decisions; empty for none. */
  default List<Decision> before(JudgedCall call) {
    return List.of();
  }

  /** The final decision on {@code call}; {@code runs} is true when the tool is about to run. */
  default void decided(JudgedCall call, Evaluation evaluation, boolean runs) {}

  /** The result the caller gets for {@code call}; {@code result} is what the tool returned. */
  default ToolResult after(JudgedCall call, Evaluation evaluation, ToolResult result) {
    return result;
  }
}
