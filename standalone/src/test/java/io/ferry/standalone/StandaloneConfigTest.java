package io.ferry.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.config.ConfigException;
import io.ferry.config.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StandaloneConfigTest {
    @Test
    void shouldUseTheBindHostForEveryListenerUnlessOneIsSetItself() {
        StandaloneConfig bindOnly = StandaloneConfig.fromSettings(new Settings(Map.of("ferry.bind.host", "127.0.0.1")));
        StandaloneConfig http = StandaloneConfig.fromSettings(new Settings(Map.of("ferry.bind.host", "127.0.0.1",
                "ferry.http.host", "127.0.0.2")));
        StandaloneConfig oldMqttKey = StandaloneConfig.fromSettings(new Settings(Map.of(
                "ferry.mqtt.bind.address", "127.0.0.3")));

        assertThat(bindOnly.mqttHost()).isEqualTo("127.0.0.1");
        assertThat(bindOnly.httpHost()).isEqualTo("127.0.0.1");
        assertThat(http.mqttHost()).isEqualTo("127.0.0.1");
        assertThat(http.httpHost()).isEqualTo("127.0.0.2");
        assertThat(oldMqttKey.mqttHost()).isEqualTo("127.0.0.3");
        assertThat(oldMqttKey.httpHost()).isEqualTo("0.0.0.0");
    }

    @Test
    void shouldKeepItsOwnPartitionDefaultAndLimitOnTheSharedKey() {
        assertThat(StandaloneConfig.fromSettings(new Settings(Map.of())).partitions()).isEqualTo(4);
        assertThatThrownBy(() -> StandaloneConfig.fromSettings(new Settings(Map.of("ferry.topics.partitions",
                "2000", "ferry.mqtt.port", "x")))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("ferry.topics.partitions: 2000 is outside [1, 1024]")
                .hasMessageContaining("ferry.mqtt.port: 'x' is not an integer");
    }
}
