package dev.agentguard.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentguard.api.ToolCall;
import java.util.Objects;

/**
 * The call the enforcement step judges, with its arguments read once (see {@link Json}); {@code arguments} is
 * {@code null} when they could not be read (the call is then denied as invalid input).
 *
 * @param call the call as it left the last interceptor: exactly what is judged and, if allowed, run
 * @param arguments the arguments, read once by the shared strict reader, or {@code null}
 * @param unreadable why the arguments could not be read (never quoting them), or {@code null}
 * @param executionId the guard's id for this execute, the same on every event of it
 */
public record JudgedCall(ToolCall call, JsonNode arguments, String unreadable, String executionId) {

  /** Validates the components. */
  public JudgedCall {
    Objects.requireNonNull(call, "call must not be null");
    Objects.requireNonNull(executionId, "executionId must not be null");
  }
}
