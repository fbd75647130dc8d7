package dev.agentguard.test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentguard.api.CallContext;
import dev.agentguard.api.ToolCall;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Builds {@link ToolCall}s for tests without hand-written JSON:
 *
 * <pre>{@code
 * ToolCall call = ToolCalls.call("read_file")
 *     .arg("path", "a.txt")
 *     .conversation("c-1")
 *     .rationale("the user asked for a summary")
 *     .build();
 * }</pre>
 *
 * <p>Argument values are turned into JSON as Jackson would: strings, numbers, booleans, lists, maps.
 */
public final class ToolCalls {

  static final ObjectMapper JSON = JsonMapper.builder().build();

  private ToolCalls() {}

  /**
   * Starts a call to {@code toolName} with no arguments and an empty context.
   *
   * @param toolName the tool's name
   * @return a builder for the call
   */
  public static Builder call(String toolName) {
    return new Builder(Objects.requireNonNull(toolName, "toolName must not be null"));
  }

  /**
   * A {@code read_file} call with {@code path} (the descriptor of the example policy in docs/policy-file.md).
   *
   * @param path the {@code path} argument
   * @return a {@code read_file} call with {@code path} (the descriptor of the example policy in docs/policy-file.md)
   */
  public static Builder readFile(String path) {
    return call("read_file").arg("path", Objects.requireNonNull(path, "path must not be null"));
  }

  /**
   * A {@code write_file} call with {@code path} and {@code content}.
   *
   * @param path the {@code path} argument
   * @param content the {@code content} argument
   * @return a {@code write_file} call with {@code path} and {@code content}
   */
  public static Builder writeFile(String path, String content) {
    return call("write_file")
        .arg("path", Objects.requireNonNull(path, "path must not be null"))
        .arg("content", Objects.requireNonNull(content, "content must not be null"));
  }

  /**
   * A {@code fetch} call with {@code url}.
   *
   * @param url the {@code url} argument
   * @return a {@code fetch} call with {@code url}
   */
  public static Builder fetch(String url) {
    return call("fetch").arg("url", Objects.requireNonNull(url, "url must not be null"));
  }

  /**
   * A {@code shell} call with the command line {@code command}.
   *
   * @param command the {@code command} argument
   * @return a {@code shell} call with the command line {@code command}
   */
  public static Builder shell(String command) {
    return call("shell").arg("command", Objects.requireNonNull(command, "command must not be null"));
  }

  /**
   * Builds a {@link ToolCall}. Not thread-safe; each {@link #build()} returns an immutable call, and the
   * builder can go on to build more (each with a fresh id unless {@link #id(String)} was set).
   */
  public static final class Builder {
    private final String toolName;
    private ObjectNode arguments = JSON.createObjectNode();
    private String rawArguments;
    private String id;
    private final CallContext.Builder context = CallContext.builder();

    private Builder(String toolName) {
      this.toolName = toolName;
    }

    /**
     * Sets argument {@code name} to {@code value} (a string, number, boolean, list, map or Jackson
     * {@link JsonNode}; a {@link Path} becomes its string form, as a model would write it). Use
     * {@link #nullArg(String)} for an explicit JSON {@code null}.
     *
     * @param name the argument's name; not {@code null}
     * @param value the argument's value; not {@code null}
     * @return this builder
     * @throws IllegalStateException if raw arguments that are not a JSON object were set
     */
    public Builder arg(String name, Object value) {
      Objects.requireNonNull(name, "name must not be null");
      Objects.requireNonNull(value, "value of argument '" + name + "' must not be null");
      ensureStructured();
      JsonNode node;
      if (value instanceof JsonNode j) {
        node = j;
      } else if (value instanceof Path p) {
        node = JSON.getNodeFactory().textNode(p.toString());
      } else {
        node = JSON.valueToTree(value);
      }
      arguments.set(name, node);
      return this;
    }

    /**
     * Sets argument {@code name} to JSON {@code null}.
     *
     * @param name the argument's name; not {@code null}
     * @return this builder
     */
    public Builder nullArg(String name) {
      Objects.requireNonNull(name, "name must not be null");
      ensureStructured();
      arguments.putNull(name);
      return this;
    }

    /**
     * Sets every entry of {@code args} as an argument.
     *
     * @param args the arguments by name; no {@code null} value
     * @return this builder
     */
    public Builder args(Map<String, ?> args) {
      Objects.requireNonNull(args, "args must not be null");
      args.forEach(this::arg);
      return this;
    }

