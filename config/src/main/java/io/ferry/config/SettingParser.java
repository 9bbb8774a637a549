package io.ferry.config;

/** Raw text to a typed value; the exception message completes "key: 'raw' ...". */
final class SettingParser {
    private SettingParser() {
    }

    @SuppressWarnings("unchecked")
    static <T> T parse(Setting<T> setting, String raw) {
        return (T) switch (setting.type()) {
            case STRING, PASSWORD -> raw;
            case INT -> (Object) parseInt(raw);
            case LONG -> parseLong(raw);
            case BOOLEAN -> parseBoolean(raw);
            case DURATION -> parseDuration(raw);
            case LIST -> Setting.parseList(raw);
            case PREFIX -> throw new IllegalStateException("a prefix has no single value");
        };
    }

    private static long parseLong(String raw) {
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("is not an integer");
        }
    }

    private static int parseInt(String raw) {
        long value = parseLong(raw);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("is too large");
        }
        return (int) value;
    }

    private static boolean parseBoolean(String raw) {
        if (raw.equalsIgnoreCase("true") || raw.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(raw);
        }
        throw new IllegalArgumentException("is not true or false");
    }

    private static java.time.Duration parseDuration(String raw) {
        try {
            return Settings.parseDuration(raw);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("is not a duration (e.g. 500ms, 30s, 5m, 24h)");
        }
    }
}
