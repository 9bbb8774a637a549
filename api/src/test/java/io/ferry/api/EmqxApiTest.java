package io.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.records.CatalogEntry;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EmqxApiTest extends ApiTestBase {
    private static final String FILES = "/api/v5/file_transfer/files";

    @Test
    void shouldListInEmqxShape() {
        CatalogEntry entry = TestFiles.stored(root, "client-1", "file/1", "name.txt", TestFiles.pattern(5),
                1_686_609_805_500L, "{\"k\":\"v\"}");
        api.catalog.putFile(entry);
        JsonNode body = api.getJson(FILES, ApiHarness.READER);
        assertThat(body.has("cursor")).isFalse();
        JsonNode file = body.get("files").get(0);
        assertThat(file.get("clientid").asText()).isEqualTo("client-1");
        assertThat(file.get("fileid").asText()).isEqualTo("file/1");
        assertThat(file.get("name").asText()).isEqualTo("name.txt");
        assertThat(file.get("size").asLong()).isEqualTo(5);
        // The harness clock's zone is +02:00, standing in for the server's local offset.
        assertThat(file.get("timestamp").asText()).isEqualTo("2023-06-13T00:43:25+02:00");
        assertThat(file.get("uri").asText()).isEqualTo("/api/v1/files/client-1/file%2F1/content");
        assertThat(file.at("/metadata/name").asText()).isEqualTo("name.txt");
        assertThat(file.at("/metadata/size").asLong()).isEqualTo(5);
        assertThat(file.at("/metadata/checksum").asText()).isEqualTo(entry.sha256().hex().toUpperCase());
        assertThat(file.at("/metadata/segments_ttl").asLong()).isEqualTo(3600);
        assertThat(file.at("/metadata/user_data/k").asText()).isEqualTo("v");
    }

    @Test
    void shouldPageWithFollowingCursorPresentOnlyWhenMoreMayExist() {
        for (int i = 0; i < 7; i++) {
            api.catalog.putFile(TestFiles.entry("c", "f" + i, "n", 1_000 + i));
        }
        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = api.getJson(FILES + "?limit=3" + (cursor == null ? "" : "&following=" + cursor),
                    ApiHarness.READER);
            page.get("files").forEach(f -> assertThat(seen.add(f.get("fileid").asText())).isTrue());
            cursor = page.has("cursor") ? page.get("cursor").asText() : null;
            pages++;
        } while (cursor != null);
        assertThat(seen).hasSize(7);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void shouldAnswerBadRequestForBadCursorOrLimit() {
        HttpResponse<byte[]> badCursor = api.get(FILES + "?following=nonsense", ApiHarness.READER);
        assertThat(badCursor.statusCode()).isEqualTo(400);
        assertThat(ApiHarness.json(badCursor).get("code").asText()).isEqualTo("BAD_REQUEST");
        assertThat(ApiHarness.json(badCursor).get("message").asText()).isEqualTo("Invalid cursor");
        for (String limit : new String[] {"0", "10001", "-1", "x"}) {
            HttpResponse<byte[]> response = api.get(FILES + "?limit=" + limit, ApiHarness.READER);
            assertThat(response.statusCode()).as(limit).isEqualTo(400);
            assertThat(ApiHarness.json(response).get("code").asText()).isEqualTo("BAD_REQUEST");
        }
        assertThat(api.get(FILES + "?limit=10000", ApiHarness.READER).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldGetOneTransfersFilesOr404FilesNotFound() {
        api.catalog.putFile(TestFiles.entry("c/1", "f:1", "n", 1));
        JsonNode body = api.getJson(FILES + "/c%2F1/f%3A1", ApiHarness.READER);
        assertThat(body.get("files")).hasSize(1);
        assertThat(body.get("files").get(0).get("clientid").asText()).isEqualTo("c/1");
        assertThat(body.has("cursor")).isFalse();
        HttpResponse<byte[]> missing = api.get(FILES + "/c%2F1/nope", ApiHarness.READER);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(ApiHarness.json(missing).get("code").asText()).isEqualTo("FILES_NOT_FOUND");
        assertThat(ApiHarness.json(missing).get("message").asText())
                .isEqualTo("Files requested for this transfer could not be found");
    }
}
