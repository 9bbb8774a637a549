package io.ferry.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flat configuration read by each service's typed config record: keys like {@code ferry.mqtt.port}. Sources, later
 * wins: defaults, a properties file, environment variables ({@code FERRY_MQTT_PORT} → {@code ferry.mqtt.port}).
 * Getters collect errors instead of throwing, so {@link #validate()} can name every bad key at once.
 */
public final class Settings {
    private static final Logger LOG = LoggerFactory.getLogger(Settings.class);
    /** Key words of secret values, Kafka's SASL/JAAS pass-through settings among them. */
    private static final Set<String> SECRET_WORDS = Set.of("password", "secret", "token", "key", "jaas", "sasl",
            "credential");
    private static final String MASK = "******";
    private final Map<String, String> values;
    private final List<String> errors = new ArrayList<>();
    private final Set<String> warned = new java.util.HashSet<>();

    public Settings(Map<String, String> values) {
        this.values = new TreeMap<>(values);
    }

    /** Properties file (if given and present) overlaid by FERRY_* environment variables. */
    public static Settings load(Path file, Map<String, String> env) {
        Map<String, String> values = new HashMap<>();
        if (file != null && Files.isRegularFile(file)) {
            Properties properties = new Properties();
            try (var reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            } catch (java.io.IOException e) {
                throw new ConfigException(List.of("cannot read config file " + file + ": " + e.getMessage()));
            }
            properties.forEach((k, v) -> values.put(k.toString(), v.toString()));
        }
        values.putAll(fromEnvironment(env));
        return new Settings(values);
    }

    public static Map<String, String> fromEnvironment(Map<String, String> env) {
        Map<String, String> values = new HashMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith("FERRY_")) {
                values.put(name.toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        return values;
    }

    public Settings with(String key, String value) {
        Map<String, String> copy = new HashMap<>(values);
        copy.put(key, value);
        return new Settings(copy);
    }

    /**
     * The value of {@code setting}: its key, else its first deprecated alias that is set (logged once as a
     * warning), else its default. A bad or missing required value is recorded for {@link #validate()} and the
     * default returned, so every bad key is named at once.
     */
    public <T> T get(Setting<T> setting) {
        if (setting.type() == Setting.Type.PREFIX) {
            @SuppressWarnings("unchecked")
            T passThrough = (T) withPrefix(setting.key());
            return passThrough;
        }
        String raw = raw(setting);
        if (raw == null) {
            if (setting.required()) {
                errors.add(setting.key() + ": required");
            }
            return setting.defaultValue();
        }
        T value;
        try {
            value = SettingParser.parse(setting, raw);
        } catch (IllegalArgumentException e) {
            errors.add(setting.key() + ": '" + (setting.secret() ? MASK : raw) + "' " + e.getMessage());
            return setting.defaultValue();
        }
        String problem = setting.validator().check(value);
        if (problem != null) {
            errors.add(setting.key() + ": " + problem);
            return setting.defaultValue();
        }
        return value;
    }

    /** Whether {@code setting} (or one of its aliases) is set. */
    public boolean isSet(Setting<?> setting) {
        return setting.type() == Setting.Type.PREFIX ? !withPrefix(setting.key()).isEmpty() : raw(setting) != null;
    }

    private String raw(Setting<?> setting) {
        String value = string(setting.key(), null);
        if (value != null) {
            return value;
        }
        for (String alias : setting.aliases()) {
            String old = string(alias, null);
            if (old != null) {
                if (warned.add(alias)) {
                    LOG.warn("{} ({}) is deprecated: use {} ({})", alias, environmentName(alias), setting.key(),
                            setting.environmentVariable());
                }
                return old;
            }
        }
        return null;
    }

    private static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    public String string(String key, String defaultValue) {
        String value = values.get(key);
        return value == null || value.isBlank() ? defaultValue : value.trim();
    }

    public String required(String key) {
        String value = string(key, null);
        if (value == null) {
            errors.add(key + ": required");
        }
        return value;
    }

    public int integer(String key, int defaultValue, int min, int max) {
        long value = longValue(key, defaultValue, min, max);
        return (int) value;
    }

    public long longValue(String key, long defaultValue, long min, long max) {
        String raw = string(key, null);
        if (raw == null) {
            return defaultValue;
        }
        try {
            long value = Long.parseLong(raw);
            if (value < min || value > max) {
                errors.add(key + ": " + value + " is outside [" + min + ", " + max + "]");
                return defaultValue;
            }
            return value;
        } catch (NumberFormatException e) {
            errors.add(key + ": '" + raw + "' is not an integer");
            return defaultValue;
        }
    }

    public boolean bool(String key, boolean defaultValue) {
        String raw = string(key, null);
        if (raw == null) {
            return defaultValue;
        }
        if (raw.equalsIgnoreCase("true") || raw.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(raw);
        }
        errors.add(key + ": '" + raw + "' is not true or false");
        return defaultValue;
    }

    /** A duration as ISO-8601 ({@code PT5M}) or a number with unit {@code ms, s, m, h, d}. */
    public Duration duration(String key, Duration defaultValue) {
        String raw = string(key, null);
        if (raw == null) {
            return defaultValue;
        }
        try {
            return parseDuration(raw);
        } catch (IllegalArgumentException e) {
            errors.add(key + ": '" + raw + "' is not a duration (e.g. 500ms, 30s, 5m, 24h)");
            return defaultValue;
        }
    }

    static Duration parseDuration(String raw) {
        String text = raw.trim().toLowerCase(Locale.ROOT);
        if (text.startsWith("p")) {
            return Duration.parse(raw.trim().toUpperCase(Locale.ROOT));
        }
        String[][] units = {{"ms", "1"}, {"s", "1000"}, {"m", "60000"}, {"h", "3600000"}, {"d", "86400000"}};
        for (String[] unit : units) {
            if (text.endsWith(unit[0])) {
                String number = text.substring(0, text.length() - unit[0].length()).trim();
                if (!number.isEmpty() && number.chars().allMatch(Character::isDigit)) {
                    return Duration.ofMillis(Long.parseLong(number) * Long.parseLong(unit[1]));
                }
            }
        }
        throw new IllegalArgumentException("not a duration: " + raw);
    }

    /** All keys under {@code prefix}, with the prefix removed: Kafka client pass-through settings. */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> result = new TreeMap<>();
        values.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                result.put(key.substring(prefix.length()), value);
            }
        });
        return result;
    }

    public void addError(String error) {
        errors.add(error);
    }

    /** Throws {@link ConfigException} naming every bad key seen by the getters so far. */
    public void validate() {
        if (!errors.isEmpty()) {
            throw new ConfigException(List.copyOf(errors));
        }
    }

    public static boolean isSecret(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return SECRET_WORDS.stream().anyMatch(lower::contains);
    }

    /** Masks a value for logging when its key names a secret: the one masking rule of every config type. */
    public static String masked(String key, Object value) {
        return value == null ? "null" : isSecret(key) ? MASK : value.toString();
    }

    /** {@code properties} (e.g. Kafka pass-through settings) with secret values masked, for logging. */
    public static Map<String, String> masked(Map<String, String> properties) {
        Map<String, String> out = new TreeMap<>();
        properties.forEach((key, value) -> out.put(key, masked(key, value)));
        return out;
    }

    /** A secret for logging: {@code ******} when set, {@code none} when not. */
    public static String maskedSecret(Object value) {
        return value == null ? "none" : MASK;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        values.forEach((k, v) -> out.append(k).append('=').append(masked(k, v)).append('\n'));
        return out.toString();
    }
}
