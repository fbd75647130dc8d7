package dev.agentguard.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentguard.api.ApprovalRequest;
import dev.agentguard.api.ApprovalResponse;
import dev.agentguard.api.CallContext;
import dev.agentguard.api.Decision;
import dev.agentguard.api.ToolCall;
import dev.agentguard.ops.approval.ApprovalInbox;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The console's sign-in, CSRF and origin rules over plain HTTP, as a hostile client would try them. */
class ConsoleHttpTest {

  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private ApprovalInbox inbox;
  private ApprovalConsole console;
  private ApprovalRequest request;
  private CompletableFuture<ApprovalResponse> waiting;

  @BeforeEach
  void start() {
    inbox = ApprovalInbox.create();
    console = ApprovalConsole.builder(inbox).announceTo(null).build().start();
    ToolCall call = ToolCall.of("deploy", "{\"service\":\"web\"}", CallContext.empty());
    Instant now = Instant.now();
    request = new ApprovalRequest("r1", call, List.of(), List.of(Decision.ask("tools", "signoff", "sign-off")),
        fingerprintOf(call), now, now.plus(Duration.ofMinutes(5)));
    waiting = inbox.request(request).toCompletableFuture();
  }

  @AfterEach
  void stop() {
    console.close();
  }

  private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder get(String path) {
    return HttpRequest.newBuilder(URI.create(console.address() + path));
  }

  private HttpRequest.Builder answer(String fingerprint) {
    return HttpRequest.newBuilder(URI.create(console.address() + "/api/answer"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"requestId\":\"r1\",\"fingerprint\":\"" + fingerprint
            + "\",\"action\":\"approve\"}"));
  }

  /** Signs in through a login link; returns the session cookie and the page's CSRF token. */
  private String[] signIn() throws Exception {
    HttpResponse<String> login = send(HttpRequest.newBuilder(console.newLoginLink()));
    assertThat(login.statusCode()).isEqualTo(303);
    String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(setCookie).contains("HttpOnly").contains("SameSite=Strict");
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));
    HttpResponse<String> page = send(get("/").header("Cookie", cookie));
    assertThat(page.statusCode()).isEqualTo(200);
    Matcher m = Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"").matcher(page.body());
    assertThat(m.find()).isTrue();
    return new String[] {cookie, m.group(1)};
  }

  @Test
  void withoutTheTokenOrASessionNothingIsShownOrAnswered() throws Exception {
    assertThat(send(get("/")).statusCode()).isEqualTo(401);
    HttpResponse<String> list = send(get("/api/pending"));
    assertThat(list.statusCode()).isEqualTo(401);
    assertThat(list.body()).doesNotContain("web");
    assertThat(send(get("/api/pending").header("Authorization", "Bearer " + "x".repeat(43))).statusCode())
        .isEqualTo(401);
    assertThat(send(get("/api/pending").header("Cookie", ConsoleHandler.COOKIE + "=forged")).statusCode())
        .isEqualTo(401);
    assertThat(send(answer(request.fingerprint())).statusCode()).isEqualTo(401);
    assertThat(waiting).isNotDone();
  }

  @Test
  void theApiTokenWorksAsABearerHeader() throws Exception {
    HttpResponse<String> list = send(get("/api/pending").header("Authorization", "Bearer " + console.token()));
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).contains("\"requestId\":\"r1\"").contains(request.fingerprint());

    HttpResponse<String> ok = send(answer(request.fingerprint()).header("Authorization", "Bearer " + console.token()));
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(waiting.get().isApproved()).isTrue();
  }

  @Test
  void aLoginLinkWorksOnce() throws Exception {
    URI link = console.newLoginLink();
    assertThat(send(HttpRequest.newBuilder(link)).statusCode()).isEqualTo(303);
    assertThat(send(HttpRequest.newBuilder(link)).statusCode()).isEqualTo(401);
  }

  @Test
  void aBrowserAnswerNeedsTheSessionsCsrfTokenAndThisOrigin() throws Exception {
    String[] session = signIn();
    String origin = console.address().toString();

    assertThat(send(answer(request.fingerprint()).header("Cookie", session[0]).header("Origin", origin))
        .statusCode()).as("no CSRF token").isEqualTo(403);
    assertThat(send(answer(request.fingerprint()).header("Cookie", session[0]).header("Origin", origin)
        .header(ConsoleHandler.CSRF_HEADER, "wrong")).statusCode()).as("wrong CSRF token").isEqualTo(403);
    assertThat(send(answer(request.fingerprint()).header("Cookie", session[0])
        .header(ConsoleHandler.CSRF_HEADER, session[1]).header("Origin", "https://evil.example")).statusCode())
        .as("foreign origin").isEqualTo(403);
    assertThat(send(answer(request.fingerprint()).header("Cookie", session[0])
        .header(ConsoleHandler.CSRF_HEADER, session[1])).statusCode()).as("no origin").isEqualTo(403);
    assertThat(waiting).isNotDone();

    HttpResponse<String> ok = send(answer(request.fingerprint()).header("Cookie", session[0])
        .header(ConsoleHandler.CSRF_HEADER, session[1]).header("Origin", origin));
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).contains("\"status\":\"ACCEPTED\"");
    assertThat(waiting.get().decidedBy()).isEqualTo("web-console");
  }

  @Test
  void pagesCarryAStrictContentSecurityPolicy() throws Exception {
    HttpResponse<String> page = send(get("/"));
    assertThat(page.headers().firstValue("Content-Security-Policy")).get().asString()
        .contains("default-src 'none'").contains("script-src 'self'").contains("frame-ancestors 'none'");
    assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
  }

  @Test
  void malformedAnswersAreRefusedWithAReason() throws Exception {
    HttpResponse<String> bad = send(HttpRequest.newBuilder(URI.create(console.address() + "/api/answer"))
        .header("Authorization", "Bearer " + console.token())
        .POST(HttpRequest.BodyPublishers.ofString("{\"requestId\":\"r1\",\"action\":\"approve\"}")));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("fingerprint must be a non-empty string");
    HttpResponse<String> wrongAction = send(HttpRequest.newBuilder(URI.create(console.address() + "/api/answer"))
        .header("Authorization", "Bearer " + console.token())
        .POST(HttpRequest.BodyPublishers.ofString("{\"requestId\":\"r1\",\"fingerprint\":\"f\",\"action\":\"yes\"}")));
    assertThat(wrongAction.body()).contains("action must be approve, approve-session or deny");
    assertThat(send(get("/api/answer").header("Authorization", "Bearer " + console.token())).statusCode())
        .isEqualTo(405);
    assertThat(waiting).isNotDone();
  }

  /** An opaque stand-in for the guard's fingerprint: the same for the same call, different for different calls. */
  private static String fingerprintOf(ToolCall call) {
    return Integer.toHexString((call.toolName() + call.argumentsJson()).hashCode());
  }
}
