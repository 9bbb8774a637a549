package io.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.config.ConfigException;
import io.ferry.config.Settings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiConfigTest {
    @Test
    void shouldApplyDefaults() {
        ApiConfig config = ApiConfig.fromSettings(new Settings(Map.of("ferry.api.token", "t0k3n")));
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.readTokens()).isEmpty();
        assertThat(config.topics().files()).isEqualTo("ferry.files");
        assertThat(config.topics().transfers()).isEqualTo("ferry.transfers");
        assertThat(config.stalledAfter()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.s3()).isNull();
        assertThat(config.metricsPublic()).isTrue();
        // Never without a root, so a forged catalog location cannot reach files outside it.
        assertThat(config.localRoot()).isEqualTo(Path.of("data/files"));
    }

    @Test
    void shouldDefaultLocalRootToExportersRoot() {
        ApiConfig config = ApiConfig.fromSettings(new Settings(Map.of("ferry.api.token", "t",
                "ferry.exporter.local.root", "/data/files")));
        assertThat(config.localRoot()).isEqualTo(Path.of("/data/files"));
        ApiConfig own = ApiConfig.fromSettings(new Settings(Map.of("ferry.api.token", "t",
                "ferry.exporter.local.root", "/data/files", "ferry.api.local.root", "/other")));
        assertThat(own.localRoot()).isEqualTo(Path.of("/other"));
    }

    @Test
    void shouldReadEveryKey() {
        ApiConfig config = ApiConfig.fromSettings(new Settings(Map.ofEntries(
                Map.entry("ferry.api.token", "admin"), Map.entry("ferry.api.read.tokens", " r1, ,r2 "),
                Map.entry("ferry.http.port", "0"), Map.entry("ferry.http.host", "127.0.0.1"),
                Map.entry("ferry.kafka.bootstrap.servers", "k:9092"), Map.entry("ferry.topics.prefix", "x."),
                Map.entry("ferry.api.stalled.after", "90s"), Map.entry("ferry.kafka.consumer.fetch.max.bytes", "1"),
                Map.entry("ferry.api.s3.enabled", "true"), Map.entry("ferry.api.s3.endpoint", "http://s3:9000"),
                Map.entry("ferry.api.s3.access.key", "AK"), Map.entry("ferry.api.s3.secret.key", "SK"))));
        assertThat(config.readTokens()).isEqualTo(List.of("r1", "r2"));
        assertThat(config.port()).isZero();
        assertThat(config.bootstrapServers()).isEqualTo("k:9092");
        assertThat(config.topics().files()).isEqualTo("x.files");
        assertThat(config.stalledAfter()).isEqualTo(Duration.ofSeconds(90));
        assertThat(config.consumerSettings()).containsEntry("fetch.max.bytes", "1");
        assertThat(config.s3().connection().endpoint()).isEqualTo(URI.create("http://s3:9000"));
        assertThat(config.s3().connection().pathStyle()).isTrue();
        assertThat(config.s3().requestTimeout()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void shouldReadTheSharedS3RequestTimeoutAndTheExportersOldKey() {
        ApiConfig shared = ApiConfig.fromSettings(new Settings(Map.of("ferry.api.token", "t",
                "ferry.api.s3.enabled", "true", "ferry.s3.request.timeout", "7s")));
        ApiConfig old = ApiConfig.fromSettings(new Settings(Map.of("ferry.api.token", "t",
                "ferry.api.s3.enabled", "true", "ferry.exporter.s3.request.timeout", "9s")));

        assertThat(shared.s3().requestTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(old.s3().requestTimeout()).isEqualTo(Duration.ofSeconds(9));
    }

    @Test
    void shouldReadTheSharedS3BlockTheExporterReadsAndPreferItOverTheDeprecatedApiCopy() {
        ApiConfig config = ApiConfig.fromSettings(new Settings(Map.of("ferry.api.token", "admin",
                "ferry.api.s3.enabled", "true", "ferry.s3.endpoint", "http://shared:9000", "ferry.s3.region",
                "eu-west-1", "ferry.api.s3.region", "us-west-2", "ferry.s3.path.style", "false")));

        assertThat(config.s3().connection().endpoint()).isEqualTo(URI.create("http://shared:9000"));
        assertThat(config.s3().connection().region()).isEqualTo("eu-west-1");
        assertThat(config.s3().connection().pathStyle()).isFalse();
        assertThat(config.s3().connection().accessKey()).isNull();
    }

    @Test
    void shouldNameEveryBadKey() {
        assertThatThrownBy(() -> ApiConfig.fromSettings(new Settings(Map.of("ferry.http.port", "99999",
                "ferry.api.stalled.after", "soon"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ferry.api.token")
                .hasMessageContaining("ferry.http.port")
                .hasMessageContaining("ferry.api.stalled.after");
    }

    @Test
    void shouldMaskTokensAndSecretsInToString() {
        ApiConfig config = ApiConfig.fromSettings(new Settings(Map.of("ferry.api.token", "very-secret-admin",
                "ferry.api.read.tokens", "very-secret-reader", "ferry.api.s3.enabled", "true",
                "ferry.api.s3.access.key", "AKIA-SECRET", "ferry.api.s3.secret.key", "S3-SECRET",
                "ferry.api.link.secret", "link-secret", "ferry.kafka.consumer.sasl.jaas.config", "pw-secret")));
        assertThat(config.toString()).doesNotContain("very-secret", "AKIA-SECRET", "S3-SECRET", "link-secret",
                "pw-secret");
    }
}
