package iras.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The module boundaries of DESIGN.md, checked on the compiled classes of every module. */
class ModularArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        // A module's test-jar (core's, for the test servers) reaches the classpath as a jar, past the option above.
        .withImportOption(location -> !location.contains("-tests.jar"))
        .importPackages("iras");
  }

  @Test
  void theModelKnowsNothingOfActorsCloudsOrTiers() {
    noClasses().that().resideInAPackage("iras.model..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "org.apache.pekko..", "software.amazon..", "iras.core..", "iras.localcloud..", "iras.worker..",
            "iras.web..", "iras.controller..", "iras.app..")
        .check(classes);
  }

  @Test
  void theWebTierAndTheControllerLoadNoModelAndRunNoWorker() {
    noClasses().that().resideInAnyPackage("iras.web..", "iras.controller..")
        .should().dependOnClassesThat().resideInAnyPackage("iras.model..", "iras.worker..")
        .check(classes);
  }

  @Test
  void theTiersReachEachOtherOnlyThroughCore() {
    noClasses().that().resideInAPackage("iras.worker..")
        .should().dependOnClassesThat().resideInAnyPackage("iras.web..", "iras.controller..", "iras.app..")
        .check(classes);
    noClasses().that().resideInAPackage("iras.web..")
        .should().dependOnClassesThat().resideInAnyPackage("iras.controller..", "iras.app..")
        .check(classes);
    noClasses().that().resideInAPackage("iras.controller..")
        .should().dependOnClassesThat().resideInAnyPackage("iras.web..", "iras.app..")
        .check(classes);
    noClasses().that().resideInAPackage("iras.core..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "iras.model..", "iras.worker..", "iras.web..", "iras.controller..", "iras.localcloud..", "iras.app..")
        .check(classes);
  }

  @Test
  void modulesHaveNoCycles() {
    slices().matching("iras.(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void packagesHaveNoCycles() {
    slices().matching("iras.(**)").should().beFreeOfCycles().check(classes);
  }
}
