package dev.agentguard.sandbox;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The sandbox builds on core's public checks only, and on no module beside or above it. */
class ModuleDirectionTest {

  private static final JavaClasses SANDBOX = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.agentguard.sandbox");

  @Test
  void dependsOnNoModuleBesideOrAboveIt() {
    noClasses().should().dependOnClassesThat().resideInAnyPackage(
            "dev.agentguard.ops..", "dev.agentguard.otel..", "dev.agentguard.langchain4j..",
            "dev.agentguard.springai..", "dev.agentguard.mcp..", "dev.agentguard.postgres..",
            "dev.agentguard.console..", "dev.agentguard.cli..", "dev.agentguard.test..")
        .check(SANDBOX);
  }

  @Test
  void usesNoCoreInternals() {
    noClasses().should().dependOnClassesThat().resideInAPackage("dev.agentguard.core.internal..")
        .check(SANDBOX);
  }
}
