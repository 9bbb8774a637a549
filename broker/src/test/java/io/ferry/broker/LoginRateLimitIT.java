package io.ferry.broker;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import io.ferry.broker.auth.AuthConfig;
import io.ferry.broker.auth.DeviceAddAccess;
import io.ferry.testing.KafkaFixture;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Failed logins are limited per source address and logged without the secrets tried. */
class LoginRateLimitIT {
    private static final String WRONG = "wrong-password-that-must-not-be-logged";
    @RegisterExtension
    static final KafkaFixture KAFKA = new KafkaFixture();
    @TempDir
    static Path dir;
    static FerryBroker broker;
    static String secret;

    @BeforeAll
    static void startBroker() {
        Path credentials = dir.resolve("devices.passwd");
        secret = DeviceAddAccess.add(credentials, "meter-1", null);
        AuthConfig auth = DeviceAuthIT.auth(Map.of("ferry.auth.file", credentials.toString(),
                "ferry.auth.failures.max", "3", "ferry.auth.failures.window", "1h"));
        broker = IngressFixture.startBroker(dir.resolve("data"), KAFKA, KAFKA.newTopics(1),
                config -> config.withAuth(auth));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldRefuseConnectionRateExceededFromOneSourceAfterTooManyFailuresAndLogNoSecret() {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(new Tee(original, log), true, UTF_8));
        try {
            for (int i = 0; i < 3; i++) {
                assertThat(DeviceAuthIT.connAck(client("127.0.0.1", WRONG)))
                        .isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
            }

            assertThat(DeviceAuthIT.connAck(client("127.0.0.1", secret)))
                    .as("the right password from the blocked source")
                    .isEqualTo(Mqtt5ConnAckReasonCode.CONNECTION_RATE_EXCEEDED);
            assertThat(DeviceAuthIT.connAck(client("127.0.0.2", secret))).as("the right password from elsewhere")
                    .isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        } finally {
            System.setOut(original);
        }
        String text = log.toString(UTF_8);
        assertThat(text).contains("Refused login clientId=meter-1 username=meter-1 source=127.0.0.1")
                .contains("Too many failed logins from source=127.0.0.1")
                .doesNotContain(WRONG).doesNotContain(secret);
    }

    private static Mqtt5BlockingClient client(String localAddress, String password) {
        return TestClients.builder(broker, "meter-1").transportConfig()
                .serverAddress(new InetSocketAddress("127.0.0.1", broker.port()))
                .localAddress(new InetSocketAddress(localAddress, 0)).applyTransportConfig()
                .simpleAuth().username("meter-1").password(password.getBytes(UTF_8)).applySimpleAuth()
                .buildBlocking();
    }

    /** Logback's console appender writes to whatever System.out is: copy it while the test runs. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public synchronized void write(int b) throws java.io.IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws java.io.IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }
    }
}
