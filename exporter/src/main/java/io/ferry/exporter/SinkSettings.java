package io.ferry.exporter;

import io.ferry.protocol.config.ConfigException;
import io.ferry.protocol.config.Settings;
import java.util.List;
import java.util.Map;

/**
 * The operator-facing sink variables, mapped onto the exporter's keys: {@code FERRY_SINKS} ({@code ferry.sinks}, a
 * comma list of {@link SinkUri}s) and {@code FERRY_S3_ENDPOINT}, {@code _REGION}, {@code _ACCESS_KEY},
 * {@code _SECRET_KEY}, {@code _PATH_STYLE} ({@code ferry.s3.*}). A {@code ferry.exporter.s3.*} key set explicitly
 * wins over its {@code ferry.s3.*} twin; {@code ferry.sinks} and {@code ferry.exporter.sinks} together are an error.
 */
public final class SinkSettings {
    public static final String SINKS = "ferry.sinks";
    static final List<String> S3_KEYS = List.of("endpoint", "region", "access.key", "secret.key", "path.style");

    private SinkSettings() {
    }

    /** {@code settings} completed with the exporter keys the operator variables imply. */
    public static Settings apply(Settings settings) {
        Settings result = settings;
        String sinks = settings.string(SINKS, null);
        if (sinks != null) {
            if (settings.string("ferry.exporter.sinks", null) != null) {
                throw new ConfigException(List.of("FERRY_SINKS (ferry.sinks) and FERRY_EXPORTER_SINKS "
                        + "(ferry.exporter.sinks) are both set: use one"));
            }
            result = withSinks(result, sinks, "FERRY_SINKS");
        }
        return withS3Variables(result);
    }

    /** {@code settings} with each {@code ferry.s3.*} value copied to its {@code ferry.exporter.s3.*} key if unset. */
    public static Settings withS3Variables(Settings settings) {
        Settings result = settings;
        for (String key : S3_KEYS) {
            String value = settings.string("ferry.s3." + key, null);
            if (value != null && settings.string("ferry.exporter.s3." + key, null) == null) {
                result = result.with("ferry.exporter.s3." + key, value);
            }
        }
        return result;
    }

    /**
     * {@code settings} with the exporter keys for {@code uris} (a comma list), replacing any given before; errors
     * name {@code source} (the variable or option the URIs came from).
     */
    public static Settings withSinks(Settings settings, String uris, String source) {
        List<SinkUri> parsed;
        try {
            parsed = SinkUri.parseList(uris);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(List.of(source + ": " + e.getMessage()));
        }
        Settings result = settings;
        for (Map.Entry<String, String> entry : SinkUri.exporterSettings(parsed).entrySet()) {
            result = result.with(entry.getKey(), entry.getValue());
        }
        return result;
    }
}
