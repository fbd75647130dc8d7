package dev.agentguard.core.check;

import dev.agentguard.api.Resource;
import dev.agentguard.api.ToolCall;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link GuardCheck} judges: the call, its parsed arguments and the resources it touches.
 *
 * @param call the call
 * @param arguments the parsed arguments (a JSON object), as a read-only view
 * @param resources the resources found in the arguments by the tool's descriptor
 * @param hasDescriptor whether the tool has a descriptor (so its resources are known)
 */
public record CheckRequest(ToolCall call, JsonValue arguments, List<Resource> resources, boolean hasDescriptor) {

  /**
   * Validates the components.
   *
   * @param call the call
   * @param arguments the parsed arguments (a JSON object), as a read-only view
   * @param resources the resources found in the arguments by the tool's descriptor
   * @param hasDescriptor whether the tool has a descriptor (so its resources are known)
   */
  public CheckRequest {
    Objects.requireNonNull(call, "call must not be null");
    Objects.requireNonNull(arguments, "arguments must not be null");
    resources = List.copyOf(Objects.requireNonNull(resources, "resources must not be null"));
  }
}