    /**
     * Uses {@code argumentsJson} verbatim as the arguments, as a framework would hand them over, even if it is
     * not valid JSON (to test how the guard treats bad input). Replaces any {@link #arg} set so far.
     *
     * @param argumentsJson the arguments as text; not {@code null}
     * @return this builder
     */
    public Builder argumentsJson(String argumentsJson) {
      this.rawArguments = Objects.requireNonNull(argumentsJson, "argumentsJson must not be null");
      this.arguments = JSON.createObjectNode();
      return this;
    }

    private void ensureStructured() {
      if (rawArguments != null) {
        try {
          JsonNode parsed = JSON.readTree(rawArguments);
          if (parsed == null || !parsed.isObject()) {
            throw new IllegalStateException("cannot add arguments to raw arguments that are not a JSON object");
          }
          arguments = (ObjectNode) parsed;
        } catch (IOException e) {
          throw new IllegalStateException("cannot add arguments to raw arguments that are not valid JSON", e);
        }
        rawArguments = null;
      }
    }

    /**
     * Sets the call id (default: a random UUID per {@link #build()}).
     *
     * @param id the call id; not {@code null}
     * @return this builder
     */
    public Builder id(String id) {
      this.id = Objects.requireNonNull(id, "id must not be null");
      return this;
    }

    /**
     * Sets the conversation (session) id.
     *
     * @param conversationId the conversation id; not {@code null}
     * @return this builder
     */
    public Builder conversation(String conversationId) {
      context.conversationId(Objects.requireNonNull(conversationId, "conversationId must not be null"));
      return this;
    }

    /**
     * Sets the agent's rationale for the call.
     *
     * @param rationale the agent's explanation; not {@code null}
     * @return this builder
     */
    public Builder rationale(String rationale) {
      context.rationale(Objects.requireNonNull(rationale, "rationale must not be null"));
      return this;
    }

    /**
     * Adds an alternative the agent considered.
     *
     * @param alternative one alternative call, as the agent described it; not {@code null}
     * @return this builder
     */
    public Builder alternative(String alternative) {
      context.alternative(Objects.requireNonNull(alternative, "alternative must not be null"));
      return this;
    }

    /**
     * Replaces the alternatives the agent considered.
     *
     * @param alternatives the alternatives; not {@code null}
     * @return this builder
     */
    public Builder alternatives(List<String> alternatives) {
      context.alternatives(Objects.requireNonNull(alternatives, "alternatives must not be null"));
      return this;
    }

    /**
     * Sets the agent's id.
     *
     * @param agentId the agent's id; not {@code null}
     * @return this builder
     */
    public Builder agent(String agentId) {
      context.agentId(Objects.requireNonNull(agentId, "agentId must not be null"));
      return this;
    }

    /**
     * Sets the agent's name.
     *
     * @param agentName the agent's name; not {@code null}
     * @return this builder
     */
    public Builder agentName(String agentName) {
      context.agentName(Objects.requireNonNull(agentName, "agentName must not be null"));
      return this;
    }

    /**
     * Sets the principal the agent acts for.
     *
     * @param principal the user or service the agent acts for; not {@code null}
     * @return this builder
     */
    public Builder principal(String principal) {
      context.principal(Objects.requireNonNull(principal, "principal must not be null"));
      return this;
    }

    /**
     * Sets the working directory, as the framework would pass it.
     *
     * @param workingDirectory the working directory as text; not {@code null}
     * @return this builder
     */
    public Builder workingDirectory(String workingDirectory) {
      context.workingDirectory(Objects.requireNonNull(workingDirectory, "workingDirectory must not be null"));
      return this;
    }

    /**
     * Sets the working directory.
     *
     * @param workingDirectory the working directory; not {@code null}
     * @return this builder
     */
    public Builder workingDirectory(Path workingDirectory) {
      context.workingDirectory(Objects.requireNonNull(workingDirectory, "workingDirectory must not be null"));
      return this;
    }

    /**
     * Sets a free context attribute.
     *
     * @param key the attribute's name; not {@code null}
     * @param value its value; not {@code null}
     * @return this builder
     */
    public Builder attribute(String key, String value) {
      context.attribute(
          Objects.requireNonNull(key, "key must not be null"),
          Objects.requireNonNull(value, "value of attribute '" + key + "' must not be null"));
      return this;
    }

    /**
     * The arguments as JSON text, as {@link #build()} would set them.
     *
     * @return the arguments as JSON text, as {@link #build()} would set them
     */
    public String argumentsJson() {
      return rawArguments != null ? rawArguments : arguments.toString();
    }

    /**
     * Returns the call.
     *
     * @return the call
     */
    public ToolCall build() {
      return new ToolCall(
          id != null ? id : UUID.randomUUID().toString(), toolName, argumentsJson(), context.build());
    }

    @Override
    public String toString() {
      return toolName + " " + argumentsJson();
    }
  }
}
