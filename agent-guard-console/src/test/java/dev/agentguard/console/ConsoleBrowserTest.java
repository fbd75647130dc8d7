package dev.agentguard.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.agentguard.api.CallContext;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolCallDeniedException;
import dev.agentguard.api.ToolExecutor;
import dev.agentguard.api.ToolResult;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.ops.approval.ApprovalInbox;
import dev.agentguard.ops.approval.StoredApproval;
import dev.agentguard.core.policy.Policy;
import dev.agentguard.core.policy.ToolRule;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real headless Chromium (Debian's chromium and chromium-driver), driven by Selenium: a person
 * approves and the tool runs, denies and the call is refused; a stale page cannot approve another call; data
 * shows as text; nothing works without signing in.
 */
class ConsoleBrowserTest {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private static ChromeDriver driver;
  private static Path profile;

  private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
  private ApprovalInbox inbox;
  private AgentGuard guard;
  private ToolExecutor tools;
  private ApprovalConsole console;

  @BeforeAll
  static void startBrowser() throws Exception {
    assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "browser tests skipped: install Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver)");
    profile = Files.createTempDirectory("agent-guard-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--user-data-dir=" + profile, "--window-size=1200,1000");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
  }

  @AfterAll
  static void stopBrowser() throws Exception {
    if (driver != null) {
      driver.quit();
    }
    if (profile != null) {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }

  @BeforeEach
  void guardAndConsole() {
    inbox = ApprovalInbox.create();
    guard = AgentGuard.builder()
        .policy(Policy.builder()
            .rule(ToolRule.of("deploys-need-signoff", "deploy_*", Verdict.ASK, "production deploys need sign-off"))
            .build())
        .approver(inbox)
        .build();
    tools = guard.wrap(call -> {
      runs.computeIfAbsent(call.argumentsJson(), k -> new AtomicInteger()).incrementAndGet();
      return ToolResult.of("deployed " + call.argumentsJson());
    });
  }

  @AfterEach
  void close() {
    if (console != null) {
      console.close();
    }
    guard.close();
  }

  private void startConsole(Duration refresh) {
    console = ApprovalConsole.builder(inbox).announceTo(null).refreshInterval(refresh).decidedBy("alice").build()
        .start();
    driver.manage().deleteAllCookies();
    driver.get(console.newLoginLink().toString());
  }

  private CompletableFuture<Object> call(String arguments, CallContext context) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return tools.execute(ToolCall.of("deploy_service", arguments, context)).content();
      } catch (Exception e) {
        return e;
      }
    });
  }

  private WebElement card(String text) {
    return new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> d.findElements(By.cssSelector(".card"))
        .stream().filter(c -> c.getText().contains(text)).findFirst().orElse(null));
  }

  private String awaitLog(String text) {
    return new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> {
      String log = d.findElement(By.id("log")).getText();
      return log.contains(text) ? log : null;
    });
  }

  private static void screenshot(String name) throws Exception {
    Path dir = Path.of("target", "screenshots");
    Files.createDirectories(dir);
    Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
  }

  @Test
  void aPersonApprovesAndTheToolRuns() throws Exception {
    startConsole(Duration.ofMillis(300));
    CompletableFuture<Object> web = call("{\"service\":\"web\",\"region\":\"eu-west-1\",\"api_key\":\"sk-live-4f9a8b7c6d5e\"}",
        CallContext.builder().agentName("release-bot").conversationId("conv-42").principal("ops-team")
            .rationale("The fix for the checkout outage is merged and tested; rolling it out to web.")
            .alternative("wait for the nightly deploy").alternative("ask on-call to deploy by hand").build());
    WebElement card = card("\"web\"");
    call("{\"service\":\"billing\"}", CallContext.builder().agentName("release-bot")
        .rationale("Billing needs the same fix.").build());
    card("\"billing\"");
    assertThat(card.findElement(By.cssSelector(".tool")).getText()).isEqualTo("deploy_service");
    assertThat(card.getText()).contains("deploys-need-signoff: production deploys need sign-off (tools)")
        .contains("The fix for the checkout outage is merged and tested")
        .contains("wait for the nightly deploy").contains("ask on-call to deploy by hand")
        .contains("agent release-bot").contains("conversation conv-42");
    assertThat(card.findElement(By.cssSelector(".arguments")).getText()).contains("[REDACTED]")
        .doesNotContain("sk-live-4f9a8b7c6d5e");
    screenshot("console-pending");

    assertThat(runs).isEmpty();
    card.findElement(By.cssSelector("button.approve")).click();

    assertThat(web.get(20, TimeUnit.SECONDS)).asString().startsWith("deployed {\"service\":\"web\"");
    assertThat(awaitLog("approved")).contains("deploy_service");
    assertThat(runs).hasSize(1);
    screenshot("console-answered");
  }

  @Test
  void aPersonDeniesWithACommentAndTheCallIsRefused() throws Exception {
    startConsole(Duration.ofMillis(300));
    CompletableFuture<Object> billing = call("{\"service\":\"billing\"}", CallContext.empty());

    WebElement card = card("billing");
    card.findElement(By.cssSelector("textarea.comment")).sendKeys("change freeze until Monday");
    card.findElement(By.cssSelector("button.deny")).click();

    assertThat(billing.get(20, TimeUnit.SECONDS)).isInstanceOfSatisfying(ToolCallDeniedException.class,
        e -> assertThat(e.decision().reason()).isEqualTo("refused by alice: change freeze until Monday"));
    assertThat(awaitLog("denied")).contains("deploy_service");
    assertThat(runs).isEmpty();
  }

  @Test
  void aStalePageCannotApproveACallThatChanged() throws Exception {
    // the page fetches once and then shows what it showed: a page left open while the agent moved on
    startConsole(Duration.ofHours(1));
    CompletableFuture<Object> first = new CompletableFuture<>();
    Thread caller = new Thread(() -> first.complete(run("{\"service\":\"web\"}")));
    caller.start();
    awaitPending(1);
    driver.navigate().refresh();
    WebElement staleCard = card("\"web\"");

    // the agent gives up on that call (its thread is interrupted) and asks for a different one
    caller.interrupt();
    assertThat(first.get(20, TimeUnit.SECONDS)).isInstanceOf(ToolCallDeniedException.class);
    String staleId = staleCard.getAttribute("data-request-id");
    assertThat(inbox.find(staleId).orElseThrow().state()).isEqualTo(StoredApproval.State.CANCELLED);
    CompletableFuture<Object> changed = call("{\"service\":\"web\",\"force\":true}", CallContext.empty());
    awaitPending(1);

    staleCard.findElement(By.cssSelector("button.approve")).click();
    assertThat(awaitLog("withdrawn")).contains(staleId);
    assertThat(changed).isNotDone();

    // a page whose card names another fingerprint than the waiting call's (what a page showing an older
    // version of the call under the same id would send): the call is denied, never approved
    driver.navigate().refresh();
    WebElement current = card("force");
    ((JavascriptExecutor) driver).executeScript("arguments[0].dataset.fingerprint = arguments[1];", current,
        "f".repeat(64));
    current.findElement(By.cssSelector("button.approve")).click();
    assertThat(awaitLog("the request was denied")).contains("but request").contains("has fingerprint");
    assertThat(changed.get(20, TimeUnit.SECONDS)).isInstanceOf(ToolCallDeniedException.class);
    assertThat(runs).isEmpty();
  }

  @Test
  void markupInAnArgumentShowsAsText() throws Exception {
    startConsole(Duration.ofMillis(300));
    String payload = "<script>window.pwned=1</script><img src=x onerror=\"window.pwned=2\">";
    call("{\"service\":\"" + payload.replace("\"", "\\\"") + "\"}",
        CallContext.builder().rationale("<b>bold</b><script>window.pwned=3</script>").build());

    WebElement card = card("window.pwned=1");
    assertThat(card.findElement(By.cssSelector(".arguments")).getText()).contains(payload.replace("\"", "\\\""));
    assertThat(card.findElement(By.cssSelector(".rationale")).getText())
        .isEqualTo("<b>bold</b><script>window.pwned=3</script>");
    assertThat(driver.findElements(By.tagName("script"))).hasSize(1);
    assertThat(driver.findElements(By.tagName("img"))).isEmpty();
    assertThat(((JavascriptExecutor) driver).executeScript("return typeof window.pwned;")).isEqualTo("undefined");
    screenshot("console-markup-as-text");
  }

  @Test
  void aBrowserThatDidNotSignInIsRefused() {
    startConsole(Duration.ofMillis(300));
    call("{\"service\":\"web\"}", CallContext.empty());
    awaitPending(1);
    driver.manage().deleteAllCookies();

    driver.get(console.address() + "/");
    assertThat(driver.findElement(By.tagName("body")).getText()).contains("Not signed in");
    driver.get(console.address() + "/api/pending");
    assertThat(driver.findElement(By.tagName("body")).getText()).contains("sign in first").doesNotContain("web");
    driver.get(console.address() + "/login?code=not-the-code");
    assertThat(driver.findElement(By.tagName("body")).getText()).contains("This login link is not valid");
  }

  private Object run(String arguments) {
    try {
      return tools.execute(ToolCall.of("deploy_service", arguments)).content();
    } catch (Exception e) {
      return e;
    }
  }

  private void awaitPending(int n) {
    new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> inbox.pending().size() == n);
  }

  static List<String> unused() {
    return List.of(ExpectedConditions.class.getName());
  }
}
