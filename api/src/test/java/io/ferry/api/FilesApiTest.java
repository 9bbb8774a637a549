package io.ferry.api;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.records.CatalogEntry;
import java.net.URLEncoder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FilesApiTest extends ApiTestBase {
    @Test
    void shouldListFilesWithAllFields() {
        CatalogEntry entry = TestFiles.stored(root, "c/1", "f:1", "data.bin", TestFiles.pattern(10),
                1_717_243_200_123L, null);
        api.catalog.putFile(entry);
        var response = api.get("/api/v1/files", ApiHarness.READER);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        JsonNode body = ApiHarness.json(response);
        assertThat(body.get("cursor").isNull()).isTrue();
        JsonNode file = body.get("files").get(0);
        assertThat(file.get("clientId").asText()).isEqualTo("c/1");
        assertThat(file.get("fileId").asText()).isEqualTo("f:1");
        assertThat(file.get("name").asText()).isEqualTo("data.bin");
        assertThat(file.get("size").asLong()).isEqualTo(10);
        assertThat(file.get("sha256").asText()).isEqualTo(entry.sha256().hex());
        assertThat(file.get("exportedAt").asText()).isEqualTo("2024-06-01T12:00:00.123Z");
        assertThat(file.get("locations").get(0).get("sink").asText()).isEqualTo("local");
        assertThat(file.get("locations").get(0).get("uri").asText()).startsWith("file:");
        assertThat(file.get("contentUrl").asText()).isEqualTo("/api/v1/files/c%2F1/f%3A1/content");
    }

    @Test
    void shouldPageStablyWhileNewFilesArrive() {
        for (int i = 0; i < 25; i++) {
            api.catalog.putFile(TestFiles.entry("c", "old" + i, "n", 1_000 + i));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int added = 0;
        do {
            JsonNode page = api.getJson("/api/v1/files?limit=4" + (cursor == null ? "" : "&cursor=" + cursor),
                    ApiHarness.ADMIN);
            page.get("files").forEach(f -> seen.add(f.get("fileId").asText()));
            cursor = page.get("cursor").isNull() ? null : page.get("cursor").asText();
            api.catalog.putFile(TestFiles.entry("c", "new" + added, "n", 5_000 + added++));
        } while (cursor != null);
        assertThat(seen).hasSize(25).doesNotHaveDuplicates().allMatch(id -> id.startsWith("old"));
        assertThat(seen.get(0)).isEqualTo("old24");
        assertThat(seen.get(24)).isEqualTo("old0");
    }

    @Test
    void shouldFilterByClientNameAndTime() {
        api.catalog.putFile(TestFiles.entry("cam", "a", "Photo.jpg", 1_717_243_200_000L));
        api.catalog.putFile(TestFiles.entry("cam", "b", "log.txt", 1_717_243_300_000L));
        api.catalog.putFile(TestFiles.entry("other", "c", "photo.png", 1_717_243_400_000L));
        assertThat(ids(api.getJson("/api/v1/files?clientId=cam", ApiHarness.READER))).containsExactly("b", "a");
        assertThat(ids(api.getJson("/api/v1/files?name=PHOTO", ApiHarness.READER))).containsExactly("c", "a");
        assertThat(ids(api.getJson("/api/v1/files?since=2024-06-01T12:01:40Z&until="
                + URLEncoder.encode("2024-06-01T14:03:20+02:00", UTF_8), ApiHarness.READER)))
                .containsExactly("b");
    }

    @Test
    void shouldAnswer400WhenAQueryParameterIsNotValidPercentEncoding() {
        api.catalog.putFile(TestFiles.entry("c", "a", "n", 1_000));
        for (String query : new String[] {"cursor=garbage%%", "cursor=%", "cursor=%4", "cursor=%zz", "clientId=%C3",
                "name=%FF", "limit=1%", "%=1"}) {
            ApiHarness.Raw response = api.raw("/api/v1/files?" + query, ApiHarness.READER);
            assertThat(response.status()).as(query).isEqualTo(400);
            assertThat(response.body().at("/error/code").asText()).as(query).isEqualTo("BAD_REQUEST");
            assertThat(response.body().at("/error/message").asText()).as(query)
                    .contains("is not valid percent-encoding");
        }
        assertThat(api.raw("/api/v1/files?cursor=garbage%%", ApiHarness.READER).body().at("/error/message")
                .asText()).isEqualTo("query parameter 'cursor' is not valid percent-encoding: "
                + "'%' must be followed by two hex digits");
        assertThat(api.raw("/api/v5/file_transfer/files?following=%%", ApiHarness.READER).status()).isEqualTo(400);
        ApiHarness.Raw fine = api.raw("/api/v1/files?name=%C3%BC+x&clientId=c", ApiHarness.READER);
        assertThat(fine.status()).isEqualTo(200);
        assertThat(fine.body().get("files")).isEmpty();
        assertThat(api.raw("/api/v1/files?clientId=c", ApiHarness.READER).body().get("files")).hasSize(1);
    }

    @Test
    void shouldAnswer400ForUnknownOrRepeatedQueryParameters() {
        var unknown = api.get("/api/v1/files?limt=5", ApiHarness.READER);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(ApiHarness.json(unknown).at("/error/message").asText()).isEqualTo("unknown query parameter "
                + "'limt' (allowed: clientId, cursor, limit, name, since, until)");
        var twice = api.get("/api/v1/files?limit=5&limit=6", ApiHarness.READER);
        assertThat(twice.statusCode()).isEqualTo(400);
        assertThat(ApiHarness.json(twice).at("/error/message").asText())
                .isEqualTo("query parameter 'limit' is given more than once");
        assertThat(api.get("/api/v1/transfers?cursor=x", ApiHarness.READER).statusCode()).isEqualTo(400);
        assertThat(api.get("/api/v1/whoami?x=1", ApiHarness.READER).statusCode()).isEqualTo(400);
        assertThat(api.get("/api/v1/files?limit=5&&clientId=", ApiHarness.READER).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldAnswer400ForBadLimitCursorOrTime() {
        for (String query : new String[] {"limit=0", "limit=1001", "limit=x", "cursor=%21%21", "since=yesterday",
                "until=2024-06-01"}) {
            var response = api.get("/api/v1/files?" + query, ApiHarness.READER);
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(ApiHarness.json(response).at("/error/code").asText()).isEqualTo("BAD_REQUEST");
        }
        assertThat(ApiHarness.json(api.get("/api/v1/files?cursor=abc", ApiHarness.READER))
                .at("/error/message").asText()).isEqualTo("Invalid cursor");
    }

    @Test
    void shouldReturnMetadataWithMetaAndUserDataForIdsWithSlashColonAndUnicode() {
        CatalogEntry entry = TestFiles.stored(root, "c/1", "f:1 ü", "Grüße.txt", TestFiles.pattern(3), 1_000,
                "{\"device\":\"cam\",\"n\":[1,2]}");
        api.catalog.putFile(entry);
        JsonNode file = api.getJson(ApiHarness.path("c/1", "f:1 ü"), ApiHarness.READER);
        assertThat(file.get("clientId").asText()).isEqualTo("c/1");
        assertThat(file.get("fileId").asText()).isEqualTo("f:1 ü");
        assertThat(file.get("name").asText()).isEqualTo("Grüße.txt");
        assertThat(file.at("/meta/user_data/device").asText()).isEqualTo("cam");
        assertThat(file.at("/meta/user_data/n/1").asInt()).isEqualTo(2);
        assertThat(file.at("/meta/segments_ttl").asLong()).isEqualTo(3600);
        assertThat(file.at("/meta/checksum").asText()).isEqualTo(entry.sha256().hex());
    }

    @Test
    void shouldAnswer404ForUnknownFile() {
        api.catalog.putFile(TestFiles.entry("c/1", "f", "n", 1));
        var response = api.get(ApiHarness.path("c", "f"), ApiHarness.READER);
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(ApiHarness.json(response).at("/error/code").asText()).isEqualTo("NOT_FOUND");
        assertThat(api.get("/api/v1/files/c/1/f", ApiHarness.READER).statusCode()).isEqualTo(404);
    }

    @Test
    void shouldAnswer404JsonForUnknownRoutes() {
        var response = api.get("/api/v1/nothing", ApiHarness.READER);
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(ApiHarness.json(response).at("/error/code").asText()).isEqualTo("NOT_FOUND");
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("files").forEach(f -> ids.add(f.get("fileId").asText()));
        return ids;
    }
}
