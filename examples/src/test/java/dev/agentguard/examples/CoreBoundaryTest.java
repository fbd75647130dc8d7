package dev.agentguard.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The boundary core's {@code module-info.java} draws holds on the class path too, where the module system does
 * not enforce it: the main code of every other module names only the core packages exported to everyone, or a
 * package exported to that module by name. The benchmarks, which are not published, are the one exception: they
 * measure internal steps (the session engine) on their own.
 */
class CoreBoundaryTest {

  private static final Pattern EXPORTS =
      Pattern.compile("exports\\s+(dev\\.agentguard\\.core[\\w.]*)(?:\\s+to\\s+([^;]+))?;");
  private static final Pattern MODULE_NAME = Pattern.compile("<module\\.name>([\\w.]+)</module\\.name>");
  private static final Pattern CORE_REFERENCE = Pattern.compile("\\bdev\\.agentguard\\.core((?:\\.[a-z]\\w*)*)");
  private static final Set<String> EXEMPT_MODULES = Set.of("agent-guard-benchmarks");

  /** Exported package → the modules it is exported to, or {@code null} when it is exported to everyone. */
  private static Map<String, Set<String>> exports(Path root) throws IOException {
    String descriptor = Files.readString(root.resolve("agent-guard-core/src/main/java/module-info.java"));
    Map<String, Set<String>> exports = new HashMap<>();
    Matcher m = EXPORTS.matcher(descriptor);
    while (m.find()) {
      Set<String> targets = null;
      if (m.group(2) != null) {
        targets = new HashSet<>();
        for (String t : m.group(2).split(",")) {
          targets.add(t.trim());
        }
      }
      exports.put(m.group(1), targets);
    }
    return exports;
  }

  @Test
  void otherModulesNameOnlyWhatCoreExportsToThem() throws IOException {
    Path root = RepositoryFiles.root();
    Map<String, Set<String>> exports = exports(root);
    assertThat(exports).containsKey("dev.agentguard.core").containsKey("dev.agentguard.core.binding");
    List<String> crossings = new ArrayList<>();
    int files = 0;
    for (Path pom : RepositoryFiles.files(root, "pom.xml")) {
      Path module = pom.getParent();
      Path sources = module.resolve("src/main/java");
      String dir = root.relativize(module).toString();
      if (dir.equals("agent-guard-core") || EXEMPT_MODULES.contains(dir) || !Files.isDirectory(sources)) {
        continue;
      }
      Matcher name = MODULE_NAME.matcher(Files.readString(pom));
      String moduleName = name.find() ? name.group(1) : dir;
      for (Path file : RepositoryFiles.files(sources, ".java")) {
        files++;
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        Matcher ref = CORE_REFERENCE.matcher(text);
        while (ref.find()) {
          String pkg = "dev.agentguard.core" + packagePart(ref.group(1));
          if (!exports.containsKey(pkg)) {
            crossings.add(root.relativize(file) + " names " + pkg + ", which core does not export");
          } else if (exports.get(pkg) != null && !exports.get(pkg).contains(moduleName)) {
            crossings.add(root.relativize(file) + " names " + pkg + ", which core exports only to "
                + exports.get(pkg));
          }
        }
      }
    }
    assertThat(files).as("main source files read").isGreaterThan(100);
    assertThat(crossings).isEmpty();
  }

  /** The package part of a reference: its lower-case segments, up to the first type name. */
  private static String packagePart(String segments) {
    StringBuilder pkg = new StringBuilder();
    for (String s : segments.split("\\.")) {
      if (!s.isEmpty() && Character.isLowerCase(s.charAt(0))) {
        pkg.append('.').append(s);
      }
    }
    return pkg.toString();
  }
}
