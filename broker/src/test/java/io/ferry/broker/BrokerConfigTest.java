package io.ferry.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.protocol.config.ConfigException;
import io.ferry.protocol.config.Settings;
import io.ferry.testing.TestKeystores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerConfigTest {
    @Test
    void shouldUseDefaultsWhenOnlyPasswordIsSet() {
        BrokerConfig config = BrokerConfig.fromSettings(new Settings(Map.of("ferry.bridge.password", "s3cret")));

        assertThat(config.port()).isEqualTo(1883);
        assertThat(config.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(config.dataDir()).isEqualTo(Path.of("data/broker"));
        assertThat(config.inMemory()).isFalse();
        assertThat(config.extension().bridgeUsername()).isEqualTo("ferry-bridge");
        assertThat(config.extension().backlogMaxMessages()).isEqualTo(4096);
        assertThat(config.extension().holdTimeout()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void shouldReadEveryKeyWhenSet() {
        BrokerConfig config = BrokerConfig.fromSettings(new Settings(Map.of(
                "ferry.bridge.password", "s3cret", "ferry.bridge.username", "b", "ferry.mqtt.port", "0",
                "ferry.mqtt.bind.address", "127.0.0.1", "ferry.broker.data.dir", "/tmp/x",
                "ferry.broker.backlog.max.messages", "10", "ferry.broker.backlog.max.bytes", "1000",
                "ferry.broker.hold.timeout", "5s", "ferry.broker.persistence", "in-memory",
                "ferry.broker.queue.max.messages", "20")));

        assertThat(config.port()).isZero();
        assertThat(config.inMemory()).isTrue();
        assertThat(config.maxQueuedMessages()).isEqualTo(20);
        assertThat(config.extension()).isEqualTo(new ExtensionConfig("b", "s3cret", 10, 1000,
                Duration.ofSeconds(5), ExtensionConfig.DEFAULT_POLL_INTERVAL));
    }

    @Test
    void shouldNameEveryBadKeyWhenInvalid() {
        Settings settings = new Settings(Map.of("ferry.mqtt.port", "70000", "ferry.broker.persistence", "disk",
                "ferry.broker.queue.max.messages", "100"));

        assertThatThrownBy(() -> BrokerConfig.fromSettings(settings)).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(String.join("\n", e.errors())).contains("ferry.mqtt.port", "ferry.broker.persistence",
                        "ferry.bridge.password", "ferry.broker.queue.max.messages"));
    }

    @Test
    void shouldMaskPasswordWhenPrinted() {
        BrokerConfig config = BrokerConfig.fromSettings(new Settings(Map.of("ferry.bridge.password", "s3cret")));

        assertThat(config.toString()).doesNotContain("s3cret").contains("bridgePassword=******");
    }

    @Test
    void shouldHaveNoTlsListenerUnlessKeystoreIsSet() {
        assertThat(BrokerConfig.fromSettings(new Settings(Map.of("ferry.bridge.password", "s3cret"))).tls()).isNull();
        assertThatThrownBy(() -> BrokerConfig.fromSettings(new Settings(Map.of("ferry.bridge.password", "s3cret",
                "ferry.mqtt.tls.port", "8883")))).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(String.join("\n", e.errors())).contains("ferry.mqtt.tls.keystore"));
    }

    @Test
    void shouldReadTlsListenerWhenKeystoreOpensWithItsPassword(@TempDir Path dir) {
        Path keystore = TestKeystores.selfSigned(dir, "broker", "ks-pass");

        BrokerConfig config = BrokerConfig.fromSettings(new Settings(Map.of("ferry.bridge.password", "s3cret",
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
        Settings wrongPassword = new Settings(Map.of("ferry.bridge.password", "s3cret",
                "ferry.mqtt.tls.keystore", keystore.toString(), "ferry.mqtt.tls.keystore.password", "wrong",
                "ferry.mqtt.tls.client.auth", "required"));
        Settings missingTruststore = new Settings(Map.of("ferry.bridge.password", "s3cret",
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

        String xml = HiveMqConfigXml.render(BrokerConfig.ephemeral(Path.of("/tmp"), "x").withTls(tls), 1883, 8883);

        assertThat(xml).contains("<password>a&lt;b&amp;c</password>", "<private-key-password>key&quot;pw<",
                "<path>/t.p12</path>", "<password>t&apos;pw</password>",
                "<client-authentication-mode>REQUIRED</client-authentication-mode>");
    }

    @Test
    void shouldRenderListenerQueueAndPersistenceWhenWritingHiveMqConfig() {
        BrokerConfig config = BrokerConfig.ephemeral(Path.of("/tmp"), "x").withQueue(9000, true);

        String xml = HiveMqConfigXml.render(config, 4242);

        assertThat(xml).contains("<port>4242</port>", "<bind-address>127.0.0.1</bind-address>",
                "<max-queue-size>9000</max-queue-size>", "<mode>in-memory</mode>",
                "<max-packet-size>" + BrokerConfig.DEFAULT_MAX_PACKET_SIZE + "</max-packet-size>");
    }
}
