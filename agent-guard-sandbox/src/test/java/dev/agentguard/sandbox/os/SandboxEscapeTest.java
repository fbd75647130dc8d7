package dev.agentguard.sandbox.os;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.agentguard.core.check.GuardEnvironment;
import dev.agentguard.core.fs.FileSystemRules.RootAccess;
import dev.agentguard.sandbox.EgressProxy;
import dev.agentguard.core.net.HostResolver;
import dev.agentguard.core.net.NetworkCheck;
import dev.agentguard.core.policy.Policy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Escape attempts from inside an allowed {@code sh -c}, run in the real bubblewrap sandbox. Each attempt must fail
 * on the host (checked on the host, not by what the script prints), and the allowed work must succeed.
 */
class SandboxEscapeTest {

  @TempDir Path tmp;
  private Path ws;
  private Path home;
  private Path outside;
  private Path docs;
  private Path policyFile;
  private GuardEnvironment env;
  private Policy policy;

  @BeforeEach
  void setUp() throws IOException {
    SandboxFixture.assumeBubblewrap();
    Path base = tmp.toRealPath();
    ws = Files.createDirectories(base.resolve("ws"));
    Files.createDirectories(ws.resolve(".git/hooks"));
    Files.writeString(ws.resolve(".git/config"), "[core]\n");
    Files.writeString(ws.resolve("src.txt"), "b\na\n");
    Files.createDirectories(ws.resolve("sub"));
    Files.writeString(ws.resolve("sub/secret.txt"), "workspace secret");
    home = Files.createDirectories(base.resolve("home"));
    Files.createDirectories(home.resolve(".ssh"));
    Files.writeString(home.resolve(".ssh/id_rsa"), "-----BEGIN FAKE KEY-----");
    outside = Files.createDirectories(base.resolve("outside"));
    docs = Files.createDirectories(base.resolve("docs"));
    Files.writeString(docs.resolve("guide.txt"), "read me");
    policyFile = Files.writeString(ws.resolve("agent-guard.yaml"), "version: 1\n");
    env = new GuardEnvironment(ws, home, base);
    policy = Policy.builder()
        .root("${workspace}", RootAccess.READ_WRITE)
        .root(docs.toString(), RootAccess.READ)
        .root("${home}", RootAccess.READ)
        .denyPath("${home}/.ssh/**")
        .denyPath("**/secret.txt")
        .build();
  }

  private SandboxFixture.Result sh(String script) throws Exception {
    return SandboxFixture.run(policy, env, script, ws, null);
  }

  @Test
  void allowedWorkSucceeds() throws Exception {
    SandboxFixture.Result r = sh("mkdir -p build && sort src.txt > build/sorted.txt && cat " + docs
        + "/guide.txt && ls " + home);
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("read me");
    assertThat(Files.readString(ws.resolve("build/sorted.txt"))).isEqualTo("a\nb\n");
  }

  @Test
  void writingOutsideTheRootsFails() throws Exception {
    SandboxFixture.Result r = sh("echo pwned > " + outside + "/x; echo pwned > " + docs + "/guide.txt;"
        + " echo pwned > " + home + "/.bashrc; touch /usr/pwned; true");
    assertThat(r.exit()).isZero();
    assertThat(outside.resolve("x")).doesNotExist();
    assertThat(Files.readString(docs.resolve("guide.txt"))).isEqualTo("read me");
    assertThat(home.resolve(".bashrc")).doesNotExist();
    assertThat(Path.of("/usr/pwned")).doesNotExist();
  }

  @Test
  void gitHooksAndDotEnvInsideTheWorkspaceStayUnwritable() throws Exception {
    SandboxFixture.Result r = sh("echo evil > .git/hooks/pre-commit; chmod +x .git/hooks/pre-commit;"
        + " echo TOKEN=x > .env; echo '[core] hooksPath=/tmp' >> .git/config;"
        + " mv .git .git2; mkdir -p .git/hooks; echo evil > .git/hooks/pre-commit;"
        + " mkdir -p .vscode; echo '{}' > .vscode/tasks.json; echo '{}' > .mcp.json; true");
    assertThat(r.exit()).isZero();
    assertThat(ws.resolve(".git/hooks/pre-commit")).doesNotExist();
    assertThat(ws.resolve(".git2")).doesNotExist();
    assertThat(Files.readString(ws.resolve(".git/config"))).isEqualTo("[core]\n");
    assertThat(ws.resolve(".vscode/tasks.json")).doesNotExist();
    // the placeholders the sandbox put where .env and .mcp.json were missing are gone again
    assertThat(ws.resolve(".env")).doesNotExist();
    assertThat(ws.resolve(".mcp.json")).doesNotExist();
    assertThat(ws.resolve(".vscode")).doesNotExist();
  }

