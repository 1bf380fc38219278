package dev.managedexecutors.autoconfigure;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layering rules of STYLE.md that concern this module. */
class ArchitectureTests {
  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.managedexecutors");
  }

  @Test
  void onlyTheMetricsAndPropagationPackagesUseMicrometerSoNothingElseNeedsIt() {
    noClasses()
        .that()
        .resideOutsideOfPackages(
            "dev.managedexecutors.micrometer..",
            "dev.managedexecutors.autoconfigure.metrics..",
            "dev.managedexecutors.autoconfigure.propagation..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.micrometer..")
        .check(classes);
  }

  @Test
  void autoConfigurationsArePublicAndFinal() {
    classes()
        .that()
        .haveSimpleNameEndingWith("AutoConfiguration")
        .should()
        .haveModifier(JavaModifier.PUBLIC)
        .andShould()
        .haveModifier(JavaModifier.FINAL)
        .check(classes);
  }

  @Test
  void thePackagesHaveNoCycles() {
    slices().matching("dev.managedexecutors.(**)").should().beFreeOfCycles().check(classes);
  }

  @Test
  void theCoreDoesNotKnowSpringOrMicrometer() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.managedexecutors", "dev.managedexecutors.stats..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.springframework..", "io.micrometer..")
        .check(classes);
  }
}
