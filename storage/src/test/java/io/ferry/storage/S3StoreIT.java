package io.ferry.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.protocol.ByteRange;
import io.ferry.records.Location;
import io.ferry.records.TransferId;
import io.ferry.config.S3Connection;
import io.ferry.testing.S3ServerProcess;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The S3 store and the client factory against a real S3-compatible server (S3Proxy in a child JVM). */
class S3StoreIT {
    private static final String BUCKET = "store-tests";
    @TempDir
    static Path dir;
    private static S3ServerProcess server;
    private static S3Client client;

    @BeforeAll
    static void start() throws Exception {
        server = S3ServerProcess.start(Files.createDirectories(dir.resolve("s3")));
        server.createBucket(BUCKET);
        server.createBucket("other");
        client = S3ClientFactory.create(new S3Connection(server.endpoint(), S3ServerProcess.REGION,
                S3ServerProcess.ACCESS_KEY, S3ServerProcess.SECRET_KEY, true), S3ClientSettings.options(
                new io.ferry.config.Settings(java.util.Map.of())));
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static Location put(String bucket, String key, byte[] content) {
        client.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(content));
        return new Location("s3", S3Uris.of(bucket, key));
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    @Test
    void shouldLayOutKeysBelowThePrefixAndReadRanges() throws Exception {
        S3Store store = new S3Store(client, BUCKET, "pre/");
        String key = store.keyOf(new TransferId("dev/1", "f"), "a b.bin");
        assertThat(key).isEqualTo("pre/dev%2F1/f/a b.bin");
        byte[] content = random(5000);
        Location location = put(BUCKET, key, content);
        assertThat(store.uriOf(key)).isEqualTo(location.uri());

        assertThat(store.size(location)).hasValue(5000);
        try (InputStream in = store.open(location, new ByteRange(100, 150))) {
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(content, 100, 150));
        }
        try (InputStream in = store.open(location, new ByteRange(10, 10))) {
            assertThat(in.readAllBytes()).isEmpty();
        }
    }

    @Test
    void shouldDeleteOnlyTheObjectAndNeverAManifestObjectTheSinkNeverWrites() {
        // The S3 sink writes no .MANIFEST.json; an object of that name belongs to someone else and must stay.
        S3Store store = new S3Store(client, null, "");
        Location location = put(BUCKET, "c/kept/a.bin", new byte[] {1});
        put(BUCKET, "c/kept/a.bin.MANIFEST.json", new byte[] {2});

        assertThat(store.delete(location)).isTrue();
        assertThat(store.delete(location)).isFalse();

        assertThat(client.listObjectsV2(r -> r.bucket(BUCKET).prefix("c/kept/")).contents())
                .extracting(S3Object::key).containsExactly("c/kept/a.bin.MANIFEST.json");
        assertThat(store.size(location)).isEmpty();
    }

    @Test
    void shouldRefuseAnotherBucketWhenBoundToOne() {
        Location elsewhere = put("other", "c/f/x.bin", new byte[] {7});
        S3Store bound = new S3Store(client, BUCKET, "");

        assertThatThrownBy(() -> bound.delete(elsewhere)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bound.size(elsewhere)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new S3Store(client, null, "").size(elsewhere)).hasValue(1);
    }
}
