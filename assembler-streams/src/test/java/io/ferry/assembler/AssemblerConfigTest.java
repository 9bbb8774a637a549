package io.ferry.assembler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.protocol.FileMeta;
import io.ferry.config.ConfigException;
import io.ferry.config.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class AssemblerConfigTest {
    @Test
    void shouldUseDefaultsWhenOnlyBootstrapIsGiven() {
        AssemblerConfig config = AssemblerConfig.fromSettings(
                new Settings(Map.of("ferry.kafka.bootstrap.servers", "k:9092")));
        assertThat(config.applicationId()).isEqualTo("ferry-assembler");
        assertThat(config.stateDir()).isEqualTo(Path.of("data", "assembler"));
        assertThat(config.topics().commands()).isEqualTo("ferry.commands");
        assertThat(config.createTopics()).isTrue();
        assertThat(config.replication()).isEqualTo((short) -1);
        assertThat(config.options()).isEqualTo(AssemblerOptions.defaults());
    }

    @Test
    void shouldReadEveryKeyAndPassStreamsSettingsThrough() {
        Settings settings = new Settings(Map.ofEntries(
                Map.entry("ferry.kafka.bootstrap.servers", "k:9092"),
                Map.entry("ferry.topics.prefix", "x."),
                Map.entry("ferry.topics.create", "false"),
                Map.entry("ferry.topics.partitions", "12"),
                Map.entry("ferry.topics.replication", "3"),
                Map.entry("ferry.assembler.application.id", "asm"),
                Map.entry("ferry.assembler.state.dir", "/var/lib/asm"),
                Map.entry("ferry.assembler.fin.grace", "5s"),
                Map.entry("ferry.assembler.segments.ttl.min", "1m"),
                Map.entry("ferry.assembler.segments.ttl.max", "2h"),
                Map.entry("ferry.assembler.exported.retention", "1d"),
                Map.entry("ferry.assembler.snapshot.interval", "250ms"),
                Map.entry("ferry.assembler.punctuate.interval", "2s"),
                Map.entry("ferry.assembler.timer.batch", "10"),
                Map.entry("ferry.assembler.quota.transfers", "7"),
                Map.entry("ferry.assembler.quota.file.size", "1000"),
                Map.entry("ferry.assembler.quota.bytes.in.flight", "2000"),
                Map.entry("ferry.assembler.quota.files.per.window", "9"),
                Map.entry("ferry.assembler.quota.files.window", "10m"),
                Map.entry("ferry.assembler.export.events", "true"),
                Map.entry("ferry.assembler.transfer.max.waiters", "3"),
                Map.entry("ferry.assembler.transfer.max.reply.bytes", "4096"),
                Map.entry("ferry.assembler.transfer.max.ranges", "20"),
                Map.entry("ferry.assembler.transfer.max.segments", "500"),
                Map.entry("ferry.assembler.segments.max.age", "2d"),
                Map.entry("ferry.kafka.streams.num.stream.threads", "4")));
        AssemblerConfig config = AssemblerConfig.fromSettings(settings);
        assertThat(config.topics().ready()).isEqualTo("x.ready");
        assertThat(config.createTopics()).isFalse();
        assertThat(config.partitions()).isEqualTo(12);
        assertThat(config.replication()).isEqualTo((short) 3);
        assertThat(config.options()).isEqualTo(new AssemblerOptions(Duration.ofSeconds(5), Duration.ofMinutes(1),
                Duration.ofHours(2), Duration.ofDays(1), Duration.ofMillis(250), Duration.ofSeconds(2), 10,
                new Quotas(7, 1000, 2000, 9, Duration.ofMinutes(10)), true, new TransferLimits(3, 4096, 20, 500, Duration.ofDays(2))));
        Properties props = config.streamsProperties();
        assertThat(props.getProperty("application.id")).isEqualTo("asm");
        assertThat(props.getProperty("bootstrap.servers")).isEqualTo("k:9092");
        assertThat(props.getProperty("state.dir")).isEqualTo(Path.of("/var/lib/asm").toAbsolutePath().toString());
        assertThat(props.getProperty("processing.guarantee")).isEqualTo("exactly_once_v2");
        assertThat(props.getProperty("deserialization.exception.handler"))
                .isEqualTo(SkipBadRecordHandler.class.getName());
        assertThat(props.getProperty("num.stream.threads")).isEqualTo("4");
        assertThat(props.getProperty("session.timeout.ms")).isEqualTo("10000");
        assertThat(props.getProperty("heartbeat.interval.ms")).isEqualTo("3000");
    }

    @Test
    void shouldLetStreamsSettingsOverrideTheSessionTimeout() {
        AssemblerConfig config = AssemblerConfig.fromSettings(new Settings(Map.of(
                "ferry.kafka.bootstrap.servers", "k:9092",
                "ferry.kafka.streams.session.timeout.ms", "45000")));

        assertThat(config.streamsProperties().getProperty("session.timeout.ms")).isEqualTo("45000");
    }

    @Test
    void shouldRefuseANegativeDurationByKeyInsteadOfFailingInTheConstructor() {
        Settings settings = new Settings(Map.of("ferry.assembler.fin.grace", "PT-1S",
                "ferry.assembler.segments.max.age", "PT-1H"));

        assertThatThrownBy(() -> AssemblerConfig.fromSettings(settings)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("ferry.assembler.fin.grace: must be >= 0")
                .hasMessageContaining("ferry.assembler.segments.max.age: must be positive");
    }

    @Test
    void shouldNameEveryBadKeyWhenInvalid() {
        Settings settings = new Settings(Map.of(
                "ferry.assembler.fin.grace", "soon",
                "ferry.assembler.segments.ttl.min", "2h",
                "ferry.assembler.segments.ttl.max", "1h",
                "ferry.assembler.quota.transfers", "0"));
        assertThatThrownBy(() -> AssemblerConfig.fromSettings(settings))
                .isInstanceOf(ConfigException.class)
                .hasMessageNotContaining("ferry.kafka.bootstrap.servers")
                .hasMessageContaining("ferry.assembler.fin.grace")
                .hasMessageContaining("ferry.assembler.segments.ttl.max")
                .hasMessageContaining("ferry.assembler.quota.transfers");
    }

    @Test
    void shouldMaskSecretsInToString() {
        AssemblerConfig config = AssemblerConfig.fromSettings(new Settings(Map.of(
                "ferry.kafka.bootstrap.servers", "k:9092",
                "ferry.kafka.streams.ssl.key.password", "hunter2",
                "ferry.kafka.streams.sasl.jaas.config", "user=\"a\" password=\"hunter3\"")));
        assertThat(config.toString()).doesNotContain("hunter2").doesNotContain("hunter3").contains("******");
    }

    @Test
    void shouldClampSegmentsTtlBetweenMinimumAndMaximum() {
        AssemblerOptions options = AssemblerOptions.defaults();
        assertThat(options.segmentsTtl(null)).isEqualTo(Duration.ofHours(24));
        assertThat(options.segmentsTtl(FileMeta.named("a"))).isEqualTo(Duration.ofHours(24));
        assertThat(options.segmentsTtl(TestData.meta("a", null, null, 1L))).isEqualTo(Duration.ofMinutes(5));
        assertThat(options.segmentsTtl(TestData.meta("a", null, null, 600L))).isEqualTo(Duration.ofMinutes(10));
        assertThat(options.segmentsTtl(TestData.meta("a", null, null, Long.MAX_VALUE)))
                .isEqualTo(Duration.ofHours(24));
    }
}
