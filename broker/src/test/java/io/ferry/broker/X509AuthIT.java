package io.ferry.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import io.ferry.broker.auth.AuthConfig;
import io.ferry.records.Topics;
import io.ferry.testing.KafkaFixture;
import io.ferry.testing.TestKeystores;
import java.nio.file.Path;
import java.util.Map;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Client certificates over real TLS bind the clientId to the certificate's CN. */
class X509AuthIT {
    private static final String PASSWORD = "x509-test-pass";
    @RegisterExtension
    static final KafkaFixture KAFKA = new KafkaFixture();
    @TempDir
    static Path dir;
    static FerryBroker broker;
    static TestCertificates certificates;
    static TrustManagerFactory trustBroker;

    @BeforeAll
    static void startBroker() throws Exception {
        Path keystore = TestKeystores.selfSigned(dir, "broker", PASSWORD);
        trustBroker = TestKeystores.trusting(keystore, PASSWORD);
        certificates = new TestCertificates();
        Path truststore = certificates.truststore(dir, PASSWORD);
        MqttTlsConfig tls = new MqttTlsConfig(0, "127.0.0.1", keystore, PASSWORD, PASSWORD, truststore, PASSWORD,
                MqttTlsConfig.ClientAuth.REQUIRED);
        AuthConfig auth = DeviceAuthIT.auth(Map.of("ferry.auth.x509.client.id", "cn",
                "ferry.auth.failures.max", "1000"));
        Topics topics = KAFKA.newTopics(1);
        BrokerConfig config = BrokerConfig.ephemeral(dir.resolve("data"), KAFKA.bootstrapServers(), topics);
        broker = FerryBroker.start(config.withTls(tls).withExtension(config.extension().withAuth(auth)));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldConnectWhenCertificateCnIsTheClientId() {
        TestCertificates.Client camera = certificates.issue("camera-9");

        assertThat(DeviceAuthIT.connAck(tlsClient("camera-9", camera))).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
    }

    @Test
    void shouldRefuseClientIdNotValidWhenCertificateCnIsAnotherClientId() {
        TestCertificates.Client camera = certificates.issue("camera-9", "victim-1");

        assertThat(DeviceAuthIT.connAck(tlsClient("victim-1", camera)))
                .isEqualTo(Mqtt5ConnAckReasonCode.CLIENT_IDENTIFIER_NOT_VALID);
    }

    @Test
    void shouldRefuseNotAuthorizedOnThePlainListenerWithoutCredentials() {
        assertThat(DeviceAuthIT.connAck(TestClients.builder(broker, "camera-9").buildBlocking()))
                .isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);
    }

    private static Mqtt5BlockingClient tlsClient(String clientId, TestCertificates.Client certificate) {
        return MqttClient.builder().useMqttVersion5().identifier(clientId).serverHost("127.0.0.1")
                .serverPort(broker.tlsPort().orElseThrow()).sslConfig().trustManagerFactory(trustBroker)
                .keyManagerFactory(certificates.keyManagers(certificate)).hostnameVerifier((host, session) -> true)
                .applySslConfig().buildBlocking();
    }
}
