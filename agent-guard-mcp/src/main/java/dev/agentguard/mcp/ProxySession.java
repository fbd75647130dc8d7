package dev.agentguard.mcp;

import static dev.agentguard.mcp.JsonRpcLines.JSON;
import static dev.agentguard.mcp.JsonRpcLines.bounded;
import static dev.agentguard.mcp.JsonRpcLines.error;
import static dev.agentguard.mcp.JsonRpcLines.firstLine;
import static dev.agentguard.mcp.JsonRpcLines.isBlank;
import static dev.agentguard.mcp.JsonRpcLines.refusal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentguard.api.CallContext;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolCallDeniedException;
import dev.agentguard.api.ToolResult;
import dev.agentguard.core.io.LineInput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** One run of {@link McpStdioProxy}: the relay threads and what they remember about requests in flight. */
final class ProxySession {

  private static final int MAX_LIST_PAGES = 100;
  private static final int MAX_CALLS_IN_FLIGHT = 64;

  private final McpToolGuard guard;
  private final Process server;
  private final PrintStream log;
  private final int maxMessageBytes;
  private final Duration listTimeout;
  private final MessageWriter toClient;
  private final MessageWriter toServer;
  private final String sessionId = UUID.randomUUID().toString();
  private final String proxyIdPrefix = "agent-guard-" + sessionId + "-";
  private final AtomicInteger proxyIds = new AtomicInteger();
  /** Client requests whose response the proxy reads: tools/list ids, by the id's JSON text. */
  private final Map<String, Boolean> clientLists = new ConcurrentHashMap<>();
  /** tools/call requests forwarded to the server, waiting for their response, by the id's JSON text. */
  private final Map<String, CompletableFuture<JsonNode>> calls = new ConcurrentHashMap<>();
  /** The proxy's own requests to the server, by the id's JSON text. */
  private final Map<String, CompletableFuture<JsonNode>> own = new ConcurrentHashMap<>();
  private final AtomicReference<String> clientName = new AtomicReference<>();
  /** Judges calls (and waits for approvals and the server) off the reading threads; at most 64 at a time. */
  private final ThreadPoolExecutor judges = new ThreadPoolExecutor(MAX_CALLS_IN_FLIGHT, MAX_CALLS_IN_FLIGHT,
      30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
        Thread t = new Thread(r, "agent-guard-mcp-call");
        t.setDaemon(true);
        return t;
      });
  private final Object listLock = new Object();
  /** Client requests forwarded and not yet answered, and tools/call requests being judged, by id JSON text. */
  private final Map<String, Boolean> unanswered = new ConcurrentHashMap<>();
  private final AtomicInteger judging = new AtomicInteger();
  private final Object drain = new Object();
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile boolean serverEnded;

  ProxySession(McpToolGuard guard, Process server, OutputStream clientOut, PrintStream log, int maxMessageBytes,
      Duration listTimeout) {
    this.guard = guard;
    this.server = server;
    this.log = log;
    this.maxMessageBytes = maxMessageBytes;
    this.listTimeout = listTimeout;
    this.toClient = new MessageWriter(clientOut, log);
    this.toServer = new MessageWriter(server.getOutputStream(), log);
    judges.allowCoreThreadTimeOut(true);
  }

  /**
   * Relays until the client closes its side or the server exits; returns the server's exit code. After the
   * client's end of input, the requests it sent are still judged and answered (for at most {@code drainTimeout})
   * before the server's stdin is closed.
   */
  int relay(InputStream clientIn, Duration exitGrace, Duration drainTimeout) {
    Thread fromServer = daemon("agent-guard-mcp-server", this::pumpServer);
    Thread fromClient = daemon("agent-guard-mcp-client", () -> pumpClient(clientIn));
    fromServer.start();
    fromClient.start();
    try {
      done.await();
      awaitAnswers(drainTimeout);
      toServer.close();
      if (!server.waitFor(exitGrace.toMillis(), TimeUnit.MILLISECONDS)) {
        log.println("agent-guard mcp-proxy: the server did not exit; stopping it");
        server.destroy();
        if (!server.waitFor(exitGrace.toMillis(), TimeUnit.MILLISECONDS)) {
          server.destroyForcibly();
          server.waitFor();
        }
        fromServer.join(exitGrace.toMillis());
        return 1;
      }
      fromServer.join(exitGrace.toMillis());
      return server.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.destroyForcibly();
      return 1;
    } finally {
      judges.shutdownNow();
      toClient.flush();
    }
  }

  /** Waits until every request the client sent was answered, the server ended, or the time is up. */
  private void awaitAnswers(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (drain) {
      while (!serverEnded && (judging.get() > 0 || !unanswered.isEmpty())) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          log.println("agent-guard mcp-proxy: " + (judging.get() + unanswered.size())
              + " request(s) still unanswered after the client closed its side");
          return;
        }
        drain.wait(left);
      }
    }
  }

  private void drained() {
    synchronized (drain) {
      drain.notifyAll();
    }
  }

  private static Thread daemon(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    return t;
  }

  // ---- client -> server -------------------------------------------------------------------------------------

  private void pumpClient(InputStream clientIn) {
    LineInput lines = new LineInput(clientIn, maxMessageBytes);
    try {
      for (LineInput.Line read = lines.next(); read != null && !serverEnded; read = lines.next()) {
        byte[] line = read.withoutCarriageReturn();
        if (read.oversized()) {
          toClient.send(error(null, -32600, "agent-guard: message longer than " + maxMessageBytes
              + " bytes; not forwarded"));
        } else if (!isBlank(line)) {
          fromClient(line);
        }
      }
    } catch (IOException | RuntimeException e) {
      log.println("agent-guard mcp-proxy: reading from the client failed: " + e);
    } finally {
      done.countDown();
    }
  }

  private void fromClient(byte[] line) throws IOException {
    JsonNode message;
    try {
      message = JSON.readTree(line);
    } catch (IOException e) {
      toClient.send(error(null, -32700, "agent-guard: not a JSON-RPC message it can read strictly ("
          + firstLine(e.getMessage()) + "); not forwarded"));
      return;
    }
    if (message != null && message.isArray()) {
      fromClientBatch(line, message);
      return;
    }
    if (message == null || !message.isObject()) {
      toClient.send(error(null, -32600, "agent-guard: a JSON-RPC message must be an object; not forwarded"));
      return;
    }
    String method = message.path("method").isTextual() ? message.get("method").textValue() : null;
    JsonNode id = message.get("id");
    if ("tools/call".equals(method)) {
      if (id == null || id.isNull()) {
        log.println("agent-guard mcp-proxy: dropped a tools/call notification (no id): it cannot be answered");
        return;
      }
      judging.incrementAndGet();
      try {
        judges.execute(() -> {
          try {
            judge(line, message, id);
          } finally {
            judging.decrementAndGet();
            drained();
          }
        });
      } catch (RuntimeException e) {
        judging.decrementAndGet();
        throw e;
      }
      return;
    }
    if ("initialize".equals(method) && message.path("params").path("clientInfo").path("name").isTextual()) {
      clientName.set(bounded(message.get("params").get("clientInfo").get("name").textValue()));
    }
    if ("tools/list".equals(method) && id != null) {
      clientLists.put(id.toString(), Boolean.TRUE);
    }
    if (method != null && id != null && !id.isNull()) {
      unanswered.put(id.toString(), Boolean.TRUE);
    }
    if ("notifications/cancelled".equals(method)) {
      CompletableFuture<JsonNode> call = calls.remove(message.path("params").path("requestId").toString());
      if (call != null) {
        call.cancel(false);
      }
    }
    toServer.send(line);
  }

  private void fromClientBatch(byte[] line, JsonNode batch) throws IOException {
    boolean hasCall = false;
    for (JsonNode m : batch) {
      hasCall |= m.isObject() && "tools/call".equals(m.path("method").asText(null));
      if (m.isObject() && "tools/list".equals(m.path("method").asText(null)) && m.has("id")) {
        clientLists.put(m.get("id").toString(), Boolean.TRUE);
      }
    }
    if (!hasCall) {
      toServer.send(line);
      return;
    }
    var errors = JsonNodeFactory.instance.arrayNode();
    for (JsonNode m : batch) {
      if (m.isObject() && m.has("method") && m.has("id") && !m.get("id").isNull()) {
        errors.add(error(m.get("id"), -32600,
            "agent-guard: a batch holding a tools/call is not forwarded; send tools/call on its own"));
      }
    }
    if (!errors.isEmpty()) {
      toClient.send(JSON.writeValueAsBytes(errors));
    }
  }

  // ---- judging a tools/call ---------------------------------------------------------------------------------

  private void judge(byte[] line, JsonNode message, JsonNode id) {
    try {
      JsonNode params = message.path("params");
      JsonNode name = params.path("name");
      JsonNode arguments = params.get("arguments");
      if (!name.isTextual()) {
        toClient.send(error(id, -32602, "agent-guard: tools/call needs params.name, a string"));
        return;
      }
      if (arguments != null && !arguments.isNull() && !arguments.isObject()) {
        toClient.send(error(id, -32602, "agent-guard: tools/call params.arguments must be an object"));
        return;
      }
      String tool = name.textValue();
      if (!guard.listed(tool)) {
        listTools();
      }
      ToolCall call = new ToolCall(callId(id), tool,
          arguments == null || arguments.isNull() ? "{}" : JSON.writeValueAsString(arguments), context());
      String key = id.toString();
      AtomicBoolean sent = new AtomicBoolean();
      try {
        guard.execute(call, checked -> forward(key, line, sent));
      } catch (ToolCallDeniedException e) {
        toClient.send(refusal(id, McpToolGuard.refusalText(e.decision())));
      } catch (Exception | Error e) {
        calls.remove(key);
        if (!sent.get()) {
          // Never judged to the end: fail closed, and still answer the client.
          toClient.send(refusal(id, "Tool call refused by agent-guard: the call could not be judged ("
              + e.getClass().getSimpleName() + ")"));
        }
        log.println("agent-guard mcp-proxy: tools/call " + key + " failed: " + e);
      }
    } catch (IOException | RuntimeException e) {
      log.println("agent-guard mcp-proxy: could not answer tools/call " + id + ": " + e);
    }
  }

  /** The guard's terminal step: sends the judged line as it was and waits for the server's response. */
  private ToolResult forward(String key, byte[] line, AtomicBoolean sent) throws Exception {
    CompletableFuture<JsonNode> response = new CompletableFuture<>();
    calls.put(key, response);
    if (serverEnded) {
      calls.remove(key);
      throw new IOException("the MCP server has exited");
    }
    unanswered.put(key, Boolean.TRUE);
    sent.set(true);
    toServer.send(line);
    JsonNode answer = response.get();
    JsonNode result = answer.path("result");
    if (answer.has("error")) {
      return ToolResult.error(bounded(answer.get("error").toString()));
    }
    return new ToolResult(bounded(result.path("content").toString()), result.path("isError").asBoolean(false));
  }

  private CallContext context() {
    CallContext.Builder b = CallContext.builder().conversationId(sessionId);
    String name = clientName.get();
    if (name != null && !name.isBlank()) {
      b.agentName(name);
    }
    return b.build();
  }

  private static String callId(JsonNode id) {
    String text = id.isTextual() ? id.textValue() : id.toString();
    return "mcp-" + (text.isBlank() ? "blank" : bounded(text));
  }

  /** Asks the server for every page of its tool list and shows them to the guard. */
  private void listTools() throws IOException {
    synchronized (listLock) {
      String cursor = null;
      for (int page = 0; page < MAX_LIST_PAGES; page++) {
        String id = proxyIdPrefix + proxyIds.incrementAndGet();
        ObjectNode request = JsonNodeFactory.instance.objectNode();
        request.put("jsonrpc", "2.0").put("id", id).put("method", "tools/list");
        ObjectNode params = request.putObject("params");
        if (cursor != null) {
          params.put("cursor", cursor);
        }
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        String key = JsonNodeFactory.instance.textNode(id).toString();
        own.put(key, answer);
        toServer.send(JSON.writeValueAsBytes(request));
        JsonNode result;
        try {
          result = answer.get(listTimeout.toMillis(), TimeUnit.MILLISECONDS).path("result");
        } catch (Exception e) {
          log.println("agent-guard mcp-proxy: the server did not list its tools: " + e);
          return;
        } finally {
          own.remove(key);
        }
        observe(result);
        JsonNode next = result.get("nextCursor");
        if (next == null || !next.isTextual()) {
          return;
        }
        cursor = next.textValue();
      }
    }
  }

  private void observe(JsonNode result) {
    JsonNode tools = result.path("tools");
    if (!tools.isArray()) {
      return;
    }
    List<McpToolDefinition> definitions = new ArrayList<>();
    for (JsonNode tool : tools) {
      try {
        definitions.add(McpToolDefinition.fromJson(tool));
      } catch (IllegalArgumentException e) {
        log.println("agent-guard mcp-proxy: ignored a tool the server listed: " + e.getMessage());
      }
    }
    guard.observe(definitions).forEach((name, status) -> {
      if (status.kind() == PinStatus.Kind.CHANGED || status.kind() == PinStatus.Kind.UNPINNABLE) {
        log.println("agent-guard mcp-proxy: tool '" + name + "': " + status.kind() + ": " + status.detail());
      }
    });
  }

  // ---- server -> client -------------------------------------------------------------------------------------

  private void pumpServer() {
    LineInput lines = new LineInput(server.getInputStream(), maxMessageBytes);
    try {
      for (LineInput.Line read = lines.next(); read != null; read = lines.next()) {
        byte[] line = read.withoutCarriageReturn();
        if (read.oversized()) {
          log.println("agent-guard mcp-proxy: dropped a server message longer than " + maxMessageBytes + " bytes");
        } else if (!isBlank(line)) {
          fromServer(line);
        }
      }
    } catch (IOException | RuntimeException e) {
      log.println("agent-guard mcp-proxy: reading from the server failed: " + e);
    } finally {
      serverEnded = true;
      IOException gone = new IOException("the MCP server has exited");
      calls.values().forEach(f -> f.completeExceptionally(gone));
      own.values().forEach(f -> f.completeExceptionally(gone));
      toClient.flush();
      done.countDown();
      drained();
    }
  }

  private void fromServer(byte[] line) throws IOException {
    JsonNode message;
    try {
      message = JSON.readTree(line);
    } catch (IOException e) {
      toClient.send(line);
      return;
    }
    if (message != null && message.isArray()) {
      for (JsonNode m : message) {
        response(m);
      }
      toClient.send(line);
      return;
    }
    if (message == null || !message.isObject()) {
      toClient.send(line);
      return;
    }
    if ("notifications/tools/list_changed".equals(message.path("method").asText(null))) {
      guard.forgetTools();
    }
    if (!response(message)) {
      toClient.send(line);
    }
  }

  /** Handles a response from the server; returns true when it answered the proxy's own request. */
  private boolean response(JsonNode message) {
    if (!message.isObject() || message.has("method") || !message.has("id")) {
      return false;
    }
    String key = message.get("id").toString();
    if (unanswered.remove(key) != null) {
      drained();
    }
    CompletableFuture<JsonNode> mine = own.remove(key);
    if (mine != null) {
      mine.complete(message);
      return true;
    }
    if (clientLists.remove(key) != null) {
      observe(message.path("result"));
    }
    CompletableFuture<JsonNode> call = calls.remove(key);
    if (call != null) {
      call.complete(message);
    }
    return false;
  }
}
