package io.ferry.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.config.ConfigException;
import io.ferry.config.Settings;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Startup problems are one clear message, raised before anything is started. */
class StandaloneStartupTest {
    @TempDir
    Path dir;

    @Test
    void shouldNameTheSettingWhenMqttPortIsBusy() throws Exception {
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress("0.0.0.0", 0));
            Settings settings = new Settings(Map.of("ferry.data.dir", dir.toString(),
                    "ferry.mqtt.port", Integer.toString(busy.getLocalPort())));

            assertThatThrownBy(() -> FerryStandalone.start(settings))
                    .isInstanceOf(StartupException.class)
                    .hasMessageContaining("port " + busy.getLocalPort())
                    .hasMessageContaining("FERRY_MQTT_PORT");
        }
        assertThat(dir.resolve("kafka")).doesNotExist();
    }

    @Test
    void shouldNameTheDirectoryWhenDataDirIsNotWritable() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        Settings settings = new Settings(Map.of("ferry.data.dir", file.resolve("data").toString()));

        assertThatThrownBy(() -> FerryStandalone.start(settings))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("not writable")
                .hasMessageContaining("FERRY_DATA_DIR");
    }

    @Test
    void shouldNameTheKeyWhenAPortIsNotANumber() {
        Settings settings = new Settings(Map.of("ferry.data.dir", dir.toString(), "ferry.http.port", "eighty"));

        assertThatThrownBy(() -> FerryStandalone.start(settings))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ferry.http.port");
    }

    @Test
    void shouldKeepTheGeneratedTokenAcrossRestarts() {
        DataDir.Secret first = DataDir.secret(dir, "api-token");
        DataDir.Secret second = DataDir.secret(dir, "api-token");

        assertThat(first.generated()).isTrue();
        assertThat(second.generated()).isFalse();
        assertThat(second.value()).isEqualTo(first.value()).hasSizeGreaterThanOrEqualTo(32);
    }
}
