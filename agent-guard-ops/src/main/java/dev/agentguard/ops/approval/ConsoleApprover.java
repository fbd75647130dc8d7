package dev.agentguard.ops.approval;

import dev.agentguard.api.ApprovalRequest;
import dev.agentguard.api.ApprovalResponse;
import dev.agentguard.api.Approver;
import dev.agentguard.api.Decision;
import dev.agentguard.api.Resource;
import dev.agentguard.api.ToolCall;
import dev.agentguard.core.text.UntrustedText;
import dev.agentguard.core.telemetry.Redactor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * An {@link Approver} that asks a person at a terminal. Each request is shown with the tool, its arguments
 * (redacted), the resources it touches, the reasons and rule ids that asked, and the agent's rationale; the
 * answer is {@code y} (approve once), {@code s} (approve for the session) or {@code n} (deny). Anything else,
 * the end of input, or a read error is a denial.
 *
 * <p>Prompts are shown one at a time, in arrival order, on one daemon thread owned by this approver; the
 * calls waiting meanwhile are held by the gate and time out as usual. A request withdrawn while its prompt is
 * open (timeout) is reported as too late when the answer comes. Text from the agent is shown with control
 * characters escaped, so it cannot move the cursor or fake a prompt.
 */
public final class ConsoleApprover implements Approver, AutoCloseable {

  private final BufferedReader in;
  private final PrintStream out;
  private final Redactor redactor;
  private final String decidedBy;
  private final ThreadPoolExecutor prompter;

  /** Asks on {@code System.in} and {@code System.out}, redacting with {@link Redactor#defaults()}. */
  public ConsoleApprover() {
    this(new InputStreamReader(System.in, Charset.defaultCharset()), System.out);
  }

  /**
   * Asks on {@code in} and {@code out}, redacting with {@link Redactor#defaults()}, deciding as "console".
   *
   * @param in where answers are read from, one line per answer
   * @param out where requests are shown
   */
  public ConsoleApprover(Reader in, PrintStream out) {
    this(in, out, Redactor.defaults(), "console");
  }

