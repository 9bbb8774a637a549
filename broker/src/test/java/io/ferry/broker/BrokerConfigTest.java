package io.ferry.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.config.ConfigException;
import io.ferry.config.Settings;
import io.ferry.testing.TestKeystores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerConfigTest {
    private static final String KAFKA = "ferry.kafka.bootstrap.servers";

    @Test
    void shouldUseDefaultsWhenOnlyKafkaIsSet() {
        BrokerConfig config = BrokerConfig.fromSettings(new Settings(Map.of(KAFKA, "k:9092")));

        assertThat(config.port()).isEqualTo(1883);
        assertThat(config.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(config.dataDir()).isEqualTo(Path.of("data/broker"));
        assertThat(config.inMemory()).isFalse();
        assertThat(config.extension().kafka().bootstrapServers()).isEqualTo("k:9092");
        assertThat(config.extension().topics().commands()).isEqualTo("ferry.commands");
        assertThat(config.extension().ingress()).isEqualTo(IngressLimits.defaults());
        assertThat(config.extension().responses()).isEqualTo(ResponseLimits.defaults());
        assertThat(config.extension().nodeId()).startsWith("ferry-broker-");
    }

    @Test
    void shouldReadEveryKeyWhenSet() {
        Map<String, String> values = new java.util.HashMap<>(Map.of(
                KAFKA, "k:9092", "ferry.mqtt.port", "0", "ferry.mqtt.bind.address", "127.0.0.1",
                "ferry.broker.data.dir", "/tmp/x", "ferry.broker.persistence", "in-memory",
                "ferry.broker.queue.max.messages", "20", "ferry.broker.node.id", "node-7",
                "ferry.topics.prefix", "p.", "ferry.kafka.producer.linger.ms", "3"));
        values.putAll(Map.of("ferry.ingress.max.segment.bytes", "1000", "ferry.ingress.sub.segment.bytes", "100",
                "ferry.ingress.max.init.bytes", "50", "ferry.ingress.client.max.pending.bytes", "4096",
                "ferry.ingress.node.max.pending.bytes", "8192", "ferry.ingress.kafka.timeout", "5s",
                "ferry.ingress.responses.window", "2m", "ferry.ingress.responses.max.bytes", "999",
                "ferry.ingress.responses.max.per.client", "9"));
        BrokerConfig config = BrokerConfig.fromSettings(new Settings(values));

        assertThat(config.port()).isZero();
        assertThat(config.inMemory()).isTrue();
        assertThat(config.maxQueuedMessages()).isEqualTo(20);
        assertThat(config.extension().nodeId()).isEqualTo("node-7");
        assertThat(config.extension().topics().responses()).isEqualTo("p.responses");
        assertThat(config.extension().kafka().producer()).containsEntry("linger.ms", "3");
        assertThat(config.extension().ingress()).isEqualTo(new IngressLimits(1000, 100, 50, 4096, 8192,
                Duration.ofSeconds(5)));
        assertThat(config.extension().responses()).isEqualTo(new ResponseLimits(Duration.ofMinutes(2), 999, 9));
    }

    @Test
    void shouldNameEveryBadKeyWhenInvalid() {
        Settings settings = new Settings(Map.of("ferry.mqtt.port", "70000", "ferry.broker.persistence", "disk",
                "ferry.broker.queue.max.messages", "0", "ferry.ingress.client.max.pending.bytes", "100",
                "ferry.ingress.node.max.pending.bytes", "10", "ferry.ingress.kafka.timeout", "1ms"));

        assertThatThrownBy(() -> BrokerConfig.fromSettings(settings)).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(String.join("\n", e.errors())).contains("ferry.mqtt.port", "ferry.broker.persistence",
                        "ferry.broker.queue.max.messages", "ferry.ingress.node.max.pending.bytes",
                        "ferry.ingress.kafka.timeout"));
    }

    @Test
    void shouldDefaultTheBootstrapServersLikeEveryOtherService() {
        BrokerConfig config = BrokerConfig.fromSettings(new Settings(Map.of()));

        assertThat(config.extension().kafka().bootstrapServers()).isEqualTo("localhost:9092");
    }

    @Test
    void shouldStillReadTheDeprecatedBindAddressKeyWhenTheNewHostKeyIsUnset() {
        BrokerConfig old = BrokerConfig.fromSettings(new Settings(Map.of("ferry.mqtt.bind.address", "127.0.0.2")));
        BrokerConfig both = BrokerConfig.fromSettings(new Settings(Map.of("ferry.mqtt.bind.address", "127.0.0.2",
                "ferry.mqtt.host", "127.0.0.3")));

        assertThat(old.bindAddress()).isEqualTo("127.0.0.2");
        assertThat(both.bindAddress()).isEqualTo("127.0.0.3");
    }

    @Test
    void shouldMaskKafkaSecretsWhenPrinted() {
        BrokerConfig config = BrokerConfig.fromSettings(new Settings(Map.of(KAFKA, "k:9092",
                "ferry.kafka.producer.sasl.jaas.config", "password=s3cret")));

        assertThat(config.toString()).doesNotContain("s3cret").contains("sasl.jaas.config");
    }

    @Test
    void shouldHaveNoTlsListenerUnlessKeystoreIsSet() {
        assertThat(BrokerConfig.fromSettings(new Settings(Map.of(KAFKA, "k:9092"))).tls()).isNull();
        assertThatThrownBy(() -> BrokerConfig.fromSettings(new Settings(Map.of(KAFKA, "k:9092",
                "ferry.mqtt.tls.port", "8883")))).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(String.join("\n", e.errors())).contains("ferry.mqtt.tls.keystore"));
    }

    @Test
    void shouldReadTlsListenerWhenKeystoreOpensWithItsPassword(@TempDir Path dir) {
        Path keystore = TestKeystores.selfSigned(dir, "broker", "ks-pass");

        BrokerConfig config = BrokerConfig.fromSettings(new Settings(Map.of(KAFKA, "k:9092",
                "ferry.mqtt.tls.keystore", keystore.toString(), "ferry.mqtt.tls.keystore.password", "ks-pass",
                "ferry.mqtt.tls.port", "0")));

        assertThat(config.tls()).isEqualTo(new MqttTlsConfig(0, "0.0.0.0", keystore.toAbsolutePath(), "ks-pass",
                "ks-pass", null, null, MqttTlsConfig.ClientAuth.NONE));
        assertThat(config.toString()).doesNotContain("ks-pass");
        String xml = HiveMqConfigXml.render(config, 1883, 8884);
        assertThat(xml).contains("<tls-tcp-listener>", "<port>8884</port>", "<path>" + keystore.toAbsolutePath(),
                "<client-authentication-mode>NONE</client-authentication-mode>").doesNotContain("<truststore>");
    }

    @Test
    void shouldNameTlsKeysWhenStoresCannotBeOpenedOrClientAuthLacksTruststore(@TempDir Path dir) {
        Path keystore = TestKeystores.selfSigned(dir, "broker", "ks-pass");
        Settings wrongPassword = new Settings(Map.of(KAFKA, "k:9092",
                "ferry.mqtt.tls.keystore", keystore.toString(), "ferry.mqtt.tls.keystore.password", "wrong",
                "ferry.mqtt.tls.client.auth", "required"));
        Settings missingTruststore = new Settings(Map.of(KAFKA, "k:9092",
                "ferry.mqtt.tls.keystore", keystore.toString(), "ferry.mqtt.tls.keystore.password", "ks-pass",
                "ferry.mqtt.tls.truststore", dir.resolve("absent.p12").toString(),
                "ferry.mqtt.tls.truststore.password", "x"));

        assertThatThrownBy(() -> BrokerConfig.fromSettings(wrongPassword)).isInstanceOfSatisfying(
                ConfigException.class, e -> assertThat(String.join("\n", e.errors()))
                        .contains("ferry.mqtt.tls.keystore:", "ferry.mqtt.tls.client.auth"));
        assertThatThrownBy(() -> BrokerConfig.fromSettings(missingTruststore)).isInstanceOfSatisfying(
                ConfigException.class, e -> assertThat(String.join("\n", e.errors()))
                        .contains("ferry.mqtt.tls.truststore:"));
    }

    @Test
    void shouldRenderTruststoreAndEscapePasswordsWhenClientCertificatesAreRequired() {
        MqttTlsConfig tls = new MqttTlsConfig(8883, "0.0.0.0", Path.of("/k.p12"), "a<b&c", "key\"pw",
                Path.of("/t.p12"), "t'pw", MqttTlsConfig.ClientAuth.REQUIRED);

        String xml = HiveMqConfigXml.render(BrokerConfig.ephemeral(Path.of("/tmp"), "k:9092", io.ferry.records.Topics.defaults()).withTls(tls), 1883, 8883);

        assertThat(xml).contains("<password>a&lt;b&amp;c</password>", "<private-key-password>key&quot;pw<",
                "<path>/t.p12</path>", "<password>t&apos;pw</password>",
                "<client-authentication-mode>REQUIRED</client-authentication-mode>");
    }

    @Test
    void shouldRenderListenerQueueAndPersistenceWhenWritingHiveMqConfig() {
        BrokerConfig config = BrokerConfig.ephemeral(Path.of("/tmp"), "k:9092", io.ferry.records.Topics.defaults()).withQueue(9000, true);

        String xml = HiveMqConfigXml.render(config, 4242);

        assertThat(xml).contains("<port>4242</port>", "<bind-address>127.0.0.1</bind-address>",
                "<max-queue-size>9000</max-queue-size>", "<mode>in-memory</mode>",
                "<max-packet-size>" + BrokerConfig.DEFAULT_MAX_PACKET_SIZE + "</max-packet-size>");
    }
}
