package io.ferry.broker;

import static io.ferry.broker.TestClients.BRIDGE_PASSWORD;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.ferry.protocol.FerryMqtt;
import io.ferry.testing.TestKeystores;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MQTT-over-TLS listener: devices connect with TLS, the bridge stays on the plain port, identity is stamped. */
class BrokerTlsIT {
    private static final String PASSWORD = "tls-test-pass";
    @TempDir
    static Path dir;
    static FerryBroker broker;
    static Path keystore;

    @BeforeAll
    static void startBroker() {
        keystore = TestKeystores.selfSigned(dir, "broker", PASSWORD);
        broker = FerryBroker.start(BrokerConfig.ephemeral(dir.resolve("data"), BRIDGE_PASSWORD)
                .withTls(MqttTlsConfig.of(0, "127.0.0.1", keystore, PASSWORD)));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldStampClientIdWhenDevicePublishesOverTls() throws Exception {
        Mqtt5BlockingClient bridge = TestClients.bridge(broker, "bridge-tls");
        try (Mqtt5BlockingClient.Mqtt5Publishes inbox = bridge.publishes(MqttGlobalPublishFilter.ALL)) {
            TestClients.subscribe(bridge, FerryMqtt.sharedFilter(FerryMqtt.SYNC_FILTER));
            Mqtt5BlockingClient device = tlsDevice("tls-device", TestKeystores.trusting(keystore, PASSWORD));
            device.connect();

            device.publishWith().topic("$file/f1/init").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("{\"name\":\"a\"}".getBytes(UTF_8))
                    .userProperties().add(FerryMqtt.CLIENT_ID_PROPERTY, "victim").applyUserProperties().send();

            Optional<Mqtt5Publish> received = inbox.receive(10, TimeUnit.SECONDS);
            assertThat(received).isPresent();
            assertThat(TestClients.userProperty(received.get(), FerryMqtt.CLIENT_ID_PROPERTY)).contains("tls-device");
            device.disconnect();
        } finally {
            bridge.disconnect();
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