  /**
   * Asks on {@code in} and {@code out}.
   *
   * @param redactor masks secrets in what is shown
   * @param decidedBy who the answers are recorded as coming from
   * @param in where answers are read from, one line per answer; not {@code null}
   * @param out where requests are shown; not {@code null}
   */
  public ConsoleApprover(Reader in, PrintStream out, Redactor redactor, String decidedBy) {
    Objects.requireNonNull(in, "in must not be null");
    this.in = in instanceof BufferedReader ? (BufferedReader) in : new BufferedReader(in);
    this.out = Objects.requireNonNull(out, "out must not be null");
    this.redactor = Objects.requireNonNull(redactor, "redactor must not be null");
    Objects.requireNonNull(decidedBy, "decidedBy must not be null");
    if (decidedBy.isBlank()) {
      throw new IllegalArgumentException("decidedBy must not be blank");
    }
    this.decidedBy = decidedBy;
    this.prompter = new ThreadPoolExecutor(0, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, "agent-guard-console-approver");
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public CompletionStage<ApprovalResponse> request(ApprovalRequest request) {
    Objects.requireNonNull(request, "request must not be null");
    Prompt prompt = new Prompt(request);
    try {
      prompter.execute(prompt);
    } catch (RejectedExecutionException e) {
      prompt.answer.complete(ApprovalResponse.denied(decidedBy, "the console approver is closed"));
    }
    return prompt.answer;
  }

  /** Stops prompting; requests not yet shown are denied. */
  @Override
  public void close() {
    for (Runnable r : prompter.shutdownNow()) {
      if (r instanceof Prompt) {
        ((Prompt) r).answer.complete(ApprovalResponse.denied(decidedBy, "the console approver is closed"));
      }
    }
  }

  private final class Prompt implements Runnable {
    final ApprovalRequest request;
    final CompletableFuture<ApprovalResponse> answer = new CompletableFuture<>();

    Prompt(ApprovalRequest request) {
      this.request = request;
    }

    @Override
    public void run() {
      if (answer.isDone()) {
        return;
      }
      show(request);
      ApprovalResponse response = read();
      if (!answer.complete(response)) {
        out.println("  (too late: request " + request.requestId() + " was already withdrawn; the call did not run)");
        out.flush();
      }
    }
  }

  private ApprovalResponse read() {
    String line;
    try {
      line = in.readLine();
    } catch (IOException e) {
      return ApprovalResponse.denied(decidedBy, "could not read the answer: " + e.getClass().getSimpleName());
    }
    if (line == null) {
      out.println();
      out.println("  no answer (end of input): denied");
      out.flush();
      return ApprovalResponse.denied(decidedBy, "no answer (end of input)");
    }
    String answer = line.strip().toLowerCase(Locale.ROOT);
    switch (answer) {
      case "y":
      case "yes":
        return ApprovalResponse.approved(decidedBy);
      case "s":
      case "session":
        return ApprovalResponse.approvedForSession(decidedBy);
      case "n":
      case "no":
        return ApprovalResponse.denied(decidedBy, "denied at the console");
      default:
        String shown = answer.length() > 40 ? answer.substring(0, 40) + "..." : answer;
        out.println("  not y, s or n: denied");
        out.flush();
        return ApprovalResponse.denied(decidedBy, "unrecognised answer '" + safe(shown) + "'");
    }
  }

  private void show(ApprovalRequest request) {
    ToolCall call = request.call();
    StringBuilder b = new StringBuilder();
    b.append(System.lineSeparator()).append("== approval needed: ").append(safe(call.toolName()))
        .append(" ==").append(System.lineSeparator());
    line(b, "request", request.requestId());
    line(b, "arguments", redactor.redactJson(call.argumentsJson()));
    call.context().agentName().or(() -> call.context().agentId()).ifPresent(a -> line(b, "agent", a));
    call.context().principal().ifPresent(p -> line(b, "on behalf of", p));
    call.context().conversationId().ifPresent(c -> line(b, "conversation", c));
    call.context().workingDirectory().ifPresent(w -> line(b, "directory", w));
    List<Resource> resources = request.resources();
    if (!resources.isEmpty()) {
      b.append("  resources:").append(System.lineSeparator());
      for (Resource r : resources) {
        b.append("    - ").append(safe(describe(r))).append(System.lineSeparator());
      }
    }
    b.append("  reasons:").append(System.lineSeparator());
    for (Decision d : request.reasons()) {
      b.append("    - [").append(safe(d.rule())).append("] ").append(safe(redactor.redactText(d.reason())))
          .append(System.lineSeparator());
    }
    line(b, "rationale", request.rationale().map(redactor::redactText).orElse("(none given)"));
    line(b, "fingerprint", request.fingerprint());
    line(b, "expires", request.expiresAt().toString());
    b.append("Allow? [y] once, [s] for this session, [n] deny: ");
    out.print(b);
    out.flush();
  }

  private String describe(Resource r) {
    if (r instanceof Resource.FileAccess) {
      Resource.FileAccess f = (Resource.FileAccess) r;
      return "file " + f.access().name().toLowerCase(Locale.ROOT) + " " + f.path();
    }
    if (r instanceof Resource.NetworkAccess) {
      return "url " + redactor.redactText(((Resource.NetworkAccess) r).url());
    }
    Resource.CommandExec c = (Resource.CommandExec) r;
    return "command " + redactor.redactText(c.isCommandLine() ? c.commandLine() : String.join(" ", c.argv()));
  }

  private static void line(StringBuilder b, String label, String value) {
    b.append("  ").append(label).append(": ").append(safe(value)).append(System.lineSeparator());
  }

  /** Escapes control characters (including escape sequences and line breaks) so they show as text. */
  static String safe(String text) {
    return UntrustedText.printable(text, Integer.MAX_VALUE);
  }

  @Override
  public String toString() {
    return "ConsoleApprover{decidedBy=" + decidedBy + "}";
  }
}
