package io.ferry.system.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.ferry.protocol.Mode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The module graph of docs/architecture.md, enforced on the production classes of every module: protocol (the device
 * wire format, no Kafka) at the bottom, records (Kafka record formats) and config (settings) above it, services side
 * by side and blind to each other, the device SDK apart on protocol alone, one definition of the topic grammar, one
 * storage module (layout, manifest rule, S3 client factory) under exporter, API and benchmarks.
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
                        "io.ferry.exporter..", "io.ferry.api..", "io.ferry.client..", "io.ferry.standalone..",
                        "io.ferry.service..", "io.ferry.records..", "io.ferry.config..", "io.ferry.storage..")
                .check(classes);
    }

    @Test
    void protocol_is_independent_of_kafka() {
        noClasses().that().resideInAPackage("io.ferry.protocol..")
                .should().dependOnClassesThat().resideInAPackage("org.apache.kafka..")
                .because("the device wire format is what the device SDK carries, and devices speak MQTT only")
                .check(classes);
    }

    @Test
    void storage_sits_on_protocol_and_serves_exporter_api_bench_and_standalone_only() {
        noClasses().that().resideInAPackage("io.ferry.storage..")
                .should().dependOnClassesThat().resideInAnyPackage("io.ferry.broker..", "io.ferry.assembler..",
                        "io.ferry.exporter..", "io.ferry.api..", "io.ferry.client..", "io.ferry.standalone..",
                        "io.ferry.service..", "io.ferry.bench..")
                .check(classes);
        noClasses().that().resideInAnyPackage("io.ferry.broker..", "io.ferry.assembler..", "io.ferry.client..")
                .should().dependOnClassesThat().resideInAPackage("io.ferry.storage..")
                .check(classes);
    }

    @Test
    void records_and_config_sit_on_protocol_only() {
        noClasses().that().resideInAPackage("io.ferry.records..")
                .should().dependOnClassesThat().resideInAnyPackage("io.ferry.config..", "io.ferry.service..",
                        "io.ferry.broker..", "io.ferry.assembler..", "io.ferry.exporter..", "io.ferry.api..",
                        "io.ferry.client..", "io.ferry.standalone..")
                .check(classes);
        noClasses().that().resideInAPackage("io.ferry.config..")
                .should().dependOnClassesThat().resideInAnyPackage("io.ferry.service..", "io.ferry.broker..",
                        "io.ferry.assembler..", "io.ferry.exporter..", "io.ferry.api..", "io.ferry.client..",
                        "io.ferry.standalone..")
                .check(classes);
    }

    @Test
    void device_sdk_depends_on_the_wire_format_only() {
        noClasses().that().resideInAPackage("io.ferry.client..")
                .should().dependOnClassesThat().resideInAnyPackage("io.ferry.records..", "io.ferry.config..",
                        "org.apache.kafka..")
                .because("the device SDK must not drag Kafka or the services' settings onto a device")
                .check(classes);
    }

    @Test
    void only_storage_builds_s3_clients() {
        noClasses().that().resideOutsideOfPackages("io.ferry.storage..", "io.ferry.testing..")
                .should().callMethod(S3Client.class, "builder")
                .because("endpoint, region, path style, credentials and timeouts are set by"
                        + " io.ferry.storage.S3ClientFactory only (test fixtures aside)")
                .check(classes);
    }

    @Test
    void service_support_serves_services_only() {
        noClasses().that().resideInAPackage("io.ferry.service..")
                .should().dependOnClassesThat().resideInAnyPackage("io.ferry.broker..", "io.ferry.assembler..",
                        "io.ferry.exporter..", "io.ferry.api..", "io.ferry.client..", "io.ferry.standalone..")
                .check(classes);
        noClasses().that().resideInAPackage("io.ferry.client..")
                .should().dependOnClassesThat().resideInAPackage("io.ferry.service..")
                .because("the device SDK carries no service runtime")
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

    /** Bytecode cannot see string constants that were inlined, so the namespace literals are checked in the source. */
    @Test
    void only_protocol_spells_out_ferrys_topic_namespace() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<String> offenders;
        try (Stream<Path> files = Files.walk(root)) {
            offenders = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> root.relativize(f).toString().matches("[^/]+/src/main/java/.*"))
                    .filter(f -> !root.relativize(f).startsWith("protocol"))
                    .filter(ModuleBoundariesTest::spellsNamespace)
                    .map(f -> root.relativize(f).toString()).toList();
        }
        assertThat(root.resolve("protocol/src/main/java/io/ferry/protocol/FerryMqtt.java")).exists();
        assertThat(offenders).as("production sources outside protocol with a \"$file literal").isEmpty();
    }

    /** Which stores keep a manifest object is io.ferry.storage.ManifestRule's alone (source check, as above). */
    @Test
    void only_storage_spells_out_the_manifest_suffix() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<String> offenders;
        try (Stream<Path> files = Files.walk(root)) {
            offenders = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> root.relativize(f).toString().matches("[^/]+/src/main/java/.*"))
                    .filter(f -> !root.relativize(f).startsWith("storage"))
                    .filter(f -> contains(f, "MANIFEST.json\""))
                    .map(f -> root.relativize(f).toString()).toList();
        }
        assertThat(root.resolve("storage/src/main/java/io/ferry/storage/ManifestRule.java")).exists();
        assertThat(offenders).as("production sources outside storage naming the manifest suffix").isEmpty();
    }

    private static boolean spellsNamespace(Path file) {
        return contains(file, "\"$file");
    }

    private static boolean contains(Path file, String text) {
        try {
            return Files.readString(file).contains(text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
