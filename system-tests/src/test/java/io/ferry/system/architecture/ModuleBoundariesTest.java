package io.ferry.system.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.ferry.protocol.Mode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module graph of docs/architecture.md, enforced on the production classes of every module: protocol at the
 * bottom, services side by side and blind to each other, the device SDK apart, one definition of the topic grammar.
 */
class ModuleBoundariesTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importFerry() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.ferry");
    }

    @Test
    void protocol_depends_on_no_other_ferry_module() {
        noClasses().that().resideInAPackage("io.ferry.protocol..")
                .should().dependOnClassesThat().resideInAnyPackage("io.ferry.broker..", "io.ferry.assembler..",
                        "io.ferry.exporter..", "io.ferry.api..", "io.ferry.client..", "io.ferry.standalone..")
                .check(classes);
    }

    @Test
    void services_do_not_depend_on_each_other() {
        slices().matching("io.ferry.(broker|assembler|exporter|api)..").should().notDependOnEachOther()
                .check(classes);
    }

    @Test
    void services_and_device_sdk_do_not_depend_on_the_wiring_or_each_other() {
        noClasses().that().resideInAnyPackage("io.ferry.broker..", "io.ferry.assembler..", "io.ferry.exporter..",
                        "io.ferry.api..", "io.ferry.client..")
                .should().dependOnClassesThat().resideInAPackage("io.ferry.standalone..")
                .check(classes);
        noClasses().that().resideInAPackage("io.ferry.client..")
                .should().dependOnClassesThat().resideInAnyPackage("io.ferry.broker..", "io.ferry.assembler..",
                        "io.ferry.exporter..", "io.ferry.api..")
                .check(classes);
    }

    @Test
    void only_protocol_builds_command_topics() {
        noClasses().that().resideOutsideOfPackage("io.ferry.protocol..")
                .should().callMethod(Mode.class, "prefix")
                .because("command topics are parsed and built by io.ferry.protocol.CommandTopic only")
                .check(classes);
    }
}
