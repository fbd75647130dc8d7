package dev.agentguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One MCP client session with an {@code mcp-proxy} child process whose stdout and stderr were redirected to the
 * files {@code stdout} and {@code stderr} of a directory: the client's lines in, the proxy's exit and every stdout
 * line checked to be a JSON-RPC message out.
 */
final class ProxyChild {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the proxy wrote: its JSON-RPC messages in order, and both streams as text. */
  record Outcome(List<JsonNode> messages, String stdout, String stderr) {}

  private ProxyChild() {}

  /** The {@code initialize} request (id 1) of a client named {@code client}. */
  static String initialize(String client) {
    return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
        + "\"capabilities\":{},\"clientInfo\":{\"name\":\"" + client + "\",\"version\":\"1\"}}}";
  }

  /** The {@code notifications/initialized} notification. */
  static String initialized() {
    return "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";
  }

  /** A {@code tools/call} of the reference server's {@code read_text_file} on {@code path}. */
  static String readTextFile(int id, String path) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"read_text_file\","
        + "\"arguments\":{\"path\":" + JSON.valueToTree(path) + "}}}";
  }

  /**
   * Writes {@code lines} to the proxy's stdin and closes it, waits for the proxy to exit (at most two minutes),
   * and asserts that it exited with 0 and that every stdout line is a JSON-RPC message.
   */
  static Outcome talk(Process proxy, Path dir, String... lines) throws IOException, InterruptedException {
    try (var stdin = proxy.getOutputStream()) {
      stdin.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }
    boolean exited = proxy.waitFor(120, TimeUnit.SECONDS);
    if (!exited) {
      proxy.destroyForcibly();
    }
    String stdout = Files.readString(dir.resolve("stdout"));
    String stderr = Files.readString(dir.resolve("stderr"));
    assertThat(exited).as(stderr).isTrue();
    assertThat(proxy.exitValue()).as(stderr).isZero();
    List<JsonNode> messages = new ArrayList<>();
    for (String line : stdout.split("\n")) {
      if (!line.isBlank()) {
        JsonNode m = JSON.readTree(line);
        assertThat(m.path("jsonrpc").asText()).as("a stdout line that is not a JSON-RPC message: " + line)
            .isEqualTo("2.0");
        messages.add(m);
      }
    }
    return new Outcome(messages, stdout, stderr);
  }
}
