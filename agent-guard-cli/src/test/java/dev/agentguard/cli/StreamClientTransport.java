package dev.agentguard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * An MCP client transport over two streams of this JVM (newline-delimited JSON-RPC, as stdio): lets the Java MCP
 * SDK client talk to {@code mcp-proxy} run in-process by {@link Main#run}.
 */
final class StreamClientTransport implements McpClientTransport {

  private final McpJsonMapper json = new JacksonMcpJsonMapper(new ObjectMapper());
  private final BufferedReader in;
  private final OutputStream out;

  StreamClientTransport(InputStream fromServer, OutputStream toServer) {
    this.in = new BufferedReader(new InputStreamReader(fromServer, StandardCharsets.UTF_8));
    this.out = toServer;
  }

  @Override
  public Mono<Void> connect(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
    return Mono.fromRunnable(() -> {
      Thread reader = new Thread(() -> read(handler), "test-mcp-client-reader");
      reader.setDaemon(true);
      reader.start();
    });
  }

  private void read(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
    try {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        handler.apply(Mono.just(McpSchema.deserializeJsonRpcMessage(json, line))).subscribe();
      }
    } catch (IOException e) {
      // the proxy closed its side
    }
  }

  @Override
  public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
    return Mono.fromRunnable(() -> {
      try {
        byte[] line = json.writeValueAsBytes(message);
        synchronized (out) {
          out.write(line);
          out.write('\n');
          out.flush();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  @Override
  public Mono<Void> closeGracefully() {
    return Mono.fromRunnable(() -> {
      try {
        synchronized (out) {
          out.close();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  @Override
  public <T> T unmarshalFrom(Object data, TypeRef<T> type) {
    return json.convertValue(data, type);
  }
}
