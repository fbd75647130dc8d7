package dev.agentguard.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.agentguard.api.ApprovalResponse;
import dev.agentguard.ops.approval.ApprovalInbox;
import dev.agentguard.core.telemetry.Redactor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** The console's routes: sign-in, the page and its assets, the pending list and answers. */
final class ConsoleHandler implements HttpHandler {

  static final String COOKIE = "agent_guard_session";
  static final String CSRF_HEADER = "X-CSRF-Token";
  static final int MAX_BODY = 16 * 1024;
  static final int MAX_COMMENT = 2000;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self';"
      + " img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private final ApprovalInbox inbox;
  private final ConsoleAuth auth;
  private final Redactor redactor;
  private final String decidedBy;
  private final Set<String> origins;
  private final Duration refresh;
  private final String page;

  ConsoleHandler(ApprovalInbox inbox, ConsoleAuth auth, Redactor redactor, String decidedBy, String origin,
      Duration refresh) {
    this.inbox = inbox;
    this.auth = auth;
    this.redactor = redactor;
    this.decidedBy = decidedBy;
    URI o = URI.create(origin);
    this.origins = o.getHost().equals("127.0.0.1") || o.getHost().equals("[::1]")
        ? Set.of(origin, "http://localhost:" + o.getPort()) : Set.of(origin);
    this.refresh = refresh;
    this.page = resource("index.html");
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    try (ex) {
      Headers h = ex.getResponseHeaders();
      h.set("Content-Security-Policy", CSP);
      h.set("X-Content-Type-Options", "nosniff");
      h.set("X-Frame-Options", "DENY");
      h.set("Referrer-Policy", "no-referrer");
      h.set("Cache-Control", "no-store");
      route(ex);
    } catch (RuntimeException e) {
      System.getLogger("dev.agentguard").log(System.Logger.Level.WARNING, "approval console request failed", e);
      send(ex, 500, "application/json", error("the console could not handle this request: " + e.getMessage()));
    }
  }

  private void route(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    switch (path) {
      case "/login":
        requireMethod(ex, "GET", () -> login(ex));
        return;
      case "/":
        requireMethod(ex, "GET", () -> page(ex));
        return;
      case "/app.js":
        requireMethod(ex, "GET", () -> send(ex, 200, "text/javascript; charset=utf-8", resource("app.js")));
        return;
      case "/app.css":
        requireMethod(ex, "GET", () -> send(ex, 200, "text/css; charset=utf-8", resource("app.css")));
        return;
      case "/api/pending":
        requireMethod(ex, "GET", () -> pending(ex));
        return;
      case "/api/answer":
        requireMethod(ex, "POST", () -> answer(ex));
        return;
      default:
        send(ex, 404, "text/plain; charset=utf-8", "not found");
    }
  }

  @FunctionalInterface
  private interface Action {
    void run() throws IOException;
  }

  private static void requireMethod(HttpExchange ex, String method, Action action) throws IOException {
    if (!ex.getRequestMethod().equals(method)) {
      ex.getResponseHeaders().set("Allow", method);
      send(ex, 405, "text/plain; charset=utf-8", "method not allowed");
      return;
    }
    action.run();
  }

  private void login(HttpExchange ex) throws IOException {
    String code = query(ex.getRequestURI(), "code");
    Optional<ConsoleAuth.Session> session = auth.login(code);
    if (session.isEmpty()) {
      send(ex, 401, "text/plain; charset=utf-8",
          "This login link is not valid: it was used already, has expired, or was mistyped. Ask the host for a new one.");
      return;
    }
    ex.getResponseHeaders().add("Set-Cookie", COOKIE + "=" + session.get().id() + "; Path=/; HttpOnly; SameSite=Strict");
    ex.getResponseHeaders().set("Location", "/");
    send(ex, 303, "text/plain; charset=utf-8", "signed in");
  }

  private void page(HttpExchange ex) throws IOException {
    Optional<ConsoleAuth.Session> session = auth.session(cookie(ex));
    if (session.isEmpty()) {
      send(ex, 401, "text/plain; charset=utf-8",
          "Not signed in. Open the one-time login link the agent host printed when the console started.");
      return;
    }
    String html = page.replace("{{csrf}}", Html.escape(session.get().csrfToken()))
        .replace("{{refresh}}", Long.toString(refresh.toMillis()))
        .replace("{{decidedBy}}", Html.escape(decidedBy));
    send(ex, 200, "text/html; charset=utf-8", html);
  }

  private void pending(HttpExchange ex) throws IOException {
    if (!authenticated(ex)) {
      send(ex, 401, "application/json", error("sign in first, or send Authorization: Bearer <token>"));
      return;
    }
    send(ex, 200, "application/json", PendingView.toJson(inbox.pending(), redactor));
  }

