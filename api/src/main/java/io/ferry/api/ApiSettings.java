package io.ferry.api;

import io.ferry.config.KeystoreSettings;
import io.ferry.config.Listener;
import io.ferry.config.Setting;
import io.ferry.config.SettingGroup;
import io.ferry.config.Validators.PositiveDuration;
import java.time.Duration;
import java.util.List;

/** Every setting of the API, defined once; its configs read them and docs/configuration.md lists them. */
public final class ApiSettings {
    public static final Listener HTTP = Listener.of("ferry.http", "REST API and dashboard", ApiConfig.DEFAULT_PORT,
            false);
    public static final KeystoreSettings HTTPS = KeystoreSettings.of("ferry.http.tls", "the API's HTTPS port");
    public static final Setting<String> TOKEN = Setting.password("ferry.api.token",
            "Bearer token allowed everything (`./ferry run` generates one into its data directory).").asRequired();
    public static final Setting<List<String>> READ_TOKENS = Setting.list("ferry.api.read.tokens", null,
            "Bearer tokens allowed only reads, comma separated.").secretValue();
    public static final Setting<Duration> STALLED_AFTER = Setting.duration("ferry.api.stalled.after",
            ApiConfig.DEFAULT_STALLED_AFTER, "An upload without progress for this long is listed as stalled.")
            .validatedBy(PositiveDuration.POSITIVE);
    public static final Setting<String> LOCAL_ROOT = Setting.string("ferry.api.local.root", null,
            "Only `file:` locations under this directory (exactly `<clientId>/<fileId>/<name>` below it) are read"
            + " or deleted.").defaultText("`ferry.exporter.local.root`, else `data/files`");
    public static final Setting<Boolean> S3_ENABLED = Setting.bool("ferry.api.s3.enabled", false,
            "Read and delete `s3://` locations, with the \"S3 connection\" block (`./ferry run`: true when the"
            + " exporter has an s3 sink).");
    public static final Setting<Boolean> METRICS_PUBLIC = Setting.bool("ferry.api.metrics.public", true,
            "Whether `/metrics` needs no token.");
    public static final Setting<String> LINK_SECRET = Setting.password("ferry.api.link.secret",
            "HMAC key of signed download links; all API instances behind one load balancer must share it.")
            .defaultText("random per process");
    public static final Setting<Duration> LINK_TTL = Setting.duration("ferry.api.link.ttl",
            ApiConfig.DEFAULT_LINK_TTL, "How long a signed download link stays valid.")
            .validatedBy(PositiveDuration.POSITIVE);
    public static final SettingGroup GROUP = SettingGroup.of("API",
            "The REST API and web dashboard. With `ferry.http.tls.keystore` set its port speaks HTTPS only.",
            HTTP.host(), HTTP.port(), HTTPS.keystore(), HTTPS.keystorePassword(), HTTPS.keyPassword(), TOKEN,
            READ_TOKENS, STALLED_AFTER, LOCAL_ROOT, S3_ENABLED, METRICS_PUBLIC, LINK_SECRET, LINK_TTL);

    private ApiSettings() {
    }
}
