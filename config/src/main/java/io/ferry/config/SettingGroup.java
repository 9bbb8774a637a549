package io.ferry.config;

import static java.util.Objects.requireNonNull;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Settings that belong together (the Kafka connection, topics, an S3 connection, a listener), defined once and
 * reused by every service that needs them; one section of docs/configuration.md.
 *
 * @param title       the section heading
 * @param description what the group is for, above its table
 * @param settings    the definitions, in documentation order
 */
public record SettingGroup(String title, String description, List<Setting<?>> settings) {
    public SettingGroup {
        requireNonNull(title, "title");
        requireNonNull(description, "description");
        settings = List.copyOf(settings);
        Set<String> keys = new HashSet<>();
        for (Setting<?> setting : settings) {
            if (!keys.add(setting.key())) {
                throw new IllegalArgumentException("setting defined twice in " + title + ": " + setting.key());
            }
        }
    }

    public static SettingGroup of(String title, String description, Setting<?>... settings) {
        return new SettingGroup(title, description, List.of(settings));
    }
}
