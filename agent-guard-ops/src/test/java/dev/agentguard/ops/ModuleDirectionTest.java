package dev.agentguard.ops;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Operations build on core's public checks only, and on no module beside or above it. */
class ModuleDirectionTest {

  private static final JavaClasses OPS = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.agentguard.ops");

  @Test
  void dependsOnNoModuleBesideOrAboveIt() {
    noClasses().should().dependOnClassesThat().resideInAnyPackage(
            "dev.agentguard.sandbox..", "dev.agentguard.otel..", "dev.agentguard.langchain4j..",
            "dev.agentguard.springai..", "dev.agentguard.mcp..", "dev.agentguard.postgres..",
            "dev.agentguard.console..", "dev.agentguard.cli..", "dev.agentguard.test..")
        .check(OPS);
  }

  @Test
  void usesNoCoreInternals() {
    noClasses().should().dependOnClassesThat().resideInAPackage("dev.agentguard.core.internal..")
        .check(OPS);
  }
}
