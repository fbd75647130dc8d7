package dev.agentguard.bench;

import dev.agentguard.api.ToolDescriptor.ResourceSpec;
import dev.agentguard.api.ToolDescriptor;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.check.GuardEnvironment;
import dev.agentguard.core.net.HostResolver;
import dev.agentguard.core.policy.Policy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/** Shared set-up: a real temporary workspace, a resolver that never touches DNS, descriptors and rule sets. */
public final class Fixtures {

  /** The file every allow-path benchmark reads, relative to the workspace. */
  public static final String FILE = "src/main/java/dev/example/App.java";

  /** The public address every benchmark host name resolves to (api.github.com's range). */
  public static final byte[] PUBLIC_ADDRESS = {(byte) 140, 82, 112, 3};

  private Fixtures() {}

  /** A temporary directory holding {@code ws/} with {@link #FILE} in it and {@code ws/link} pointing to src. */
  public static Path createTree() {
    try {
      Path root = Files.createTempDirectory("agent-guard-bench");
      Path ws = Files.createDirectories(root.resolve("ws"));
      Path file = ws.resolve(FILE);
      Files.createDirectories(file.getParent());
      Files.writeString(file, "class App {}\n");
      Files.createSymbolicLink(ws.resolve("link"), ws.resolve("src"));
      return root.toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The environment with the tree's {@code ws} as workspace and the tree root as home and tmp. */
  public static GuardEnvironment environment(Path tree) {
    return new GuardEnvironment(tree.resolve("ws"), tree, tree);
  }

  /**
   * A guard over {@code tree} with {@code policy}, whose host names all resolve to {@link #PUBLIC_ADDRESS}.
   *
   * @param policy the policy
   * @param tree a tree from {@link #createTree()}
   * @return the guard
   */
  public static AgentGuard guard(Policy policy, Path tree) {
    return AgentGuard.builder().policy(policy).environment(environment(tree)).hostResolver(publicResolver()).build();
  }

  /** Deletes a tree made by {@link #createTree()}, without following links. */
  public static void delete(Path tree) {
    if (tree == null) {
      return;
    }
    try {
      Files.walkFileTree(tree, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.delete(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
          Files.delete(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Answers every name with {@link #PUBLIC_ADDRESS}: the cost measured is the check's, not DNS's. */
  public static HostResolver publicResolver() {
    List<InetAddress> answer;
    try {
      answer = List.of(InetAddress.getByAddress(PUBLIC_ADDRESS));
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
    return host -> answer;
  }

  /** Descriptors of the four usual tools. */
  public static List<ToolDescriptor> tools() {
    return List.of(
        ToolDescriptor.of("read_file", ResourceSpec.fileRead("/path")),
        ToolDescriptor.of("write_file", ResourceSpec.fileWrite("/path")),
        ToolDescriptor.of("fetch", ResourceSpec.url("/url")),
        ToolDescriptor.of("shell", ResourceSpec.command("/command")));
  }

  /** {@code n} deny globs of four shapes (extension, segment, anchored directory, literal prefix). */
  public static List<String> denyGlobs(int n) {
    List<String> out = new ArrayList<>(n);
    out.add("**/.env");
    for (int i = 1; i < n; i++) {
      switch (i % 4) {
        case 0:
          out.add("**/*.key" + i);
          break;
        case 1:
          out.add("**/secret" + i + "/**");
          break;
        case 2:
          out.add("${workspace}/build" + i + "/**");
          break;
        default:
          out.add("**/.cache" + i + "*");
          break;
      }
    }
    return out;
  }

  /** {@code n} roots: the workspace (read-write) and {@code n - 1} sibling directories that need not exist. */
  public static List<String> roots(int n) {
    List<String> out = new ArrayList<>(n);
    out.add("${workspace}");
    for (int i = 1; i < n; i++) {
      out.add("${home}/other/r" + i);
    }
    return out;
  }

  /**
   * {@code n} host rules: api.github.com and 140.82.112.3, then exact names, {@code *.suffix} wildcards and
   * (one in ten) CIDR ranges of 10/8, none of which matches the benchmark's hosts.
   */
  public static List<String[]> hostRules(int n) {
    List<String[]> out = new ArrayList<>(n);
    out.add(new String[] {"host", "api.github.com"});
    out.add(new String[] {"host", "140.82.112.3"});
    for (int i = 2; i < n; i++) {
      if (i % 10 == 0) {
        out.add(new String[] {"cidr", "10." + (i / 256 % 256) + "." + (i % 256) + ".0/24"});
      } else if (i % 2 == 0) {
        out.add(new String[] {"host", "*.svc" + i + ".example.net"});
      } else {
        out.add(new String[] {"host", "api" + i + ".example.com"});
      }
    }
    return out;
  }

  /**
   * {@code n} command rules: allow git status, ls, wc, then allow / ask / deny rules of other programs, so every
   * kind of rule list grows.
   */
  public static List<String[]> commandRules(int n) {
    List<String[]> out = new ArrayList<>(n);
    out.add(new String[] {"allow", "git", "status"});
    out.add(new String[] {"allow", "ls"});
    out.add(new String[] {"allow", "wc"});
    out.add(new String[] {"deny", "rm", "-rf"});
    for (int i = 4; i < n; i++) {
      switch (i % 3) {
        case 0:
          out.add(new String[] {"allow", "tool" + i, "run"});
          break;
        case 1:
          out.add(new String[] {"ask", "deploy" + i});
          break;
        default:
          out.add(new String[] {"deny", "danger" + i, "-rf"});
          break;
      }
    }
    return out;
  }
}
