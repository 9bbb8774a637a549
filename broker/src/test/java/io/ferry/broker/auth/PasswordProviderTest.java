package io.ferry.broker.auth;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswordProviderTest {
    @TempDir
    Path dir;

    @Test
    void shouldVerifyBcryptAndPbkdf2Hashes() {
        String bcrypt = PasswordHashes.bcrypt("s3cret");
        String pbkdf2 = PasswordHashes.pbkdf2("s3cret", 20_000);

        assertThat(PasswordHashes.verify(bcrypt, "s3cret")).isTrue();
        assertThat(PasswordHashes.verify(bcrypt, "s3cret!")).isFalse();
        assertThat(PasswordHashes.verify(pbkdf2, "s3cret")).isTrue();
        assertThat(PasswordHashes.verify(pbkdf2, "S3cret")).isFalse();
    }

    @Test
    void shouldNameTheLineAndNeverTheHashWhenCredentialsFileIsBad() {
        assertThatThrownBy(() -> CredentialsFile.parse("a:$2y$10$tooshort\n"))
                .hasMessageContaining("line 1").hasMessageContaining("username a").hasMessageNotContaining("tooshort");
        assertThatThrownBy(() -> CredentialsFile.parse("a:plain-text-password\n")).hasMessageContaining("bcrypt");
        String hash = PasswordHashes.pbkdf2("x", 20_000);
        assertThatThrownBy(() -> CredentialsFile.parse("a:" + hash + "\na:" + hash + "\n"))
                .hasMessageContaining("line 2").hasMessageContaining("twice");
        assertThatThrownBy(() -> CredentialsFile.parse("a:" + hash + ":[unclosed\n"))
                .hasMessageContaining("clientId pattern");
    }

    @Test
    void shouldAllowOnlyClientIdsOfThePatternWhenPasswordIsRight() throws Exception {
        Path file = Files.writeString(dir.resolve("devices"), "# devices\n\nfleet:"
                + PasswordHashes.pbkdf2("pw", 20_000) + ":{username}-[0-9]+\ncam:"
                + PasswordHashes.pbkdf2("pw2", 20_000) + "\n");
        PasswordProvider provider = provider(file, new MutableClock(Instant.EPOCH));

        assertThat(provider.authenticate(attempt("fleet-12", "fleet", "pw")).orElseThrow().identity())
                .isEqualTo(new Identity("fleet-12", "fleet", Identity.Method.PASSWORD));
        assertThat(provider.authenticate(attempt("fleetX12", "fleet", "pw")).orElseThrow().refusal())
                .isEqualTo(AuthOutcome.Refusal.CLIENT_ID_NOT_ALLOWED);
        assertThat(provider.authenticate(attempt("cam", "cam", "pw2")).orElseThrow().isAllowed()).isTrue();
        assertThat(provider.authenticate(attempt("cam-1", "cam", "pw2")).orElseThrow().refusal())
                .isEqualTo(AuthOutcome.Refusal.CLIENT_ID_NOT_ALLOWED);
        assertThat(provider.authenticate(attempt("cam", "cam", "pw")).orElseThrow().refusal())
                .isEqualTo(AuthOutcome.Refusal.BAD_CREDENTIALS);
        assertThat(provider.authenticate(attempt("cam", "nobody", "pw"))).isEmpty();
    }

    @Test
    void shouldPickUpChangesAfterReloadIntervalAndKeepOldVersionWhenNewOneIsBad() throws Exception {
        Path file = Files.writeString(dir.resolve("devices"), "a:" + PasswordHashes.pbkdf2("pw", 20_000) + "\n");
        MutableClock clock = new MutableClock(Instant.EPOCH);
        PasswordProvider provider = provider(file, clock);
        Files.writeString(file, "b:" + PasswordHashes.pbkdf2("pw", 20_000) + "\n");

        assertThat(provider.authenticate(attempt("b", "b", "pw"))).as("before the interval").isEmpty();
        clock.advance(Duration.ofSeconds(5));
        assertThat(provider.authenticate(attempt("b", "b", "pw")).orElseThrow().isAllowed()).isTrue();

        Files.writeString(file, "broken line\n");
        clock.advance(Duration.ofSeconds(5));
        assertThat(provider.authenticate(attempt("b", "b", "pw")).orElseThrow().isAllowed()).isTrue();
    }

    @Test
    void shouldAppendDeviceWhoseSecretVerifiesAndRefuseDuplicates() throws Exception {
        Path file = dir.resolve("sub/devices.passwd");

        String secret = DeviceAdd.add(file, "camera-7", null);

        assertThat(secret).hasSizeGreaterThanOrEqualTo(43);
        assertThat(Files.readString(file, UTF_8)).startsWith("camera-7:$2y$10$").doesNotContain(secret);
        PasswordProvider provider = provider(file, new MutableClock(Instant.EPOCH));
        assertThat(provider.authenticate(attempt("camera-7", "camera-7", secret)).orElseThrow().isAllowed()).isTrue();
        assertThatThrownBy(() -> DeviceAdd.add(file, "camera-7", null)).hasMessageContaining("already exists");
        assertThatThrownBy(() -> DeviceAdd.add(file, "bad:name", null)).hasMessageContaining("device name");
    }

    private static PasswordProvider provider(Path file, MutableClock clock) {
        return new PasswordProvider(new ReloadingFile<>(file, CredentialsFile::parse, clock, Duration.ofSeconds(5)));
    }

    private static ConnectAttempt attempt(String clientId, String username, String password) {
        return new ConnectAttempt(clientId, username, password.getBytes(UTF_8), null, "10.0.0.1");
    }
}
