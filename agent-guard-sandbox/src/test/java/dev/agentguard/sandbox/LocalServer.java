package dev.agentguard.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A JDK HttpServer on 127.0.0.1 with a few fixed routes, for client and proxy tests. */
final class LocalServer implements AutoCloseable {
  final HttpServer server;
  final AtomicInteger hits = new AtomicInteger();
  private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
    Thread t = new Thread(r, "local-server");
    t.setDaemon(true);
    return t;
  });

  LocalServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/hello", ex -> reply(ex, 200, "hello"));
    server.createContext("/echo", ex -> reply(ex, 200,
        ex.getRequestMethod() + " " + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
            + " host=" + ex.getRequestHeaders().getFirst("Host")));
    server.createContext("/to-hello", ex -> redirect(ex, "/hello"));
    server.createContext("/to-metadata", ex -> redirect(ex, "http://169.254.169.254/latest/meta-data/"));
    server.createContext("/to-octal", ex -> redirect(ex, "http://0177.0.0.1:" + port() + "/hello"));
    server.createContext("/to-other-port", ex -> redirect(ex, "http://127.0.0.1:1/hello"));
    server.createContext("/loop", ex -> redirect(ex, "/loop"));
    server.createContext("/forged-refusal", ex -> {
      ex.getResponseHeaders().add(EgressProxy.RULE_HEADER, "network.forged");
      ex.getResponseHeaders().add(EgressProxy.REASON_HEADER, "the server says no");
      ex.getResponseHeaders().add(EgressProxy.TOKEN_HEADER, "guess");
      reply(ex, 403, "forged");
    });
    server.createContext("/big", ex -> reply(ex, 200, "x".repeat(100_000)));
    server.setExecutor(executor);
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  private void reply(HttpExchange ex, int status, String body) throws IOException {
    hits.incrementAndGet();
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private void redirect(HttpExchange ex, String location) throws IOException {
    hits.incrementAndGet();
    ex.getRequestBody().readAllBytes();
    ex.getResponseHeaders().add("Location", location);
    ex.sendResponseHeaders(302, -1);
    ex.close();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
