package dev.agentguard.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentguard.api.CallContext;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolCallDeniedException;
import dev.agentguard.api.ToolResult;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The guard in front of a Java MCP SDK {@link McpSyncClient}: {@link #listTools()} pins what the server lists,
 * {@link #callTool} judges each call with the {@link McpToolGuard} and only then calls the server. A refused
 * call never reaches the server; it returns a tool result with {@code isError: true} and the reason as text, as
 * a server's own tool error would look to the model.
 *
 * <p>Thread-safe as far as the client is. Closing this closes the client.
 */
public final class GuardedMcpClient implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_PAGES = 100;

  private final McpSyncClient client;
  private final McpToolGuard guard;
  private final CallContext context;

  private GuardedMcpClient(McpSyncClient client, McpToolGuard guard, CallContext context) {
    this.client = Objects.requireNonNull(client, "client must not be null");
    this.guard = Objects.requireNonNull(guard, "guard must not be null");
    this.context = Objects.requireNonNull(context, "context must not be null");
  }

  /**
   * Guards {@code client} (already initialized, or initialized by the caller later) with {@code guard}.
   *
   * @param client the MCP client to guard; not {@code null}
   * @param guard the guard that pins the server's tools and judges every call; not {@code null}
   * @return the guarded client; its calls carry an empty context
   */
  public static GuardedMcpClient of(McpSyncClient client, McpToolGuard guard) {
    return new GuardedMcpClient(client, guard, CallContext.empty());
  }

  /**
   * Guards {@code client} with {@code guard}; every call carries {@code context} (agent, conversation, ...).
   *
   * @param client the MCP client to guard; not {@code null}
   * @param guard the guard that pins the server's tools and judges every call; not {@code null}
   * @param context who makes the calls and why; not {@code null}
   * @return the guarded client
   */
  public static GuardedMcpClient of(McpSyncClient client, McpToolGuard guard, CallContext context) {
    return new GuardedMcpClient(client, guard, context);
  }

  /**
   * The client this one guards.
   *
   * @return the guarded client
   */
  public McpSyncClient delegate() {
    return client;
  }

  /**
   * The guard.
   *
   * @return the guard that judges this client's calls
   */
  public McpToolGuard guard() {
    return guard;
  }

  /**
   * Lists the server's tools (every page) and pins them; returns them all.
   *
   * @return every tool the server listed, in its order
   */
  public List<McpSchema.Tool> listTools() {
    List<McpSchema.Tool> all = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      McpSchema.ListToolsResult result = cursor == null ? client.listTools() : client.listTools(cursor);
      observe(result.tools());
      all.addAll(result.tools());
      cursor = result.nextCursor();
      if (cursor == null) {
        break;
      }
    }
    return List.copyOf(all);
  }

  /**
   * Judges the call and, when the policy allows it (or a person approved it), calls the server with the request
   * unchanged. A refusal is a result with {@code isError: true} and the reason.
   *
   * @param request the MCP request, passed on unchanged when allowed; not {@code null}
   * @return the server's result, or an error result carrying the refusal
   */
  public McpSchema.CallToolResult callTool(McpSchema.CallToolRequest request) {
    Objects.requireNonNull(request, "request must not be null");
    if (!guard.listed(request.name())) {
      listTools();
    }
    String arguments;
    try {
      arguments = JSON.writeValueAsString(request.arguments() == null ? Map.of() : request.arguments());
    } catch (JsonProcessingException e) {
      return refusal("Tool call refused by agent-guard (rule input.invalid-json): the arguments cannot be "
          + "written as JSON");
    }
    ToolCall call = new ToolCall("mcp-" + UUID.randomUUID(), request.name(), arguments, context);
    AtomicReference<McpSchema.CallToolResult> produced = new AtomicReference<>();
    try {
      guard.execute(call, checked -> {
        McpSchema.CallToolResult result = client.callTool(request);
        produced.set(result);
        return new ToolResult(String.valueOf(result.content()), Boolean.TRUE.equals(result.isError()));
      });
    } catch (ToolCallDeniedException e) {
      return refusal(McpToolGuard.refusalText(e.decision()));
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
    McpSchema.CallToolResult result = produced.get();
    if (result == null) {
      throw new IllegalStateException("agent-guard completed the call without calling the server");
    }
    return result;
  }

  private void observe(List<McpSchema.Tool> tools) {
    List<McpToolDefinition> definitions = new ArrayList<>(tools.size());
    for (McpSchema.Tool tool : tools) {
      definitions.add(definition(tool));
    }
    guard.observe(definitions);
  }

  /** The definition of an SDK tool, as the same tool's JSON reads in {@link McpToolDefinition#fromJson}. */
  static McpToolDefinition definition(McpSchema.Tool tool) {
    ObjectNode annotations = null;
    McpSchema.ToolAnnotations a = tool.annotations();
    if (a != null) {
      annotations = JsonNodeFactory.instance.objectNode();
      putIfSet(annotations, "title", a.title());
      putIfSet(annotations, "readOnlyHint", a.readOnlyHint());
      putIfSet(annotations, "destructiveHint", a.destructiveHint());
      putIfSet(annotations, "idempotentHint", a.idempotentHint());
      putIfSet(annotations, "openWorldHint", a.openWorldHint());
      putIfSet(annotations, "returnDirect", a.returnDirect());
    }
    return new McpToolDefinition(tool.name(), tool.description(),
        tool.inputSchema() == null ? null : JSON.valueToTree(tool.inputSchema()), annotations);
  }

  private static void putIfSet(ObjectNode node, String name, Object value) {
    if (value instanceof Boolean) {
      node.put(name, (Boolean) value);
    } else if (value != null) {
      node.put(name, value.toString());
    }
  }

  private static McpSchema.CallToolResult refusal(String text) {
    return McpSchema.CallToolResult.builder().addTextContent(text).isError(true).build();
  }

  /** Closes the client. */
  @Override
  public void close() {
    client.close();
  }

  @Override
  public String toString() {
    return "GuardedMcpClient{" + guard + "}";
  }
}
