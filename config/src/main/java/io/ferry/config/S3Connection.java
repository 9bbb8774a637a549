package io.ferry.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;

/**
 * How to reach S3: one block ({@code ferry.s3.*}) read once by the exporter's S3 sink and by the API, which used to
 * have a copy each ({@code ferry.exporter.s3.*}, {@code ferry.api.s3.*}, now deprecated aliases).
 *
 * @param endpoint  null for AWS itself
 * @param region    the signing region
 * @param accessKey null (with {@code secretKey}) for the SDK's default credential chain
 * @param secretKey the secret key, masked in {@link #toString()}
 * @param pathStyle path-style addressing (S3-compatible stores)
 */
public record S3Connection(URI endpoint, String region, String accessKey, String secretKey, boolean pathStyle) {
    public static final String DEFAULT_REGION = "us-east-1";
    public static final Setting<String> ENDPOINT = Setting.string("ferry.s3.endpoint", null,
            "S3 endpoint URI, e.g. `http://minio:9000`; unset means AWS itself.").defaultText("AWS")
            .validatedBy(new Validators.Uri()).withAliases("ferry.exporter.s3.endpoint", "ferry.api.s3.endpoint");
    public static final Setting<String> REGION = Setting.string("ferry.s3.region", DEFAULT_REGION,
            "Signing region.").withAliases("ferry.exporter.s3.region", "ferry.api.s3.region");
    public static final Setting<String> ACCESS_KEY = Setting.password("ferry.s3.access.key",
            "Access key; with `ferry.s3.secret.key`, or neither for the SDK's default credential chain"
            + " (environment, profile, instance role).").defaultText("default chain")
            .withAliases("ferry.exporter.s3.access.key", "ferry.api.s3.access.key");
    public static final Setting<String> SECRET_KEY = Setting.password("ferry.s3.secret.key",
            "Secret key, set together with the access key.").defaultText("default chain")
            .withAliases("ferry.exporter.s3.secret.key", "ferry.api.s3.secret.key");
    public static final Setting<Boolean> PATH_STYLE = Setting.bool("ferry.s3.path.style", false,
            "Path-style addressing (`http://host/bucket/key`), which most S3-compatible stores need.")
            .defaultText("true with an endpoint, else false")
            .withAliases("ferry.exporter.s3.path.style", "ferry.api.s3.path.style");
    public static final SettingGroup GROUP = SettingGroup.of("S3 connection",
            "One S3 connection shared by the exporter's `s3` sink and the API (which reads `s3://` locations)."
            + " The per-service copies `ferry.exporter.s3.*` and `ferry.api.s3.*` of these five keys still work as"
            + " deprecated aliases; the `ferry.s3.*` key wins when both are set.",
            ENDPOINT, REGION, ACCESS_KEY, SECRET_KEY, PATH_STYLE);

    public S3Connection {
        requireNonNull(region, "region");
        if ((accessKey == null) != (secretKey == null)) {
            throw new IllegalArgumentException("accessKey and secretKey must be given together");
        }
    }

    /** Reads {@code ferry.s3.*} (or its aliases); errors are collected in {@code settings}. */
    public static S3Connection fromSettings(Settings settings) {
        String endpoint = settings.get(ENDPOINT);
        URI uri = endpoint == null || new Validators.Uri().check(endpoint) != null ? null : URI.create(endpoint);
        String accessKey = settings.get(ACCESS_KEY);
        String secretKey = settings.get(SECRET_KEY);
        if ((accessKey == null) != (secretKey == null)) {
            settings.addError(ACCESS_KEY.key() + " and " + SECRET_KEY.key() + " must be set together");
            accessKey = null;
            secretKey = null;
        }
        return new S3Connection(uri, settings.get(REGION), accessKey, secretKey,
                settings.get(PATH_STYLE.withDefault(uri != null)));
    }

    @Override
    public String toString() {
        return "S3Connection[endpoint=" + (endpoint == null ? "aws" : endpoint) + ", region=" + region
                + ", accessKey=" + (accessKey == null ? "default chain" : "******") + ", secretKey="
                + (secretKey == null ? "default chain" : "******") + ", pathStyle=" + pathStyle + "]";
    }
}
