package iras.app;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import iras.core.cloud.Cloud;
import iras.core.settings.Settings;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tiers reach buckets and queues through the cloud's ports (iras.core.cloud's interfaces and what is built on
 * them), never through the SDK or its adapters: only the wiring connects, and only the adapters know the SDK. The
 * controller's EC2 fleet is the adapter of a port of its own, {@code Fleet}, and so the one part of a tier on the SDK.
 */
class CloudPortsArchitectureTest {
  private static final String[] TIERS = {"iras.web..", "iras.worker..", "iras.controller.."};
  private static final DescribedPredicate<JavaClass> SDK_ADAPTERS = DescribedPredicate.describe(
      "the cloud's SDK adapters", c -> Set.of(
          "iras.core.cloud.SdkCloud", "iras.core.cloud.SqsMessageQueue", "iras.core.cloud.S3ObjectStore",
          "iras.core.cloud.SdkCalls", "iras.core.cloud.Provisioner", "iras.core.cloud.CloudClients")
          .contains(c.getName()));

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        // A module's test-jar (core's: the cloud in memory, the test servers) reaches the classpath as a jar, past the
        // option above.
        .withImportOption(location -> !location.contains("-tests.jar"))
        .importPackages("iras");
  }

  @Test
  void theTiersUseNeitherTheSdkNorItsAdapters() {
    noClasses().that().resideInAnyPackage(TIERS).and().resideOutsideOfPackage("iras.controller.fleet.ec2..")
        .should().dependOnClassesThat(resideInAPackage("software.amazon..").or(SDK_ADAPTERS))
        .check(classes);
  }

  @Test
  void onlyTheWiringConnectsToTheCloud() {
    noClasses().that().resideInAnyPackage(TIERS)
        .and().doNotHaveFullyQualifiedName("iras.web.WebTier")
        .and().doNotHaveFullyQualifiedName("iras.worker.node.NodeProcess")
        .should().callMethod(Cloud.class, "connect", Settings.class)
        .check(classes);
  }

  @Test
  void inCoreOnlyTheAdaptersKnowTheSdk() {
    noClasses().that().resideInAPackage("iras.core..").and(not(SDK_ADAPTERS))
        .should().dependOnClassesThat().resideInAPackage("software.amazon..")
        .check(classes);
  }
}
