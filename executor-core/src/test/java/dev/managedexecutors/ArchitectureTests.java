package dev.managedexecutors;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The layering rules of STYLE.md that concern the core. */
class ArchitectureTests {
  private static final JavaClasses CORE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.managedexecutors");

  @Test
  void coreDependsOnlyOnTheJdkAndNullnessAnnotations() {
    classes()
        .that()
        .resideInAPackage("dev.managedexecutors..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("dev.managedexecutors..", "java..", "org.jspecify.annotations..")
        .check(CORE);
  }

  @Test
  void statsDependsOnlyOnTheJdk() {
    classes()
        .that()
        .resideInAPackage("dev.managedexecutors.stats..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("dev.managedexecutors.stats..", "java..", "org.jspecify.annotations..")
        .check(CORE);
  }

  @Test
  void packagesHaveNoCycles() {
    slices().matching("dev.managedexecutors.(**)").should().beFreeOfCycles().check(CORE);
  }
}
