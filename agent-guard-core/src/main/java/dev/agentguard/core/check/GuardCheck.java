package dev.agentguard.core.check;

import dev.agentguard.api.Decision;
import java.util.List;

/**
 * One check of the guard: judges a call and its resources. Checks are pure (no side effects beyond reading
 * the file system or resolving names), thread-safe, and fail closed.
 */
public interface GuardCheck {

  /**
   * The check's name, used as {@link Decision#check()}.
   *
   * @return the check's name, used as {@link Decision#check()}
   */
  String name();

  /**
   * Judges {@code request}. Returns one decision per resource or rule considered, or an empty list when the
   * check has nothing to say about this call. Must not throw for bad input: bad input is a DENY.
   *
   * @param request the call, its resources and the parsed arguments
   * @return the decisions, possibly empty; never {@code null}
   */
  List<Decision> evaluate(CheckRequest request);
}
