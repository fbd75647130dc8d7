package dev.agentguard.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

/**
 * The shape of core: its packages form a graph without cycles (the root package included), the check SPI sits at
 * the bottom, and nothing in core reaches up into the modules built on it.
 */
class ArchitectureTest {

  private static final JavaClasses CORE = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.agentguard.core");

  /** One slice per package, so that the root package {@code dev.agentguard.core} takes part too. */
  private static final SliceAssignment BY_PACKAGE = new SliceAssignment() {
    @Override
    public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
      return SliceIdentifier.of(javaClass.getPackageName());
    }

    @Override
    public String getDescription() {
      return "core packages";
    }
  };

  @Test
  void corePackagesHaveNoCycles() {
    slices().assignedFrom(BY_PACKAGE).should().beFreeOfCycles().check(CORE);
  }

  @Test
  void coreNeverDependsOnTheModulesBuiltOnIt() {
    noClasses().should().dependOnClassesThat().resideInAnyPackage(
            "dev.agentguard.sandbox..", "dev.agentguard.ops..", "dev.agentguard.otel..",
            "dev.agentguard.langchain4j..", "dev.agentguard.springai..", "dev.agentguard.mcp..",
            "dev.agentguard.postgres..", "dev.agentguard.console..", "dev.agentguard.cli..",
            "dev.agentguard.test..", "dev.agentguard.bench..", "dev.agentguard.examples..")
        .check(CORE);
  }

  @Test
  void theCheckSpiDependsOnNoOtherCorePackage() {
    noClasses().that().resideInAPackage("dev.agentguard.core.check")
        .should().dependOnClassesThat().resideInAnyPackage("dev.agentguard.core", "dev.agentguard.core.approval",
            "dev.agentguard.core.binding", "dev.agentguard.core.exec", "dev.agentguard.core.fs",
            "dev.agentguard.core.internal..", "dev.agentguard.core.net", "dev.agentguard.core.policy",
            "dev.agentguard.core.session", "dev.agentguard.core.telemetry")
        .check(CORE);
  }
}
