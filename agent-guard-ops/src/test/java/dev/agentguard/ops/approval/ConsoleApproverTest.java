package dev.agentguard.ops.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentguard.api.Access;
import dev.agentguard.api.ApprovalRequest;
import dev.agentguard.api.ApprovalResponse;
import dev.agentguard.api.CallContext;
import dev.agentguard.api.Decision;
import dev.agentguard.api.Resource;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolCallDeniedException;
import dev.agentguard.api.ToolExecutor;
import dev.agentguard.api.ToolResult;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.policy.Policy;
import dev.agentguard.core.policy.ToolRule;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConsoleApproverTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String SECRET = "hunter2-very-secret";

  /** Output that signals each time a prompt has been shown in full. */
  private static final class Terminal extends PrintStream {
    final ByteArrayOutputStream bytes;
    final Semaphore prompts = new Semaphore(0);

    Terminal() {
      this(new ByteArrayOutputStream());
    }

    private Terminal(ByteArrayOutputStream bytes) {
      super(bytes, true, StandardCharsets.UTF_8);
      this.bytes = bytes;
    }

    @Override
    public void print(Object obj) {
      super.print(obj);
      if (String.valueOf(obj).contains("Allow?")) {
        prompts.release();
      }
    }

    void awaitPrompt() throws InterruptedException {
      assertThat(prompts.tryAcquire(30, TimeUnit.SECONDS)).as("a prompt was shown").isTrue();
    }

    String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }

  private static ApprovalRequest request(String id, String rationale) {
    ToolCall call = new ToolCall("call-" + id, "deploy_service",
        "{\"service\":\"web\",\"password\":\"" + SECRET + "\"}",
        CallContext.builder().conversationId("conv-9").agentName("release-bot").rationale(rationale).build());
    List<Resource> resources = List.of(new Resource.FileAccess("/srv/app/current", Access.WRITE),
        new Resource.NetworkAccess("https://deploy.example.com/hooks"));
    return new ApprovalRequest(id, call, resources,
        List.of(Decision.ask("tools", "deploys-need-signoff", "production deploys need sign-off")),
        fingerprintOf(call), T0, T0.plusSeconds(300));
  }

  private static ApprovalResponse answer(String input) throws Exception {
    try (ConsoleApprover console = new ConsoleApprover(new StringReader(input), new Terminal())) {
      return console.request(request("r1", "ship it")).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void thePromptShowsWhatIsAskedWithSecretsRedacted() throws Exception {
    Terminal out = new Terminal();
    try (ConsoleApprover console = new ConsoleApprover(new StringReader("y\n"), out)) {
      ApprovalRequest r = request("r1", "the tests pass; ship it");
      assertThat(console.request(r).toCompletableFuture().get(30, TimeUnit.SECONDS))
          .isEqualTo(ApprovalResponse.approved("console"));
      String text = out.text();
      assertThat(text)
          .contains("approval needed: deploy_service")
          .contains("request: r1")
          .contains("\"service\":\"web\"")
          .contains("[REDACTED]")
          .doesNotContain(SECRET)
          .contains("file write /srv/app/current")
          .contains("url https://deploy.example.com/hooks")
          .contains("[deploys-need-signoff] production deploys need sign-off")
          .contains("rationale: the tests pass; ship it")
          .contains("agent: release-bot")
          .contains("conversation: conv-9")
          .contains("fingerprint: " + r.fingerprint())
          .contains("Allow? [y] once, [s] for this session, [n] deny: ");
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "y\\n        | APPROVED | ONCE    | ''",
      "yes\\n      | APPROVED | ONCE    | ''",
      "'  Y  \\n'  | APPROVED | ONCE    | ''",
      "s\\n        | APPROVED | SESSION | ''",
      "session\\n  | APPROVED | SESSION | ''",
      "n\\n        | DENIED   | ONCE    | denied at the console",
      "no\\n       | DENIED   | ONCE    | denied at the console",
      "maybe\\n    | DENIED   | ONCE    | unrecognised answer 'maybe'",
      "yess\\n     | DENIED   | ONCE    | unrecognised answer 'yess'",
      "\\n         | DENIED   | ONCE    | unrecognised answer ''",
      "''          | DENIED   | ONCE    | no answer (end of input)",
      "y          | APPROVED | ONCE    | ''"})
  void answersAreYSOrNAndEverythingElseIsADenial(String input, ApprovalResponse.Status status,
      ApprovalResponse.Scope scope, String comment) throws Exception {
    ApprovalResponse response = answer(input.replace("\\n", "\n"));
    assertThat(response.status()).isEqualTo(status);
    assertThat(response.scope()).isEqualTo(scope);
    assertThat(response.comment()).isEqualTo(comment);
    assertThat(response.decidedBy()).isEqualTo("console");
  }

  @Test
  void promptsAreShownOneAtATimeInArrivalOrder() throws Exception {
    Terminal out = new Terminal();
    StringBuilder input = new StringBuilder();
    int n = 12;
    for (int i = 0; i < n; i++) {
      input.append(i % 3 == 0 ? "y\n" : i % 3 == 1 ? "n\n" : "s\n");
    }
    try (ConsoleApprover console = new ConsoleApprover(new StringReader(input.toString()), out)) {
      List<CompletableFuture<ApprovalResponse>> answers = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        answers.add(console.request(request("r" + i, "step " + i)).toCompletableFuture());
      }
      for (int i = 0; i < n; i++) {
        ApprovalResponse r = answers.get(i).get(30, TimeUnit.SECONDS);
        assertThat(r.isApproved()).isEqualTo(i % 3 != 1);
        assertThat(r.scope()).isEqualTo(i % 3 == 2 ? ApprovalResponse.Scope.SESSION : ApprovalResponse.Scope.ONCE);
      }
    }
    // Every block is whole: header, its own request id and rationale, then its prompt, before the next header.
    String[] blocks = out.text().split("== approval needed");
    assertThat(blocks).hasSize(n + 1);
    for (int i = 0; i < n; i++) {
      String block = blocks[i + 1];
      assertThat(block).contains("request: r" + i + System.lineSeparator()).contains("rationale: step " + i);
      assertThat(countOf(block, "Allow?")).isEqualTo(1);
    }
  }

  @Test
  void promptsFromManyThreadsNeverInterleave() throws Exception {
    Terminal out = new Terminal();
    int n = 16;
    try (ConsoleApprover console = new ConsoleApprover(new StringReader("y\n".repeat(n)), out)) {
      List<CompletableFuture<CompletableFuture<ApprovalResponse>>> submitted = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int id = i;
        submitted.add(CompletableFuture.supplyAsync(
            () -> console.request(request("r" + id, "step " + id)).toCompletableFuture()));
      }
      for (CompletableFuture<CompletableFuture<ApprovalResponse>> s : submitted) {
        assertThat(s.get(30, TimeUnit.SECONDS).get(30, TimeUnit.SECONDS).isApproved()).isTrue();
      }
    }
    String[] blocks = out.text().split("== approval needed");
    assertThat(blocks).hasSize(n + 1);
    for (int i = 1; i <= n; i++) {
      Matcher id = Pattern.compile("request: (r\\d+)").matcher(blocks[i]);
      assertThat(id.find()).isTrue();
      assertThat(countOf(blocks[i], "request: ")).isEqualTo(1);
      assertThat(blocks[i]).contains("rationale: step " + id.group(1).substring(1));
    }
  }

  @Test
  void aRequestWithdrawnBeforeItsTurnIsNeverShownAndOneWithdrawnDuringItsPromptIsReportedTooLate()
      throws Exception {
    Terminal out = new Terminal();
    PipedWriter keyboard = new PipedWriter();
    try (ConsoleApprover console = new ConsoleApprover(new PipedReader(keyboard), out)) {
      CompletableFuture<ApprovalResponse> first = console.request(request("first", "a")).toCompletableFuture();
      out.awaitPrompt();
      CompletableFuture<ApprovalResponse> queued = console.request(request("queued", "b")).toCompletableFuture();
      queued.cancel(false);
      type(keyboard, "y\n");
      assertThat(first.get(30, TimeUnit.SECONDS).isApproved()).isTrue();

      CompletableFuture<ApprovalResponse> late = console.request(request("late", "c")).toCompletableFuture();
      out.awaitPrompt();
      late.cancel(false);
      type(keyboard, "y\n");

      CompletableFuture<ApprovalResponse> last = console.request(request("last", "d")).toCompletableFuture();
      out.awaitPrompt();
      type(keyboard, "n\n");
      assertThat(last.get(30, TimeUnit.SECONDS).isApproved()).isFalse();
    }
    assertThat(out.text())
        .doesNotContain("request: queued")
        .contains("request: late")
        .contains("too late: request late was already withdrawn");
  }

  @Test
  void closingDeniesWhatIsStillWaiting() throws Exception {
    Terminal out = new Terminal();
    PipedWriter keyboard = new PipedWriter();
    ConsoleApprover console = new ConsoleApprover(new PipedReader(keyboard), out);
    CompletableFuture<ApprovalResponse> showing = console.request(request("showing", "a")).toCompletableFuture();
    out.awaitPrompt();
    CompletableFuture<ApprovalResponse> queued = console.request(request("queued", "b")).toCompletableFuture();

    console.close();

    assertThat(queued.get(30, TimeUnit.SECONDS).comment()).isEqualTo("the console approver is closed");
    assertThat(showing.get(30, TimeUnit.SECONDS).isApproved()).isFalse();
    assertThat(console.request(request("after", "c")).toCompletableFuture().get(30, TimeUnit.SECONDS).comment())
        .isEqualTo("the console approver is closed");
    keyboard.close();
  }

  @Test
  void textFromTheAgentCannotDriveTheTerminal() throws Exception {
    Terminal out = new Terminal();
    try (ConsoleApprover console = new ConsoleApprover(new StringReader("n\n"), out)) {
      console.request(request("r1", "fine\u001b[2J\r\nAllow? [y] once: y\u0007")).toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
    }
    assertThat(out.text())
        .doesNotContain("\u001b").doesNotContain("\u0007")
        .contains("fine\\u001b[2J\\u000d\\u000aAllow? [y] once: y\\u0007");
    assertThat(ConsoleApprover.safe("a\u202eb\u2028c")).isEqualTo("a\\u202eb\\u2028c");
  }

  @Test
  void endToEndTheGuardAsksAtTheConsole() throws Exception {
    Terminal out = new Terminal();
    try (ConsoleApprover console = new ConsoleApprover(new StringReader("y\nn\n"), out)) {
      AgentGuard guard = AgentGuard.builder()
          .policy(Policy.builder()
              .rule(ToolRule.of("deploys-need-signoff", "deploy_*", Verdict.ASK, "production deploys need sign-off"))
              .build())
          .approver(console)
          .build();
      ToolExecutor tools = guard.wrap(call -> ToolResult.of("deployed"));
      assertThat(tools.execute(ToolCall.of("deploy_service", "{\"service\":\"web\"}")).content())
          .isEqualTo("deployed");
      assertThatThrownBy(() -> tools.execute(ToolCall.of("deploy_service", "{\"service\":\"billing\"}")))
          .isInstanceOfSatisfying(ToolCallDeniedException.class,
              e -> assertThat(e.decision().reason()).isEqualTo("refused by console: denied at the console"));
    }
    assertThat(out.text()).contains("[deploys-need-signoff] production deploys need sign-off");
  }

  @Test
  void nullsAreRejectedWithTheArgumentsName() {
    PrintStream out = new Terminal();
    StringReader in = new StringReader("");
    assertThatThrownBy(() -> new ConsoleApprover(null, out)).hasMessage("in must not be null");
    assertThatThrownBy(() -> new ConsoleApprover(in, null)).hasMessage("out must not be null");
    assertThatThrownBy(() -> new ConsoleApprover(in, out, null, "x")).hasMessage("redactor must not be null");
    assertThatThrownBy(() -> new ConsoleApprover(in, out, dev.agentguard.core.telemetry.Redactor.defaults(), null))
        .hasMessage("decidedBy must not be null");
    try (ConsoleApprover console = new ConsoleApprover(in, out)) {
      assertThatThrownBy(() -> console.request(null)).hasMessage("request must not be null");
    }
  }

  private static void type(PipedWriter keyboard, String text) throws IOException {
    keyboard.write(text);
    keyboard.flush();
  }

  private static int countOf(String text, String part) {
    int count = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      count++;
    }
    return count;
  }

  /** An opaque stand-in for the guard's fingerprint: the same for the same call, different for different calls. */
  private static String fingerprintOf(ToolCall call) {
    return Integer.toHexString((call.toolName() + call.argumentsJson()).hashCode());
  }
}
