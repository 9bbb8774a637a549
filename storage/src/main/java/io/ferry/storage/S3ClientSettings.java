package io.ferry.storage;

import io.ferry.config.Setting;
import io.ferry.config.SettingGroup;
import io.ferry.config.Settings;
import java.time.Duration;

/** Settings of every S3 client Ferry builds (the connection itself is {@link io.ferry.config.S3Connection}). */
public final class S3ClientSettings {
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMinutes(5);
    public static final Setting<Duration> REQUEST_TIMEOUT = Setting.duration("ferry.s3.request.timeout",
            DEFAULT_REQUEST_TIMEOUT, "Timeout of one S3 request attempt (the SDK retries a timed-out attempt), for"
            + " the exporter's `s3` sink and the API's reads and deletes alike.")
            .withAliases("ferry.exporter.s3.request.timeout");
    public static final SettingGroup GROUP = SettingGroup.of("S3 requests",
            "How every S3 client of Ferry behaves; it connects with the \"S3 connection\" block.", REQUEST_TIMEOUT);

    private S3ClientSettings() {
    }

    /** Reads {@code ferry.s3.request.timeout}: the options of the exporter and the API. */
    public static S3ClientOptions options(Settings settings) {
        return S3ClientOptions.withAttemptTimeout(settings.get(REQUEST_TIMEOUT));
    }
}
