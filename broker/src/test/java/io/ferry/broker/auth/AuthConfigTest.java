package io.ferry.broker.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.config.ConfigException;
import io.ferry.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthConfigTest {
    @TempDir
    Path dir;

    @Test
    void shouldAllowAnonymousDevicesAndSayItWhenNothingIsConfigured() {
        AuthConfig config = read(Map.of());

        assertThat(config.anonymous()).isTrue();
        assertThat(config.hasProvider()).isFalse();
        assertThat(config.describe()).startsWith("Device authentication is OFF: anonymous devices");
    }

    @Test
    void shouldRefuseAnonymousDevicesByDefaultWhenAProviderIsConfigured() throws Exception {
        Path file = Files.writeString(dir.resolve("devices"), "");

        AuthConfig config = read(Map.of("ferry.auth.file", file.toString()));

        assertThat(config.anonymous()).isFalse();
        assertThat(config.describe()).contains("anonymous refused");
        assertThat(read(Map.of("ferry.auth.file", file.toString(), "ferry.auth.anonymous", "true")).anonymous())
                .isTrue();
    }

    @Test
    void shouldNameEveryBadKeyAtStartup() throws Exception {
        Path badAcl = Files.writeString(dir.resolve("acl"), "allow sometimes x\n");
        Settings settings = new Settings(Map.of("ferry.auth.file", dir.resolve("missing").toString(),
                "ferry.auth.acl.file", badAcl.toString(), "ferry.auth.jwt.secret", "short",
                "ferry.auth.x509.client.id", "serial", "ferry.auth.failures.max", "0"));

        AuthConfig.fromSettings(settings);

        assertThatThrownBy(settings::validate).isInstanceOf(ConfigException.class)
                .hasMessageContaining("ferry.auth.file").hasMessageContaining("ferry.auth.acl.file: ")
                .hasMessageContaining("line 1").hasMessageContaining("ferry.auth.jwt.secret: must be at least 32")
                .hasMessageContaining("ferry.auth.x509.client.id").hasMessageContaining("ferry.auth.failures.max")
                .hasMessageNotContaining("short");
    }

    @Test
    void shouldRefuseMisspeltKeysWhichWouldLeaveDevicesAnonymous() {
        Settings settings = new Settings(Map.of("ferry.auth.acl", "acl.txt", "ferry.auth.flie", "devices"));

        AuthConfig.fromSettings(settings);

        assertThatThrownBy(settings::validate).hasMessageContaining("ferry.auth.acl: unknown setting")
                .hasMessageContaining("ferry.auth.flie: unknown setting");
    }

    @Test
    void shouldMaskTheJwtSecretWhenPrinted() {
        AuthConfig config = read(Map.of("ferry.auth.jwt.secret", "0123456789abcdef0123456789abcdef-secret"));

        assertThat(config.toString()).doesNotContain("0123456789abcdef").contains("secret=******");
        assertThat(config.jwt().clientIdClaim()).isEqualTo("sub");
    }

    @Test
    void shouldAcceptTheCredentialsAndRulesShippedForDockerCompose() {
        Path compose = Path.of("..", "deploy", "compose");

        AuthConfig config = read(Map.of("ferry.auth.file", compose.resolve("devices.passwd").toString(),
                "ferry.auth.acl.file", compose.resolve("acl.txt").toString()));

        Identity device = Identity.anonymous("camera-1");
        DeviceAcl acl = new DeviceAcl(config.aclFile(), java.time.Clock.systemUTC(), config.reloadInterval());
        assertThat(acl.mayPublish(device, "devices/camera-1/telemetry")).isTrue();
        assertThat(acl.mayPublish(device, "devices/camera-2/telemetry")).isFalse();
        assertThat(config.anonymous()).isFalse();
    }

    private static AuthConfig read(Map<String, String> values) {
        Settings settings = new Settings(values);
        AuthConfig config = AuthConfig.fromSettings(settings);
        settings.validate();
        return config;
    }
}
