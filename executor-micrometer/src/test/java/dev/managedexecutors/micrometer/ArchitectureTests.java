package dev.managedexecutors.micrometer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The layering rules of STYLE.md that concern the Micrometer module. */
class ArchitectureTests {
  private static final JavaClasses MICROMETER =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.managedexecutors.micrometer");

  @Test
  void dependsOnlyOnTheCoreMicrometerTheJdkAndNullnessAnnotationsSoNoSpring() {
    classes()
        .that()
        .resideInAPackage("dev.managedexecutors.micrometer..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "dev.managedexecutors..", "io.micrometer..", "java..", "org.jspecify.annotations..")
        .check(MICROMETER);
  }
}
