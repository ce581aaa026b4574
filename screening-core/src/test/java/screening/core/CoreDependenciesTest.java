package screening.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The decision engine stays a library: no network, JSON or file I/O in it, so that it can be
 * measured and tested alone and the server decides how it is fed (docs/architecture.md).
 */
class CoreDependenciesTest {

    private static JavaClasses core;

    @BeforeAll
    static void importCore() {
        core = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("screening.core");
    }

    @Test
    void core_importsNoNettyJacksonOrFiles() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("io.netty..", "com.fasterxml.jackson..", "java.nio.file..", "java.net..")
                .because("screening-core is the decision engine alone: the server does I/O")
                .check(core);
    }

    @Test
    void core_importsNoServerPackage() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("screening.server..", "screening.bench..")
                .check(core);
    }
}
