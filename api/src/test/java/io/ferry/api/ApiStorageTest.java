package io.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.records.Location;
import io.ferry.config.Settings;
import io.ferry.storage.FileStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

class ApiStorageTest {
    @TempDir
    Path dir;

    /** Without ferry.api.local.root (or the exporter's root) the API used to read and delete any file: URI. */
    @Test
    void shouldRefuseFileLocationsOutsideTheDefaultRootWhenNoRootIsConfigured() throws IOException {
        ApiConfig config = ApiConfig.fromSettings(new Settings(Map.of("ferry.api.token", "t")));
        Path victim = Files.createDirectories(dir.resolve("c/f")).resolve("a.bin");
        Files.write(victim, new byte[] {1, 2, 3});
        Path manifest = Files.writeString(victim.resolveSibling("a.bin.MANIFEST.json"), "{}");
        Location forged = new Location("local", victim.toUri().toString());

        try (FileStores stores = ApiStorage.open(config)) {
            assertThat(stores.unreachable(List.of(forged))).isEmpty();
            assertThat(stores.locate(List.of(forged))).isEmpty();
            stores.deleteAll(List.of(forged));
        }
        assertThat(victim).hasBinaryContent(new byte[] {1, 2, 3});
        assertThat(manifest).exists();
    }

    /** The API's S3 client used to have no attempt timeout, so one stuck request held a download forever. */
    @Test
    void shouldBoundEachS3AttemptByTheSharedRequestTimeout() {
        ApiConfig config = ApiConfig.fromSettings(new Settings(Map.of("ferry.api.token", "t",
                "ferry.api.s3.enabled", "true", "ferry.s3.endpoint", "http://127.0.0.1:9",
                "ferry.s3.request.timeout", "7s")));

        try (S3Client client = ApiStorage.s3Client(config.s3())) {
            assertThat(client.serviceClientConfiguration().overrideConfiguration().apiCallAttemptTimeout())
                    .contains(Duration.ofSeconds(7));
        }
    }
}
