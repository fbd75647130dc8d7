package dev.agentguard.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Writes whole JSON-RPC messages, one a line, from any thread, for {@link McpStdioProxy}. After the first write
 * error (reported once on {@code log}) it drops every later message.
 */
final class MessageWriter {
  private final OutputStream out;
  private final PrintStream log;
  private boolean broken;

  MessageWriter(OutputStream out, PrintStream log) {
    this.out = out;
    this.log = log;
  }

  void send(ObjectNode message) throws IOException {
    send(JsonRpcLines.JSON.writeValueAsBytes(message));
  }

  synchronized void send(byte[] line) {
    if (broken) {
      return;
    }
    try {
      out.write(line);
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      broken = true;
      log.println("agent-guard mcp-proxy: a stream closed: " + e.getMessage());
    }
  }

  synchronized void flush() {
    try {
      out.flush();
    } catch (IOException e) {
      broken = true;
    }
  }

  synchronized void close() {
    broken = true;
    try {
      out.close();
    } catch (IOException e) {
      // the other side is gone already
    }
  }
}