  private void answer(HttpExchange ex) throws IOException {
    String refusal = refuseAnswer(ex);
    if (refusal != null) {
      send(ex, refusal.startsWith("sign in") ? 401 : 403, "application/json", error(refusal));
      return;
    }
    Answer a;
    try {
      a = Answer.parse(readBody(ex), decidedBy);
    } catch (IllegalArgumentException e) {
      send(ex, 400, "application/json", error(e.getMessage()));
      return;
    }
    ApprovalInbox.AnswerResult result = inbox.answer(a.requestId(), a.fingerprint(), a.response());
    String body = JSON.createObjectNode().put("status", result.status().name()).put("accepted", result.isAccepted())
        .put("message", result.message()).toString();
    send(ex, result.isAccepted() ? 200 : 409, "application/json", body);
  }

  /** Why this answer request may not proceed, or null: auth first, then CSRF token and origin for a browser. */
  private String refuseAnswer(HttpExchange ex) {
    if (bearer(ex)) {
      return null;
    }
    Optional<ConsoleAuth.Session> session = auth.session(cookie(ex));
    if (session.isEmpty()) {
      return "sign in first, or send Authorization: Bearer <token>";
    }
    String origin = ex.getRequestHeaders().getFirst("Origin");
    if (origin == null || !origins.contains(origin)) {
      return "refused: the request did not come from this console's page (Origin " + origin + ")";
    }
    String csrf = ex.getRequestHeaders().getFirst(CSRF_HEADER);
    if (csrf == null || !ConsoleAuth.constantTimeEquals(session.get().csrfToken(), csrf)) {
      return "refused: missing or wrong CSRF token; reload the page";
    }
    return null;
  }

  private boolean authenticated(HttpExchange ex) {
    return bearer(ex) || auth.session(cookie(ex)).isPresent();
  }

  private boolean bearer(HttpExchange ex) {
    String header = ex.getRequestHeaders().getFirst("Authorization");
    return header != null && header.startsWith("Bearer ") && auth.isToken(header.substring("Bearer ".length()));
  }

  static String cookie(HttpExchange ex) {
    for (String header : ex.getRequestHeaders().getOrDefault("Cookie", java.util.List.of())) {
      for (String part : header.split(";")) {
        String p = part.trim();
        if (p.startsWith(COOKIE + "=")) {
          return p.substring(COOKIE.length() + 1);
        }
      }
    }
    return null;
  }

  static String query(URI uri, String name) {
    String q = uri.getRawQuery();
    if (q == null) {
      return null;
    }
    for (String part : q.split("&")) {
      if (part.startsWith(name + "=")) {
        return java.net.URLDecoder.decode(part.substring(name.length() + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  private static String readBody(HttpExchange ex) throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      byte[] body = in.readNBytes(MAX_BODY + 1);
      if (body.length > MAX_BODY) {
        throw new IllegalArgumentException("the answer is larger than " + MAX_BODY + " bytes");
      }
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private static String error(String message) {
    return JSON.createObjectNode().put("status", "REFUSED").put("accepted", false).put("message", message).toString();
  }

  private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static String resource(String name) {
    try (InputStream in = ConsoleHandler.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the agent-guard-console jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + name + " from the agent-guard-console jar", e);
    }
  }

  /** An answer as the page posts it. */
  record Answer(String requestId, String fingerprint, ApprovalResponse response) {
    static Answer parse(String body, String decidedBy) {
      JsonNode n;
      try {
        n = JSON.readTree(body);
      } catch (IOException e) {
        throw new IllegalArgumentException("the answer is not JSON");
      }
      if (n == null || !n.isObject()) {
        throw new IllegalArgumentException("the answer is not a JSON object");
      }
      String id = text(n, "requestId");
      String fingerprint = text(n, "fingerprint");
      String action = text(n, "action");
      JsonNode c = n.get("comment");
      String comment = c == null || c.isNull() ? "" : c.isTextual() ? c.textValue() : null;
      if (comment == null || comment.length() > MAX_COMMENT) {
        throw new IllegalArgumentException("comment must be text of at most " + MAX_COMMENT + " characters");
      }
      switch (action) {
        case "approve":
          return new Answer(id, fingerprint, ApprovalResponse.approved(decidedBy));
        case "approve-session":
          return new Answer(id, fingerprint, ApprovalResponse.approvedForSession(decidedBy));
        case "deny":
          return new Answer(id, fingerprint, ApprovalResponse.denied(decidedBy, comment.strip()));
        default:
          throw new IllegalArgumentException("action must be approve, approve-session or deny");
      }
    }

    private static String text(JsonNode n, String name) {
      JsonNode v = n.get(name);
      if (v == null || !v.isTextual() || v.textValue().isBlank()) {
        throw new IllegalArgumentException(name + " must be a non-empty string");
      }
      return v.textValue();
    }
  }
}
