package dev.managedexecutors.hazelcast;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The layering rules of STYLE.md that concern the Hazelcast module. */
class ArchitectureTests {
  private static final JavaClasses HAZELCAST =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.managedexecutors.hazelcast");

  @Test
  void dependsOnlyOnTheCoreHazelcastTheJdkAndNullnessAnnotations() {
    classes()
        .that()
        .resideInAPackage("dev.managedexecutors.hazelcast..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "dev.managedexecutors..", "com.hazelcast..", "java..", "org.jspecify.annotations..")
        .check(HAZELCAST);
  }

  @Test
  void usesHazelcastsPublicApiOnlyNotItsInternals() {
    noClasses()
        .that()
        .resideInAPackage("dev.managedexecutors.hazelcast..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("com.hazelcast..impl..", "com.hazelcast.internal..")
        .check(HAZELCAST);
  }
}