  @Test
  void theSshKeyAndDenyGlobMatchesCannotBeRead() throws Exception {
    SandboxFixture.Result r = sh("cat " + home + "/.ssh/id_rsa; cat sub/secret.txt; ls -a " + home + "/.ssh; true");
    assertThat(r.out()).doesNotContain("FAKE KEY").doesNotContain("workspace secret").doesNotContain("id_rsa");
    assertThat(Files.readString(ws.resolve("sub/secret.txt"))).isEqualTo("workspace secret");
  }

  @Test
  void aSymlinkInsideTheWorkspaceDoesNotLeadOutside() throws Exception {
    SandboxFixture.Result r = sh("ln -s " + outside + " out; echo pwned > out/x; ln -s " + outside
        + "/y link; echo pwned > link; true");
    assertThat(r.exit()).isZero();
    assertThat(outside.resolve("x")).doesNotExist();
    assertThat(outside.resolve("y")).doesNotExist();
  }

  @Test
  void thePolicyFileIsNeverWritable() throws Exception {
    SandboxSpec spec = SandboxSpec.of(policy, env).withNeverWritable(policyFile);
    try (Launch launch = SandboxFixture.SANDBOX.launch(spec, java.util.List.of("/bin/sh", "-c",
        "echo 'mode: audit' >> agent-guard.yaml; rm -f agent-guard.yaml; mv agent-guard.yaml p2; true"), ws, null)) {
      Process p = new ProcessBuilder(launch.argv()).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      launch.terminate(p);
    }
    assertThat(Files.readString(policyFile)).isEqualTo("version: 1\n");
  }

  @Test
  void noNetworkButLoopbackInside() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      AtomicInteger accepted = acceptCounter(server);
      SandboxFixture.Result r = sh("socat -u OPEN:/dev/null TCP:127.0.0.1:" + server.getLocalPort()
          + ",connect-timeout=2 && echo LOOPBACK-REACHED;"
          + " socat -u OPEN:/dev/null TCP:169.254.169.254:80,connect-timeout=2 && echo METADATA-REACHED;"
          + " socat -u OPEN:/dev/null TCP:example.com:80,connect-timeout=2 && echo EXTERNAL-REACHED;"
          + " ip -o link | cut -d: -f2; true");
      assertThat(r.out()).doesNotContain("REACHED");
      assertThat(r.out().strip()).isEqualTo("lo");
      assertThat(accepted.get()).isZero();
    }
  }

  @Test
  void theProxyIsTheOnlyWayOutAndItAppliesThePolicy() throws Exception {
    HttpServer allowed = httpServer("allowed upstream");
    HttpServer denied = httpServer("denied upstream");
    int allowedPort = allowed.getAddress().getPort();
    int deniedPort = denied.getAddress().getPort();
    Policy withNet = policy.toBuilder().schemes("http").allowCidr("127.0.0.1/32", allowedPort).build();
    NetworkCheck check = new NetworkCheck(withNet.network(), HostResolver.fixed(Map.of()));
    try (EgressProxy proxy = EgressProxy.start(check)) {
      SandboxFixture.Result r = SandboxFixture.run(withNet, env,
          "echo \"proxy=$HTTP_PROXY $https_proxy\";"
              + " curl -s --max-time 10 http://127.0.0.1:" + allowedPort + "/;"
              + " echo; curl -s --max-time 10 -o /dev/null -w 'denied=%{http_code}' http://127.0.0.1:" + deniedPort
              + "/; echo; curl -s --noproxy '*' --max-time 3 http://127.0.0.1:" + allowedPort
              + "/ && echo DIRECT-REACHED; true",
          ws, proxy.address());
      assertThat(r.out()).contains("proxy=http://127.0.0.1:3128 http://127.0.0.1:3128");
      assertThat(r.out()).contains("allowed upstream");
      assertThat(r.out()).contains("denied=403").doesNotContain("denied upstream").doesNotContain("DIRECT-REACHED");
    } finally {
      allowed.stop(0);
      denied.stop(0);
    }
  }

  @Test
  void processesOutsideCannotBeSignalledOrRead() throws Exception {
    ProcessBuilder pb = new ProcessBuilder("sleep", "60");
    pb.environment().put("OUTSIDE_SECRET", "hunter2");
    Process victim = pb.start();
    try {
      long pid = victim.pid();
      SandboxFixture.Result r = sh("kill -9 " + pid + "; kill -9 -1; cat /proc/" + pid + "/environ;"
          + " tr '\\0' '\\n' < /proc/1/environ; ls /proc | grep -c '^[0-9]'; true");
      assertThat(r.out()).doesNotContain("hunter2").doesNotContain("OUTSIDE_SECRET");
      assertThat(victim.isAlive()).isTrue();
    } finally {
      victim.destroyForcibly();
    }
  }

  private static AtomicInteger acceptCounter(ServerSocket server) {
    AtomicInteger n = new AtomicInteger();
    Thread t = new Thread(() -> {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          n.incrementAndGet();
          s.close();
        } catch (IOException e) {
          return;
        }
      }
    });
    t.setDaemon(true);
    t.start();
    return n;
  }

  private static HttpServer httpServer(String body) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    s.createContext("/", ex -> {
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
    s.start();
    return s;
  }
}
