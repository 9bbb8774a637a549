package io.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DashboardTest extends ApiTestBase {
    @Test
    void shouldServeDashboardWithStrictSecurityHeaders() {
        HttpResponse<byte[]> page = api.get("/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(ApiHarness.text(page)).contains("<script src=\"/app.js\"", "id=\"files\"", "id=\"transfers\"");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("default-src 'self'").doesNotContain("unsafe-inline");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        for (String asset : new String[] {"/app.js", "/style.css"}) {
            assertThat(api.get(asset, null).statusCode()).as(asset).isEqualTo(200);
        }
    }

    @Test
    void shouldDescribeEveryRouteInOpenApi() {
        JsonNode spec = api.getJson("/openapi.json", null);
        assertThat(spec.get("openapi").asText()).startsWith("3.");
        List<String> paths = new ArrayList<>();
        spec.get("paths").fieldNames().forEachRemaining(paths::add);
        assertThat(paths).contains("/health", "/metrics", "/api/v1/files", "/api/v1/files/{clientId}/{fileId}",
                "/api/v1/files/{clientId}/{fileId}/content", "/api/v1/files/{clientId}/{fileId}/link",
                "/api/v1/transfers", "/api/v1/transfers/{clientId}/{fileId}", "/api/v1/whoami",
                "/api/v5/file_transfer/files", "/api/v5/file_transfer/files/{clientid}/{fileid}");
        assertThat(spec.at("/paths/~1api~1v1~1files~1{clientId}~1{fileId}").has("delete")).isTrue();
        assertThat(spec.at("/paths/~1api~1v1~1files~1{clientId}~1{fileId}~1content").has("head")).isTrue();
    }

    @Test
    void shouldExposePrometheusMetricsWithRouteTemplatesOnly() {
        api.catalog.putFile(TestFiles.entry("secret-client", "f", "n", 1));
        api.get("/api/v1/files", ApiHarness.READER);
        api.get("/api/v1/files/secret-client/f", ApiHarness.READER);
        String metrics = ApiHarness.text(api.get("/metrics", null));
        assertThat(metrics).contains("ferry_api_http_requests_seconds_count", "ferry_api_files_listed_total",
                "ferry_api_catalog_files", "route=\"/api/v1/files/{clientId}/{fileId}\"");
        assertThat(metrics).doesNotContain("secret-client");
    }
}
