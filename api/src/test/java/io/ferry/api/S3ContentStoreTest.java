package io.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.io.InputStream;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The S3 store with the real AWS SDK against a minimal S3 stand-in (path-style HEAD, ranged GET, DELETE), checking
 * the requests the SDK makes for our {@code s3://} locations.
 */
class S3ContentStoreTest {
    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    private final List<String> ranges = new CopyOnWriteArrayList<>();
    private Javalin fakeS3;
    private S3ContentStore store;

    @BeforeEach
    void start() {
        fakeS3 = Javalin.create(config -> config.showJavalinBanner = false);
        fakeS3.head("/{bucket}/<key>", ctx -> {
            byte[] bytes = objects.get(ctx.pathParam("bucket") + "/" + ctx.pathParam("key"));
            if (bytes == null) {
                ctx.status(404);
                return;
            }
            ctx.header("Content-Length", Integer.toString(bytes.length)).header("ETag", "\"e\"");
        });
        fakeS3.get("/{bucket}/<key>", ctx -> {
            byte[] bytes = objects.get(ctx.pathParam("bucket") + "/" + ctx.pathParam("key"));
            String range = ctx.header("Range");
            ranges.add(range);
            String[] span = range.substring("bytes=".length()).split("-");
            int first = Integer.parseInt(span[0]);
            int last = Integer.parseInt(span[1]);
            ctx.status(206).header("Content-Range", "bytes " + first + "-" + last + "/" + bytes.length)
                    .contentType("application/octet-stream").result(Arrays.copyOfRange(bytes, first, last + 1));
        });
        fakeS3.delete("/{bucket}/<key>", ctx -> {
            objects.remove(ctx.pathParam("bucket") + "/" + ctx.pathParam("key"));
            ctx.status(204);
        });
        fakeS3.start("127.0.0.1", 0);
        store = S3ContentStore.create(new ApiConfig.S3Settings(URI.create("http://127.0.0.1:" + fakeS3.port()),
                "us-east-1", "ak", "sk", true));
    }

    @AfterEach
    void stop() {
        store.close();
        fakeS3.stop();
    }

    @Test
    void shouldReadSizeAndRangesOfEscapedKeys() throws Exception {
        byte[] bytes = TestFiles.pattern(1000);
        objects.put("bucket/c%2F1/f%3A1/Grüße x.bin", bytes);
        URI location = new URI("s3", "bucket", "/c%2F1/f%3A1/Grüße x.bin", null);

        assertThat(store.handles(location)).isTrue();
        assertThat(store.size(location)).hasValue(1000);
        try (InputStream in = store.open(location, 100, 50)) {
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(bytes, 100, 150));
        }
        assertThat(ranges).containsExactly("bytes=100-149");
    }

    @Test
    void shouldReportMissingObjectAsAbsent() throws Exception {
        assertThat(store.size(URI.create("s3://bucket/none"))).isEmpty();
    }

    @Test
    void shouldDeleteObjectAndManifest() throws Exception {
        objects.put("bucket/c/f/a.bin", new byte[] {1});
        objects.put("bucket/c/f/a.bin.MANIFEST.json", new byte[] {2});
        objects.put("bucket/c/g/a.bin", new byte[] {3});
        store.delete(URI.create("s3://bucket/c/f/a.bin"));
        assertThat(objects).containsOnlyKeys("bucket/c/g/a.bin");
    }
}
