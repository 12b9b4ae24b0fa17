package dev.numberregistry.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layering the code relies on, checked on the compiled classes of every module. */
class ArchitectureTest {

    private static JavaClasses registry;

    @BeforeAll
    static void importTheRegistry() {
        // The other modules' tests come as test jars, which the predefined option does not know.
        ImportOption mainCode = location -> ImportOption.Predefined.DO_NOT_INCLUDE_TESTS.includes(location)
                && !location.contains("-tests.jar");
        registry = new ClassFileImporter().withImportOption(mainCode).importPackages("dev.numberregistry");
    }

    @Test
    void noTwoPackagesDependOnEachOther() {
        slices().matching("dev.numberregistry.(**)").should().beFreeOfCycles().check(registry);
    }

    @Test
    void theDomainKnowsNothingOfKafkaAvroOrTheWeb() {
        noClasses().that().resideInAPackage("dev.numberregistry.core..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "org.apache.avro..",
                        "dev.numberregistry.schema..", "dev.numberregistry.streams..", "dev.numberregistry.api..",
                        "io.micronaut..")
                .check(registry);
    }

    @Test
    void theStreamsKnowNothingOfTheApi() {
        noClasses().that().resideInAPackage("dev.numberregistry.streams..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.numberregistry.api..", "io.micronaut..")
                .check(registry);
    }
}
