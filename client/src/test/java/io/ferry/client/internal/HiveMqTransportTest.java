package io.ferry.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.message.auth.Mqtt3SimpleAuth;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5SimpleAuth;
import io.ferry.client.MqttVersion;
import io.ferry.protocol.Mode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The version-specific client each transport builds, before any connection: identity and credentials. */
class HiveMqTransportTest {
    private static final MqttTransport.Events IGNORED = new MqttTransport.Events() {
        @Override
        public void connected(long maxPacketSize) {
        }

        @Override
        public void disconnected(Throwable cause) {
        }

        @Override
        public void message(String topic, byte[] payload, byte[] correlationData) {
        }
    };

    @Test
    void build_mqtt3WithCredentials_carriesUsernameAndPassword() {
        UploaderConfig config = config(MqttVersion.MQTT_3_1_1, "camera-1", "s3cret");
        Mqtt3AsyncClient client = new Mqtt3Transport(config).build(MqttClient.builder().identifier("dev-1"), IGNORED);
        Mqtt3SimpleAuth auth = client.getConfig().getSimpleAuth().orElseThrow();
        assertThat(auth.getUsername().toString()).isEqualTo("camera-1");
        assertThat(StandardCharsets.UTF_8.decode(auth.getPassword().orElseThrow()).toString()).isEqualTo("s3cret");
    }

    @Test
    void build_mqtt5WithCredentials_carriesUsernameAndPassword() {
        UploaderConfig config = config(MqttVersion.MQTT_5, "camera-1", "s3cret");
        Mqtt5AsyncClient client = new Mqtt5Transport(config).build(MqttClient.builder().identifier("dev-1"), IGNORED);
        Mqtt5SimpleAuth auth = client.getConfig().getSimpleAuth().orElseThrow();
        assertThat(auth.getUsername().orElseThrow().toString()).isEqualTo("camera-1");
        assertThat(StandardCharsets.UTF_8.decode(auth.getPassword().orElseThrow()).toString()).isEqualTo("s3cret");
    }

    @Test
    void build_withoutUsername_sendsNoCredentials() {
        assertThat(new Mqtt3Transport(config(MqttVersion.MQTT_3_1_1, null, null))
                .build(MqttClient.builder().identifier("dev-1"), IGNORED).getConfig().getSimpleAuth()).isEmpty();
        assertThat(new Mqtt5Transport(config(MqttVersion.MQTT_5, null, null))
                .build(MqttClient.builder().identifier("dev-1"), IGNORED).getConfig().getSimpleAuth()).isEmpty();
    }

    @Test
    void disconnect_beforeConnect_completesAtOnce() {
        assertThat(new Mqtt3Transport(config(MqttVersion.MQTT_3_1_1, null, null)).disconnect()).isCompleted();
        assertThat(new Mqtt5Transport(config(MqttVersion.MQTT_5, null, null)).disconnect()).isCompleted();
    }

    private static UploaderConfig config(MqttVersion version, String username, String password) {
        return new UploaderConfig(BrokerAddress.parse("mqtt://localhost"), "dev-1", username, password, null, null,
                version, Mode.SYNC, 1024, 1024, 4, true, Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMillis(10),
                Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofMillis(100), 3, 3, Clock.systemUTC());
    }
}
