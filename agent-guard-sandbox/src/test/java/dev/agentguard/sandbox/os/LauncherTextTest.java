package dev.agentguard.sandbox.os;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentguard.core.check.GuardEnvironment;
import dev.agentguard.core.fs.FileSystemRules.RootAccess;
import dev.agentguard.core.policy.Policy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bwrap argv and the Seatbelt profile, as text, for a workspace on disk. */
class LauncherTextTest {

  @TempDir Path tmp;
  private Path ws;
  private Path docs;
  private SandboxSpec spec;

  @BeforeEach
  void setUp() throws IOException {
    Path base = tmp.toRealPath();
    ws = Files.createDirectories(base.resolve("w s\"q"));
    Files.createDirectories(ws.resolve(".git/hooks"));
    Files.writeString(ws.resolve(".git/config"), "");
    Files.createDirectories(ws.resolve("a/b"));
    Files.writeString(ws.resolve("a/b/.env"), "X=1");
    Files.writeString(ws.resolve("a/id.pem"), "key");
    docs = Files.createDirectories(base.resolve("docs"));
    Path home = Files.createDirectories(base.resolve("home"));
    Policy policy = Policy.builder().root("${workspace}", RootAccess.READ_WRITE).root(docs.toString(), RootAccess.READ)
        .denyPath("**/*.pem").protectPath("**/.env").build();
    spec = SandboxSpec.of(policy, new GuardEnvironment(ws, home, base)).withNeverWritable(ws.resolve("policy.yaml"));
  }

  @Test
  void thePlanFindsProtectedAndDeniedPathsAndPinsTheirParents() {
    MountPlan plan = MountPlan.of(spec);
    assertThat(plan.writeRoots()).containsExactly(ws);
    assertThat(plan.readRoots()).containsExactly(docs);
    assertThat(plan.readOnly()).contains(ws.resolve(".git/hooks"), ws.resolve(".git/config"), ws.resolve("a/b/.env"));
    assertThat(plan.masked()).containsExactly(ws.resolve("a/id.pem"));
    assertThat(plan.pinned()).containsExactly(ws.resolve(".git"), ws.resolve("a"), ws.resolve("a/b"));
    assertThat(plan.missingFiles()).contains(ws.resolve(".env"), ws.resolve(".bashrc"), ws.resolve(".mcp.json"));
    assertThat(plan.missingDirs()).contains(ws.resolve(".vscode"), ws.resolve(".claude"), ws.resolve(".ssh"));
    assertThat(plan.truncated()).isFalse();
  }

  @Test
  void bubblewrapUnsharesEverythingAndMountsRootsBeforeWhatCoversThem() {
    Path run = Path.of("/run-dir");
    List<String> a = BubblewrapArgs.build(Path.of("/usr/bin/bwrap"), MountPlan.of(spec), Path.of("/home/u"),
        run.resolve("empty"), run.resolve("empty.d"), run.resolve("p.sock"),
        List.of("cmd", "arg"));
    assertThat(a.subList(0, 6)).containsExactly("/usr/bin/bwrap", "--unshare-all", "--die-with-parent",
        "--new-session", "--cap-drop", "ALL");
    assertThat(String.join(" ", a)).contains("--ro-bind /usr /usr").contains("--proc /proc").contains("--dev /dev")
        .contains("--tmpfs /tmp").contains("--dir /home/u").contains("--setenv HOME /home/u")
        .doesNotContain("--share-net").doesNotContain("--bind / /");
    assertThat(a.subList(a.size() - 3, a.size())).containsExactly("--", "cmd", "arg");
    int bindWs = indexOfTriple(a, "--bind", ws.toString());
    int roDocs = indexOfTriple(a, "--ro-bind", docs.toString());
    int pinGit = indexOfTriple(a, "--bind", ws.resolve(".git").toString());
    int roHooks = indexOfTriple(a, "--ro-bind", ws.resolve(".git/hooks").toString());
    assertThat(bindWs).isPositive().isLessThan(pinGit);
    assertThat(roDocs).isPositive();
    assertThat(pinGit).isLessThan(roHooks);
    int mask = a.indexOf(ws.resolve("a/id.pem").toString());
    assertThat(a.get(mask - 1)).isEqualTo("/run-dir/empty");
    int missingDir = a.indexOf(ws.resolve(".vscode").toString());
    assertThat(a.get(missingDir - 1)).isEqualTo("/run-dir/empty.d");
    assertThat(a).containsSubsequence("--ro-bind", "/run-dir/p.sock", "/run/agent-guard/proxy.sock");
  }

  private static int indexOfTriple(List<String> a, String op, String path) {
    for (int i = 0; i + 2 < a.size(); i++) {
      if (a.get(i).equals(op) && a.get(i + 1).equals(path) && a.get(i + 2).equals(path)) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void seatbeltDeniesByDefaultGrantsRootsThenDeniesTheProtectedSetAndTheNetwork() {
    String p = SeatbeltProfile.generate(MountPlan.of(spec), spec, 4711);
    String wsQuoted = ws.toString().replace("\"", "\\\"");
    assertThat(p).startsWith("(version 1)\n(deny default)\n");
    assertThat(p).contains("(allow file-read* file-write* (subpath \"" + wsQuoted + "\"))");
    assertThat(p).contains("(allow file-read* (subpath \"" + docs + "\"))");
    String rx = "^" + SeatbeltProfile.regexQuote(ws.toString()) + "/(.*/)?";
    assertThat(p).contains("(deny file-write* (regex #\"" + rx + "\\.env$\"))");
    assertThat(p).contains("(deny file-write* (regex #\"" + rx + "\\.vscode(/|$)\"))");
    assertThat(p).contains("(deny file-write* (regex #\"" + rx + "\\.git/(hooks|config|config\\.worktree|modules"
        + "|worktrees)(/|$)\"))");
    assertThat(p).contains("(deny file-write* (subpath \"" + wsQuoted + "/policy.yaml\"))");
    assertThat(p).contains("(deny file-read* file-write* (subpath \"" + wsQuoted + "/a/id.pem\"))");
    assertThat(p).contains("(deny network*)\n(allow network-outbound (remote tcp \"localhost:4711\"))");
    // grants come first, denials after: Seatbelt applies the last matching rule
    assertThat(p.indexOf("(allow file-read* file-write* (subpath \"" + wsQuoted))
        .isLessThan(p.indexOf("(deny file-write* (regex"));
    assertThat(SeatbeltProfile.generate(MountPlan.of(spec), spec, 0)).doesNotContain("network-outbound");
  }

  @Test
  void seatbeltEscapesQuotesBackslashesAndRegexCharacters() {
    assertThat(SeatbeltProfile.quote("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
    assertThat(SeatbeltProfile.regexQuote("/x.y(z)[1]+\"")).isEqualTo("/x\\.y\\(z\\)\\[1\\]\\+\\\"");
  }
}
