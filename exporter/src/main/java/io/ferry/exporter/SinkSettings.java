package io.ferry.exporter;

import io.ferry.config.ConfigException;
import io.ferry.config.Settings;
import java.util.List;
import java.util.Map;

/**
 * The operator-facing sink variable {@code FERRY_SINKS} ({@code ferry.sinks}, a comma list of {@link SinkUri}s),
 * mapped onto the exporter's keys; {@code ferry.sinks} and {@code ferry.exporter.sinks} together are an error. The S3
 * connection ({@code FERRY_S3_*}) needs no mapping: it is the one {@link io.ferry.config.S3Connection}
 * block every service reads.
 */
public final class SinkSettings {
    public static final String SINKS = "ferry.sinks";

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
