package io.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.records.TransferId;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthApiTest {
    private static final String[] READ_ROUTES = {"/api/v1/files", "/api/v1/files/c/f", "/api/v1/files/c/f/content",
        "/api/v1/transfers", "/api/v1/transfers/c/f", "/api/v1/whoami", "/api/v5/file_transfer/files",
        "/api/v5/file_transfer/files/c/f"};
    @TempDir
    Path root;
    private ApiHarness api;

    @BeforeEach
    void start() {
        api = new ApiHarness(root);
        api.catalog.putFile(TestFiles.stored(root, "c", "f", "a.txt", new byte[] {1}, 1, null));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void shouldAnswer401WithoutOrWithWrongToken() {
        for (String route : READ_ROUTES) {
            for (String token : new String[] {null, "wrong", ApiHarness.ADMIN + "x"}) {
                HttpResponse<byte[]> response = api.get(route, token);
                assertThat(response.statusCode()).as(route + " " + token).isEqualTo(401);
                assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"ferry\"");
            }
        }
        assertThat(ApiHarness.json(api.get("/api/v1/files", null)).at("/error/code").asText())
                .isEqualTo("UNAUTHORIZED");
        assertThat(ApiHarness.json(api.get("/api/v5/file_transfer/files", null)).get("code").asText())
                .isEqualTo("UNAUTHORIZED");
        assertThat(api.method("DELETE", "/api/v1/files/c/f", null).statusCode()).isEqualTo(401);
        assertThat(api.method("POST", "/api/v1/files/c/f/link", null).statusCode()).isEqualTo(401);
    }

    @Test
    void shouldAllowReadsForReadAndAdminTokens() {
        for (String route : READ_ROUTES) {
            if (route.startsWith("/api/v1/transfers/")) {
                continue; // no transfer in flight: 404 after auth
            }
            assertThat(api.get(route, ApiHarness.READER).statusCode()).as(route).isEqualTo(200);
            assertThat(api.get(route, ApiHarness.ADMIN).statusCode()).as(route).isEqualTo(200);
        }
        assertThat(api.get("/api/v1/transfers/c/f", ApiHarness.READER).statusCode()).isEqualTo(404);
    }

    @Test
    void shouldAnswer403ForReadTokenOnAdminRoute() {
        HttpResponse<byte[]> response = api.method("DELETE", "/api/v1/files/c/f", ApiHarness.READER);
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(ApiHarness.json(response).at("/error/code").asText()).isEqualTo("FORBIDDEN");
        assertThat(api.catalog.file(new TransferId("c", "f"))).isPresent();
    }

    @Test
    void shouldTellRoleOfToken() {
        assertThat(api.getJson("/api/v1/whoami", ApiHarness.ADMIN).get("role").asText()).isEqualTo("admin");
        assertThat(api.getJson("/api/v1/whoami", ApiHarness.READER).get("role").asText()).isEqualTo("read");
    }

    @Test
    void shouldServeHealthMetricsOpenApiAndDashboardWithoutToken() {
        assertThat(api.getJson("/health", null).get("status").asText()).isEqualTo("up");
        assertThat(api.get("/metrics", null).statusCode()).isEqualTo(200);
        assertThat(api.get("/openapi.json", null).statusCode()).isEqualTo(200);
        assertThat(api.get("/", null).statusCode()).isEqualTo(200);
    }
}
