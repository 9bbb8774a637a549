package io.ferry.standalone;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.config.Setting;
import io.ferry.config.SettingGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** CI's check that docs/configuration.md is current and that no key a service reads is left out of it. */
class ConfigDocsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** A quoted {@code ferry.x.y} literal; only files that read settings are searched (metric names are not keys). */
    private static final Pattern KEY = Pattern.compile("\"(ferry\\.[a-z0-9]+(?:\\.[a-z0-9]+)+\\.?)\"");

    @Test
    void shouldFindTheCommittedReferenceCurrent() throws IOException {
        String committed = Files.readString(ROOT.resolve(ConfigDocs.FILE), UTF_8);

        assertThat(committed).as("docs/configuration.md is stale: run ./ferry config-docs and commit it")
                .isEqualTo(ConfigDocs.markdown());
    }

    @Test
    void shouldDefineEveryKeyOnceAcrossAllGroups() {
        Set<String> keys = new HashSet<>();
        for (SettingGroup group : ConfigDocs.GROUPS) {
            for (Setting<?> setting : group.settings()) {
                assertThat(keys.add(setting.key())).as("defined twice: " + setting.key()).isTrue();
            }
        }
        assertThat(keys).hasSizeGreaterThan(100);
    }

    @Test
    void shouldDocumentEveryFerryKeyThatConfigCodeReadsByName() throws IOException {
        Set<String> documented = new HashSet<>();
        ConfigDocs.GROUPS.forEach(group -> group.settings().forEach(setting -> {
            documented.add(setting.key());
            documented.addAll(setting.aliases());
        }));
        Set<String> undocumented = new HashSet<>();
        for (String module : new String[] {"protocol", "records", "config", "service-support", "broker",
                "assembler-streams", "exporter", "api", "standalone"}) {
            try (Stream<Path> files = Files.walk(ROOT.resolve(module).resolve("src/main/java"))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Matcher keys = KEY.matcher(Files.readString(file, UTF_8));
                    while (keys.find()) {
                        String key = keys.group(1);
                        boolean readAsSetting = Files.readString(file, UTF_8).contains("settings.")
                                || file.getFileName().toString().endsWith("Settings.java");
                        boolean groupPrefix = documented.stream().anyMatch(d -> d.startsWith(key + "."));
                        if (readAsSetting && !documented.contains(key) && !key.endsWith(".") && !groupPrefix
                                && documented.stream().noneMatch(d -> d.endsWith(".") && key.startsWith(d))) {
                            undocumented.add(file.getFileName() + ": " + key);
                        }
                    }
                }
            }
        }
        assertThat(undocumented).as("keys read by name but missing from a SettingGroup in ConfigDocs").isEmpty();
    }
}
