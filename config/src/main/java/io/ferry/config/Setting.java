package io.ferry.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One {@code ferry.*} setting defined once: key, type, default, validation, deprecated aliases and the text
 * docs/configuration.md is generated from (model: Kafka's {@code ConfigDef}). Read with {@link Settings#get}.
 *
 * @param key         the key, e.g. {@code ferry.mqtt.port}; a {@link Type#PREFIX} key ends with a dot
 * @param type        how the raw text is parsed
 * @param defaultValue the value when unset (may be null: unset means "none")
 * @param defaultText what the documentation shows as the default (a derived default is described here)
 * @param required    whether an unset key is an error
 * @param secret      whether the value is masked wherever it is shown
 * @param aliases     deprecated older keys still read (with a warning) when the key itself is unset
 * @param validator   checks a parsed value
 * @param doc         one or two sentences for the reference
 */
public record Setting<T>(String key, Type type, T defaultValue, String defaultText, boolean required, boolean secret,
                         List<String> aliases, Validator<? super T> validator, String doc) {

    /** How raw text becomes a value. */
    public enum Type { STRING, PASSWORD, INT, LONG, BOOLEAN, DURATION, LIST, PREFIX }

    public Setting {
        requireNonNull(key, "key");
        requireNonNull(type, "type");
        requireNonNull(defaultText, "defaultText");
        aliases = List.copyOf(requireNonNull(aliases, "aliases"));
        requireNonNull(validator, "validator");
        requireNonNull(doc, "doc");
        if (!key.startsWith("ferry.") || key.contains(" ") || (type == Type.PREFIX) != key.endsWith(".")) {
            throw new IllegalArgumentException("bad setting key: " + key);
        }
        if (doc.isBlank()) {
            throw new IllegalArgumentException("undocumented setting: " + key);
        }
    }

    public static Setting<String> string(String key, String defaultValue, String doc) {
        return new Setting<>(key, Type.STRING, defaultValue, shown(defaultValue), false, false, List.of(),
                Validators.none(), doc);
    }

    /** A secret string: never logged, shown masked. */
    public static Setting<String> password(String key, String doc) {
        return new Setting<>(key, Type.PASSWORD, null, "", false, true, List.of(), Validators.none(), doc);
    }

    public static Setting<Integer> integer(String key, int defaultValue, int min, int max, String doc) {
        return new Setting<>(key, Type.INT, defaultValue, Integer.toString(defaultValue), false, false, List.of(),
                new Validators.Range<Integer>(min, max), doc);
    }

    public static Setting<Long> longValue(String key, long defaultValue, long min, long max, String doc) {
        return new Setting<>(key, Type.LONG, defaultValue, Long.toString(defaultValue), false, false, List.of(),
                new Validators.Range<Long>(min, max), doc);
    }

    public static Setting<Boolean> bool(String key, boolean defaultValue, String doc) {
        return new Setting<>(key, Type.BOOLEAN, defaultValue, Boolean.toString(defaultValue), false, false,
                List.of(), Validators.none(), doc);
    }

    public static Setting<Duration> duration(String key, Duration defaultValue, String doc) {
        return new Setting<>(key, Type.DURATION, defaultValue, defaultValue == null ? "" : shown(defaultValue),
                false, false, List.of(), Validators.none(), doc);
    }

    /** A comma-separated list; blank entries are dropped. */
    public static Setting<List<String>> list(String key, String defaultValue, String doc) {
        return new Setting<>(key, Type.LIST, parseList(defaultValue), shown(defaultValue), false, false, List.of(),
                Validators.none(), doc);
    }

    /** Every key under {@code prefix} (ending with a dot), passed through with the prefix removed. */
    public static Setting<Map<String, String>> prefix(String prefix, String doc) {
        return new Setting<>(prefix, Type.PREFIX, Map.of(), "", false, false, List.of(), Validators.none(), doc);
    }

    public Setting<T> asRequired() {
        return new Setting<>(key, type, defaultValue, "(required)", true, secret, aliases, validator, doc);
    }

    public Setting<T> secretValue() {
        return new Setting<>(key, type, defaultValue, defaultText, required, true, aliases, validator, doc);
    }

    /** The documented default, for defaults derived from other settings or computed at start. */
    public Setting<T> defaultText(String text) {
        return new Setting<>(key, type, defaultValue, text, required, secret, aliases, validator, doc);
    }

    /** The same key with another default, for a service whose default differs (documented in {@code doc}). */
    public Setting<T> withDefault(T value) {
        return new Setting<>(key, type, value, defaultText, required, secret, aliases, validator, doc);
    }

    public Setting<T> withAliases(String... deprecatedKeys) {
        return new Setting<>(key, type, defaultValue, defaultText, required, secret, Arrays.asList(deprecatedKeys),
                validator, doc);
    }

    public Setting<T> validatedBy(Validator<? super T> newValidator) {
        return new Setting<>(key, type, defaultValue, defaultText, required, secret, aliases, newValidator, doc);
    }

    /** {@code FERRY_MQTT_PORT} for {@code ferry.mqtt.port}. */
    public String environmentVariable() {
        String name = key.toUpperCase(Locale.ROOT).replace('.', '_');
        return type == Type.PREFIX ? name + "*" : name;
    }

    static List<String> parseList(String raw) {
        return raw == null ? List.of()
                : Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
    }

    private static String shown(Object value) {
        if (value instanceof Duration duration) {
            return Durations.format(duration);
        }
        return value == null ? "" : value.toString();
    }
}
