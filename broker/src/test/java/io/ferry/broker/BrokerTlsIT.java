package io.ferry.broker;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.ferry.records.Topics;
import io.ferry.testing.ForgedProperties;
import io.ferry.testing.KafkaFixture;
import io.ferry.testing.TestKeystores;
import java.nio.file.Path;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The MQTT-over-TLS listener: devices connect with TLS and their commands land in Kafka under their clientId. */
class BrokerTlsIT {
    private static final String PASSWORD = "tls-test-pass";
    @RegisterExtension
    static final KafkaFixture KAFKA = new KafkaFixture();
    @TempDir
    static Path dir;
    static FerryBroker broker;
    static Path keystore;
    static Topics topics;

    @BeforeAll
    static void startBroker() {
        keystore = TestKeystores.selfSigned(dir, "broker", PASSWORD);
        topics = KAFKA.newTopics(1);
        broker = FerryBroker.start(BrokerConfig.ephemeral(dir.resolve("data"), KAFKA.bootstrapServers(), topics)
                .withTls(MqttTlsConfig.of(0, "127.0.0.1", keystore, PASSWORD)));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldWriteCommandUnderConnectionClientIdWhenDevicePublishesOverTls() throws Exception {
        Mqtt5BlockingClient device = tlsDevice("tls-device", TestKeystores.trusting(keystore, PASSWORD));
        device.connect();
        try (IngressFixture.TopicReader commands = new IngressFixture.TopicReader(KAFKA, topics.commands())) {
            device.publishWith().topic("$file/f1/init").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("{\"name\":\"a\"}".getBytes(UTF_8))
                    .userProperties().add(ForgedProperties.CLIENT_ID, "victim").applyUserProperties().send();

            assertThat(commands.commands("tls-device")).extracting(record -> record.replyTo().topic())
                    .containsExactly("$file/f1/init");
        } finally {
            device.disconnect();
        }
    }

    @Test
    void shouldRefuseTlsHandshakeWhenDeviceDoesNotTrustTheCertificate() {
        Mqtt5BlockingClient device = tlsDevice("untrusting", null);

        assertThatThrownBy(device::connect).isInstanceOf(RuntimeException.class);
        assertThat(broker.tlsPort()).isPresent();
        assertThat(broker.tlsPort().getAsInt()).isNotEqualTo(broker.port());
    }

    private static Mqtt5BlockingClient tlsDevice(String clientId, TrustManagerFactory trust) {
        var ssl = MqttClient.builder().useMqttVersion5().identifier(clientId).serverHost("127.0.0.1")
                .serverPort(broker.tlsPort().orElseThrow()).sslConfig();
        if (trust != null) {
            ssl = ssl.trustManagerFactory(trust).hostnameVerifier((host, session) -> true);
        }
        return ssl.applySslConfig().buildBlocking();
    }
}
