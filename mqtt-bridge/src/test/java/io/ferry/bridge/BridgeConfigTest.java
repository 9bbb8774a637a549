package io.ferry.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.protocol.TopicAdmin;
import io.ferry.protocol.Topics;
import io.ferry.protocol.config.ConfigException;
import io.ferry.protocol.config.Settings;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class BridgeConfigTest {
    private static final Map<String, String> REQUIRED = Map.of("ferry.bridge.password", "pw",
            "ferry.kafka.bootstrap.servers", "kafka:9092");

    @Test
    void shouldUseDefaultsWhenOnlyRequiredKeysAreSet() {
        BridgeConfig config = BridgeConfig.fromSettings(new Settings(REQUIRED));

        assertThat(config.mqtt().host()).isEqualTo("localhost");
        assertThat(config.mqtt().port()).isEqualTo(1883);
        assertThat(config.mqtt().clientId()).startsWith("ferry-bridge-");
        assertThat(config.mqtt().username()).isEqualTo("ferry-bridge");
        assertThat(config.mqtt().sessionExpiry()).isEqualTo(Duration.ofHours(1));
        assertThat(config.topics()).isEqualTo(Topics.withPrefix("ferry."));
        assertThat(config.maxSegmentBytes()).isEqualTo(16 * 1024 * 1024);
        assertThat(config.subSegmentBytes()).isEqualTo(1024 * 1024);
        assertThat(config.maxInitBytes()).isEqualTo(64 * 1024);
        assertThat(config.kafka().responsesGroup()).isEqualTo("ferry-bridge-responses");
    }

    @Test
    void shouldReadInitLimitWhenConfigured() {
        Settings settings = new Settings(REQUIRED).with("ferry.bridge.max.init.bytes", "4096");

        assertThat(BridgeConfig.fromSettings(settings).maxInitBytes()).isEqualTo(4096);
        assertThatThrownBy(() -> BridgeConfig.fromSettings(new Settings(REQUIRED)
                .with("ferry.bridge.max.init.bytes", "0"))).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.getMessage()).contains("ferry.bridge.max.init.bytes"));
    }

    @Test
    void shouldGiveEveryInstanceItsOwnClientIdWhenNoneIsConfigured() {
        assertThat(BridgeConfig.fromSettings(new Settings(REQUIRED)).mqtt().clientId())
                .isNotEqualTo(BridgeConfig.fromSettings(new Settings(REQUIRED)).mqtt().clientId());
    }

    @Test
    void shouldPassKafkaClientSettingsThroughByPrefix() {
        Settings settings = new Settings(REQUIRED).with("ferry.kafka.producer.linger.ms", "20")
                .with("ferry.kafka.consumer.max.poll.records", "10").with("ferry.topics.prefix", "x.");

        BridgeConfig config = BridgeConfig.fromSettings(settings);

        assertThat(config.kafka().producer()).containsEntry("linger.ms", "20");
        assertThat(config.kafka().consumer()).containsEntry("max.poll.records", "10");
        assertThat(config.topics().commands()).isEqualTo("x.commands");
    }

    @Test
    void shouldKeepSafetySettingsWhenPassThroughTriesToOverrideThem() {
        KafkaConfig kafka = new KafkaConfig("k:1", Map.of("acks", "0", "enable.idempotence", "false",
                "max.request.size", "1000"), Map.of("enable.auto.commit", "true", "group.id", "mine"), "g");

        Map<String, Object> producer = KafkaOut.producerConfig(kafka, "c");
        Map<String, Object> consumer = ResponseRelay.consumerConfig(kafka, "c");

        assertThat(producer).containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true")
                .containsEntry(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(TopicAdmin.MAX_MESSAGE_BYTES));
        assertThat(consumer).containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false")
                .containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "g");
    }

    @Test
    void shouldNameEveryBadKeyWhenInvalid() {
        Settings settings = new Settings(Map.of("ferry.mqtt.port", "0", "ferry.bridge.sub.segment.bytes", "-1"));

        assertThatThrownBy(() -> BridgeConfig.fromSettings(settings)).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(String.join("\n", e.errors())).contains("ferry.mqtt.port", "ferry.bridge.password",
                        "ferry.kafka.bootstrap.servers", "ferry.bridge.sub.segment.bytes"));
    }

    @Test
    void shouldMaskSecretsWhenPrinted() {
        Settings settings = new Settings(REQUIRED).with("ferry.kafka.producer.sasl.jaas.config", "secret-jaas")
                .with("ferry.bridge.password", "hunter2");

        String printed = BridgeConfig.fromSettings(settings).toString();

        assertThat(printed).doesNotContain("hunter2").doesNotContain("secret-jaas").contains("password=******");
    }

    @Test
    void shouldBackOffExponentiallyUpToThirtySecondsWhenKafkaWritesFail() {
        assertThat(CommandIngest.backoff(0)).isEqualTo(Duration.ofMillis(200));
        assertThat(CommandIngest.backoff(3)).isEqualTo(Duration.ofMillis(1600));
        assertThat(CommandIngest.backoff(50)).isEqualTo(Duration.ofSeconds(30));
    }
}
