package io.ferry.standalone;

import static io.ferry.standalone.StandaloneFixture.enc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.client.FerryUploader;
import io.ferry.client.FileIds;
import io.ferry.client.UploadRequest;
import io.ferry.client.UploadResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone with device authentication as docs/security.md describes it: a credentials file (here a PBKDF2 hash
 * written by hand in the documented format) and topic rules; the device SDK uploads with its username and password.
 */
class AuthenticatedUploadIT {
    private static final String TOKEN = "auth-it-token";
    private static final String PASSWORD = "camera-3-password";

    @TempDir
    static Path dataDir;
    @TempDir
    static Path authDir;
    @RegisterExtension
    static final StandaloneFixture FERRY = new StandaloneFixture(TOKEN, () -> dataDir, () -> Map.of(
            "ferry.auth.file", write("devices.passwd", "camera-3:" + pbkdf2(PASSWORD) + "\n").toString(),
            "ferry.auth.acl.file", write("acl.txt", "allow all devices/{clientId}/#\ndeny all #\n").toString()));

    @Test
    void shouldLandTheFileWhenDeviceUploadsWithItsCredentials() throws Exception {
        Path file = randomFile();
        try (FerryUploader uploader = uploader("camera-3", PASSWORD)) {
            UploadResult result = uploader.upload(UploadRequest.ofFile(file).build()).get(180, TimeUnit.SECONDS);

            String sha = FileIds.sha256(file).hex();
            assertThat(result.sha256()).isEqualTo(sha);
            JsonNode entry = await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> FERRY.getJson("/api/v1/files/camera-3/" + enc(result.fileId())), e -> true);
            assertThat(entry.get("sha256").asText()).isEqualTo(sha);
        }
    }

    @Test
    void shouldFailTheUploadWhenThePasswordIsWrong() throws Exception {
        Path file = randomFile();
        try (FerryUploader uploader = uploader("camera-3", "not-" + PASSWORD)) {
            assertThatThrownBy(() -> uploader.upload(UploadRequest.ofFile(file).build()).get(180, TimeUnit.SECONDS))
                    .hasMessageContaining("BAD_USER_NAME_OR_PASSWORD");
        }
    }

    private static FerryUploader uploader(String clientId, String password) {
        return FerryUploader.builder().broker("mqtt://127.0.0.1:" + FERRY.mqttPort()).clientId(clientId)
                .credentials(clientId, password).connectTimeout(Duration.ofSeconds(60))
                .finTimeout(Duration.ofMinutes(3)).build();
    }

    private static Path randomFile() throws IOException {
        byte[] bytes = new byte[300_000];
        new Random(7).nextBytes(bytes);
        return Files.write(Files.createTempFile(authDir, "upload", ".bin"), bytes);
    }

    private static Path write(String name, String text) {
        try {
            return Files.writeString(authDir.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code $pbkdf2-sha256$<iterations>$<salt>$<hash>}, standard Base64, as docs/security.md specifies. */
    private static String pbkdf2(String password) {
        try {
            byte[] salt = new byte[16];
            new SecureRandom().nextBytes(salt);
            byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(password.toCharArray(), salt, 50_000, 256)).getEncoded();
            return "$pbkdf2-sha256$50000$" + Base64.getEncoder().encodeToString(salt) + "$"
                    + Base64.getEncoder().encodeToString(hash);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
