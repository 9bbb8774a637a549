package io.ferry.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.config.ConfigException;
import io.ferry.config.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExporterConfigTest {
    @Test
    void shouldUseDefaultsWhenOnlyBootstrapIsGiven() {
        ExporterConfig config = ExporterConfig.fromSettings(new Settings(Map.of(
                "ferry.kafka.bootstrap.servers", "k:9092")));

        assertThat(config.bootstrapServers()).isEqualTo("k:9092");
        assertThat(config.topics().ready()).isEqualTo("ferry.ready");
        assertThat(config.groupId()).isEqualTo("ferry-exporter");
        assertThat(config.transactionalId()).startsWith("ferry-exporter-");
        assertThat(config.sinks()).containsExactly("local");
        assertThat(config.localRoot()).isEqualTo(Path.of("data/files"));
        assertThat(config.s3()).isNull();
        assertThat(config.deadline()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void shouldReadSinksS3AndPassThroughSettings() {
        ExporterConfig config = ExporterConfig.fromSettings(new Settings(Map.ofEntries(
                Map.entry("ferry.topics.prefix", "x."),
                Map.entry("ferry.exporter.sinks", "local, s3"),
                Map.entry("ferry.exporter.local.root", "/srv/files"),
                Map.entry("ferry.exporter.s3.endpoint", "http://127.0.0.1:9000"),
                Map.entry("ferry.exporter.s3.bucket", "exports"),
                Map.entry("ferry.exporter.s3.prefix", "ferry/"),
                Map.entry("ferry.exporter.s3.access.key", "AKIA"),
                Map.entry("ferry.exporter.s3.secret.key", "s3cr3t"),
                Map.entry("ferry.exporter.deadline", "30s"),
                Map.entry("ferry.kafka.consumer.security.protocol", "SSL"),
                Map.entry("ferry.kafka.producer.ssl.key.password", "hunter2"))));

        assertThat(config.topics().commands()).isEqualTo("x.commands");
        assertThat(config.sinks()).containsExactly("local", "s3");
        assertThat(config.localRoot()).isEqualTo(Path.of("/srv/files"));
        assertThat(config.s3().bucket()).isEqualTo("exports");
        assertThat(config.s3().pathStyle()).isTrue();
        assertThat(config.s3().prefix()).isEqualTo("ferry/");
        assertThat(config.deadline()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.consumerSettings()).containsEntry("security.protocol", "SSL");
        assertThat(config.toString()).doesNotContain("s3cr3t").doesNotContain("AKIA").doesNotContain("hunter2");
    }

    @Test
    void shouldNameEveryBadKey() {
        Settings settings = new Settings(Map.of(
                "ferry.exporter.sinks", "local,ftp,s3",
                "ferry.exporter.concurrency", "0",
                "ferry.exporter.deadline", "soon",
                "ferry.exporter.s3.access.key", "only-one"));

        assertThatThrownBy(() -> ExporterConfig.fromSettings(settings))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors()).anySatisfy(
                        m -> assertThat(m).startsWith("ferry.exporter.sinks")).anySatisfy(
                        m -> assertThat(m).startsWith("ferry.exporter.concurrency")).anySatisfy(
                        m -> assertThat(m).startsWith("ferry.exporter.deadline")).anySatisfy(
                        m -> assertThat(m).startsWith("ferry.exporter.s3.bucket")).anySatisfy(
                        m -> assertThat(m).contains("ferry.s3.secret.key")));
    }

    @Test
    void shouldRejectTooSmallS3Parts() {
        Settings settings = new Settings(Map.of("ferry.exporter.sinks", "s3", "ferry.exporter.s3.bucket", "b",
                "ferry.exporter.s3.part.size.min", "1024"));
        assertThatThrownBy(() -> ExporterConfig.fromSettings(settings))
                .hasMessageContaining("ferry.exporter.s3.part.size.min");
    }

    @Test
    void shouldBackOffExponentiallyUpToMax() {
        RetryPolicy policy = new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofMinutes(1));
        assertThat(List.of(policy.backoff(1), policy.backoff(2), policy.backoff(4), policy.backoff(5),
                policy.backoff(1000))).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200),
                Duration.ofMillis(800), Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    @Test
    void shouldReadRetentionWithDefaultsThatKeepFilesWithoutExpireAt() {
        ExporterConfig defaults = ExporterConfig.fromSettings(new Settings(Map.of()));
        assertThat(defaults.retention()).isEqualTo(new RetentionConfig(true, Duration.ZERO, Duration.ofMinutes(10),
                Duration.ofDays(1)));
        ExporterConfig set = ExporterConfig.fromSettings(new Settings(Map.of(
                "ferry.exporter.retention.expire.at", "false",
                "ferry.exporter.retention.max.age", "30d",
                "ferry.exporter.retention.interval", "1m",
                "ferry.exporter.retention.stale.uploads", "2h")));
        assertThat(set.retention()).isEqualTo(new RetentionConfig(false, Duration.ofDays(30), Duration.ofMinutes(1),
                Duration.ofHours(2)));
        assertThatThrownBy(() -> ExporterConfig.fromSettings(new Settings(Map.of(
                "ferry.exporter.retention.expire.at", "sometimes", "ferry.exporter.retention.interval", "0s"))))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors())
                        .anySatisfy(m -> assertThat(m).startsWith("ferry.exporter.retention.expire.at"))
                        .anySatisfy(m -> assertThat(m).startsWith("ferry.exporter.retention.interval")));
    }

    @Test
    void shouldStreamWhileReceivingByDefaultAndReadStreamSettings() {
        ExporterConfig defaults = ExporterConfig.fromSettings(new Settings(Map.of()));
        assertThat(defaults.stream()).isEqualTo(new StreamConfig(true, 16L * 1024 * 1024, 64, Duration.ofMinutes(10),
                16L * 1024 * 1024));
        ExporterConfig set = ExporterConfig.fromSettings(new Settings(Map.of(
                "ferry.exporter.stream.enabled", "false",
                "ferry.exporter.stream.min.size", "0",
                "ferry.exporter.stream.max.transfers", "2",
                "ferry.exporter.stream.idle.timeout", "30s",
                "ferry.exporter.stream.sync.bytes", "1048576")));
        assertThat(set.stream()).isEqualTo(new StreamConfig(false, 0, 2, Duration.ofSeconds(30), 1048576));
        assertThatThrownBy(() -> ExporterConfig.fromSettings(new Settings(Map.of(
                "ferry.exporter.stream.max.transfers", "0", "ferry.exporter.stream.idle.timeout", "0s"))))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors())
                        .anySatisfy(m -> assertThat(m).startsWith("ferry.exporter.stream.max.transfers"))
                        .anySatisfy(m -> assertThat(m).startsWith("ferry.exporter.stream.idle.timeout")));
    }
}
