package io.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.records.CatalogEntry;
import io.ferry.protocol.Sha256;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentApiTest {
    private static final byte[] BYTES = TestFiles.pattern(1000);
    @TempDir
    Path root;
    private ApiHarness api;
    private CatalogEntry entry;
    private String content;

    @BeforeEach
    void start() {
        api = new ApiHarness(root);
        entry = TestFiles.stored(root, "c/1", "f:1", "Grüße 日本.txt", BYTES, 1_000, null);
        api.catalog.putFile(entry);
        content = ApiHarness.path("c/1", "f:1") + "/content";
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void shouldStreamWholeFileWithHeaders() {
        HttpResponse<byte[]> response = api.get(content, ApiHarness.READER);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(BYTES);
        assertThat(header(response, "Content-Length")).isEqualTo("1000");
        assertThat(header(response, "ETag")).isEqualTo("\"" + entry.sha256().hex() + "\"");
        assertThat(header(response, "Accept-Ranges")).isEqualTo("bytes");
        assertThat(header(response, "Content-Type")).startsWith("text/plain");
        assertThat(header(response, "Content-Disposition")).isEqualTo("attachment; filename=\"Gr__e __.txt\"; "
                + "filename*=UTF-8''Gr%C3%BC%C3%9Fe%20%E6%97%A5%E6%9C%AC.txt");
        assertThat(header(response, "X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(header(response, "Cache-Control")).isEqualTo("private, no-cache");
    }

    @Test
    void shouldServeSingleRangeAs206WithExactBytes() {
        HttpResponse<byte[]> response = api.get(content, ApiHarness.READER, "Range", "bytes=100-299");
        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(response.body()).isEqualTo(Arrays.copyOfRange(BYTES, 100, 300));
        assertThat(header(response, "Content-Range")).isEqualTo("bytes 100-299/1000");
        assertThat(header(response, "Content-Length")).isEqualTo("200");

        HttpResponse<byte[]> suffix = api.get(content, ApiHarness.READER, "Range", "bytes=-10");
        assertThat(suffix.statusCode()).isEqualTo(206);
        assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(BYTES, 990, 1000));
        assertThat(header(suffix, "Content-Range")).isEqualTo("bytes 990-999/1000");

        HttpResponse<byte[]> open = api.get(content, ApiHarness.READER, "Range", "bytes=999-");
        assertThat(open.body()).containsExactly(BYTES[999]);
    }

    @Test
    void shouldAnswer416WithContentRangeWhenRangeStartsPastTheEnd() {
        HttpResponse<byte[]> response = api.get(content, ApiHarness.READER, "Range", "bytes=1000-");
        assertThat(response.statusCode()).isEqualTo(416);
        assertThat(header(response, "Content-Range")).isEqualTo("bytes */1000");
        assertThat(ApiHarness.json(response).at("/error/code").asText()).isEqualTo("RANGE_NOT_SATISFIABLE");
    }

    @Test
    void shouldIgnoreRangeWhenIfRangeDoesNotMatch() {
        HttpResponse<byte[]> response = api.get(content, ApiHarness.READER, "Range", "bytes=0-9",
                "If-Range", "\"other\"");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(BYTES);
        HttpResponse<byte[]> matching = api.get(content, ApiHarness.READER, "Range", "bytes=0-9",
                "If-Range", "\"" + entry.sha256().hex() + "\"");
        assertThat(matching.statusCode()).isEqualTo(206);
    }

    @Test
    void shouldAnswer304WhenEtagMatches() {
        HttpResponse<byte[]> response = api.get(content, ApiHarness.READER,
                "If-None-Match", "\"" + entry.sha256().hex() + "\"");
        assertThat(response.statusCode()).isEqualTo(304);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void shouldAnswerHeadWithHeadersOnly() {
        HttpResponse<byte[]> response = api.method("HEAD", content, ApiHarness.READER);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(header(response, "Content-Length")).isEqualTo("1000");
        assertThat(header(response, "ETag")).isEqualTo("\"" + entry.sha256().hex() + "\"");
        assertThat(response.body()).isEmpty();
    }

    @Test
    void shouldStreamLargeFileWithExactBytes() throws Exception {
        byte[] large = TestFiles.pattern(5 * 1024 * 1024 + 7);
        CatalogEntry big = TestFiles.stored(root, "c", "big", "big.bin", large, 2_000, null);
        api.catalog.putFile(big);
        HttpResponse<byte[]> response = api.get(ApiHarness.path("c", "big") + "/content", ApiHarness.ADMIN);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Sha256.digest(response.body())).isEqualTo(big.sha256());
        assertThat(header(response, "Content-Type")).isEqualTo("application/octet-stream");
        HttpResponse<byte[]> tail = api.get(ApiHarness.path("c", "big") + "/content", ApiHarness.ADMIN,
                "Range", "bytes=5242000-");
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(large, 5_242_000, large.length));
        assertThat(api.metrics.scrape()).contains("ferry_api_served_bytes_total");
    }

    @Test
    void shouldServeEmptyFile() {
        CatalogEntry empty = TestFiles.stored(root, "c", "empty", "empty.json", new byte[0], 3_000, null);
        api.catalog.putFile(empty);
        HttpResponse<byte[]> response = api.get(ApiHarness.path("c", "empty") + "/content", ApiHarness.READER);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        assertThat(header(response, "Content-Type")).startsWith("application/json");
    }

    @Test
    void shouldAnswer404WhenBytesAreGoneOrFileUnknown() throws Exception {
        Files.delete(Path.of(java.net.URI.create(entry.locations().get(0).uri())));
        HttpResponse<byte[]> gone = api.get(content, ApiHarness.READER);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(ApiHarness.json(gone).at("/error/code").asText()).isEqualTo("CONTENT_NOT_FOUND");
        assertThat(api.get(ApiHarness.path("c/1", "nope") + "/content", ApiHarness.READER).statusCode())
                .isEqualTo(404);
    }

    @Test
    void shouldRefuseLocationsOutsideTheLocalRoot(@TempDir Path elsewhere) {
        CatalogEntry outside = TestFiles.stored(elsewhere, "c", "x", "x.bin", BYTES, 4_000, null);
        api.catalog.putFile(outside);
        assertThat(api.get(ApiHarness.path("c", "x") + "/content", ApiHarness.READER).statusCode()).isEqualTo(404);
    }

    @Test
    void shouldDownloadWithSignedLinkUntilItExpires() {
        HttpResponse<byte[]> linkResponse = api.method("POST", ApiHarness.path("c/1", "f:1") + "/link",
                ApiHarness.READER);
        assertThat(linkResponse.statusCode()).isEqualTo(200);
        JsonNode link = ApiHarness.json(linkResponse);
        String url = link.get("url").asText();
        assertThat(url).startsWith(content + "?expires=");

        HttpResponse<byte[]> download = api.get(url, null);
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(BYTES);

        String otherFile = url.replace("f%3A1", "f%3A2");
        api.catalog.putFile(TestFiles.stored(root, "c/1", "f:2", "two.txt", BYTES, 5_000, null));
        assertThat(api.get(otherFile, null).statusCode()).isEqualTo(401);

        api.clock.advance(Duration.ofMinutes(3));
        assertThat(api.get(url, null).statusCode()).isEqualTo(401);
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }
}
