package io.ferry.system.security;

import static io.ferry.system.security.ClientIdentityIT.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.system.Device;
import io.ferry.testing.TestDirectories;
import io.ferry.testing.TestKeystores;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The standalone with {@code ferry.mqtt.tls.*} and {@code ferry.http.tls.*}: a device uploads over MQTT/TLS
 * ({@code ssl://}, trusting the self-signed certificate) and the file is fetched over HTTPS; untrusting or plain
 * clients get nowhere on the TLS ports.
 */
class TlsIT {
    private static final String PASSWORD = "tls-it-pass";
    private static Path dir;
    private static SSLContext trusting;
    private static SecuredFerry ferry;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("ferry-tls");
        Path keystore = TestKeystores.selfSigned(dir, "ferry", PASSWORD);
        trusting = SSLContext.getInstance("TLS");
        trusting.init(null, TestKeystores.trusting(keystore, PASSWORD).getTrustManagers(), null);
        ferry = SecuredFerry.start(Map.of(
                "ferry.mqtt.tls.keystore", keystore.toString(),
                "ferry.mqtt.tls.keystore.password", PASSWORD,
                "ferry.mqtt.tls.port", "0",
                "ferry.http.tls.keystore", keystore.toString(),
                "ferry.http.tls.keystore.password", PASSWORD), HttpClient.newBuilder().sslContext(trusting).build());
    }

    @AfterAll
    static void stop() {
        try {
            if (ferry != null) {
                ferry.close();
            }
        } finally {
            TestDirectories.deleteRecursively(dir);
        }
    }

    @Test
    void shouldUploadOverMqttTlsAndDownloadOverHttpsByteExact() throws Exception {
        byte[] data = bytes(300_000, 11);
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setSocketFactory(trusting.getSocketFactory());
        options.setHttpsHostnameVerificationEnabled(true);
        try (Device device = Device.connect(tlsUri(), "tls-device", options, true)) {
            JsonNode fin = SecuredFerry.upload(device, "over-tls", "secure.bin", data, 64 * 1024);
            assertThat(fin.path("reason_description").asText()).isEqualTo("success");
        }

        HttpResponse<byte[]> content = ferry.get(SecuredFerry.filePath("tls-device", "over-tls") + "/content",
                SecuredFerry.READ_TOKEN);
        assertThat(content.statusCode()).isEqualTo(200);
        assertThat(content.uri().getScheme()).isEqualTo("https");
        assertThat(content.body()).isEqualTo(data);
        assertThat(ferry.get("/api/v1/files", null).statusCode()).as("auth still applies").isEqualTo(401);
    }

    @Test
    void shouldRefuseDevicesThatDoNotTrustTheCertificateOrSpeakPlainMqttToTheTlsPort() {
        assertThatThrownBy(() -> Device.connect(tlsUri(), "untrusting", new MqttConnectionOptions(), false))
                .isInstanceOf(MqttException.class);
        String plainToTls = "tcp://127.0.0.1:" + ferry.standalone().mqttTlsPort().orElseThrow();
        assertThatThrownBy(() -> Device.connect(plainToTls, "plain", new MqttConnectionOptions(), false))
                .isInstanceOf(MqttException.class);
    }

    @Test
    void shouldNotAnswerPlainHttpOnTheApiPort() throws InterruptedException {
        HttpRequest plain = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ferry.standalone().httpPort()
                + "/health")).timeout(Duration.ofSeconds(10)).build();

        assertThat(plainStatus(plain)).as("status of a plain HTTP request (-1: connection failed)").isNotEqualTo(200);
    }

    static int plainStatus(HttpRequest request) throws InterruptedException {
        try {
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    private static String tlsUri() {
        return "ssl://localhost:" + ferry.standalone().mqttTlsPort().orElseThrow();
    }
}
