package dev.agentguard.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What core exports, read from its compiled module descriptor: the packages every user sees, the packages only
 * sibling modules see, and the public top-level types in the former. A new exported type is a decision, so it
 * fails here until this list names it.
 */
class PublicSurfaceTest {

  private static final Map<String, Set<String>> EXPORTED_TYPES = Map.of(
      "dev.agentguard.core", Set.of("AgentGuard"),
      "dev.agentguard.core.approval", Set.of("Approvers", "TimeoutScheduler"),
      "dev.agentguard.core.check",
      Set.of("CheckRequest", "GuardCheck", "GuardEnvironment", "GuardLimits", "JsonValue"),
      "dev.agentguard.core.exec", Set.of("CommandCheck", "CommandRule", "CommandRules"),
      "dev.agentguard.core.fs", Set.of("FileSystemCheck", "FileSystemRules", "ResolvedPath"),
      "dev.agentguard.core.net", Set.of("HostResolver", "HostRule", "NetworkCheck", "NetworkRules", "ResolvedTarget"),
      "dev.agentguard.core.policy", Set.of("ApprovalSettings", "ComposedPolicy", "McpSettings", "Mode", "Policy",
          "PolicyError", "PolicyException", "PolicyLoader", "SandboxMode", "SandboxSettings",
          "ToolRule", "ToolRulesCheck"),
      "dev.agentguard.core.session", Set.of("SessionLabel", "SessionLimits", "SessionPolicy", "SessionSnapshot"),
      "dev.agentguard.core.telemetry", Set.of("Redactor"));

  private static ModuleDescriptor descriptor() throws URISyntaxException {
    Path classes = Path.of(AgentGuard.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    return ModuleFinder.of(classes).find("dev.agentguard.core").orElseThrow().descriptor();
  }

  @Test
  void everyUserSeesOnlyTheListedPackages() throws Exception {
    Set<String> open = descriptor().exports().stream().filter(e -> !e.isQualified())
        .map(ModuleDescriptor.Exports::source).collect(Collectors.toCollection(TreeSet::new));
    assertThat(open).isEqualTo(new TreeSet<>(EXPORTED_TYPES.keySet()));
  }

  @Test
  void siblingModulesAloneSeeApprovedTargetsLineInputAndUntrustedText() throws Exception {
    Map<String, Set<String>> qualified = new TreeMap<>();
    descriptor().exports().stream().filter(ModuleDescriptor.Exports::isQualified)
        .forEach(e -> qualified.put(e.source(), e.targets()));
    assertThat(qualified).isEqualTo(Map.of(
        "dev.agentguard.core.binding", Set.of("dev.agentguard.sandbox"),
        "dev.agentguard.core.io", Set.of("dev.agentguard.ops", "dev.agentguard.cli", "dev.agentguard.mcp"),
        "dev.agentguard.core.text", Set.of("dev.agentguard.sandbox", "dev.agentguard.ops")));
  }

  @Test
  void theExportedPackagesHoldOnlyTheListedPublicTypes() {
    Map<String, Set<String>> found = new TreeMap<>();
    for (JavaClass c : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(EXPORTED_TYPES.keySet())) {
      if (c.isTopLevelClass() && c.getModifiers().contains(JavaModifier.PUBLIC)
          && EXPORTED_TYPES.containsKey(c.getPackageName())) {
        found.computeIfAbsent(c.getPackageName(), p -> new TreeSet<>()).add(c.getSimpleName());
      }
    }
    Map<String, Set<String>> expected = new TreeMap<>();
    EXPORTED_TYPES.forEach((p, types) -> expected.put(p, new TreeSet<>(types)));
    assertThat(found).isEqualTo(expected);
    assertThat(found.values().stream().mapToInt(Set::size).sum()).isEqualTo(36);
  }
}
