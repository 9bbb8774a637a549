package io.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.config.ConfigException;
import io.ferry.config.Settings;
import io.ferry.testing.MutableClock;
import io.ferry.testing.TestKeystores;
import io.ferry.storage.FileStores;
import io.ferry.storage.LocalStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry.http.tls.*}: the API's port speaks HTTPS only, with the same auth. */
class ApiHttpsTest {
    private static final String PASSWORD = "api-tls-pass";
    @TempDir
    static Path dir;
    private static Path keystore;
    private ApiServer server;

    @BeforeAll
    static void makeKeystore() {
        keystore = TestKeystores.selfSigned(dir, "api", PASSWORD);
    }

    @BeforeEach
    void start() {
        CatalogIndex catalog = new CatalogIndex();
        catalog.markReady();
        MutableClock clock = new MutableClock(Instant.parse("2025-06-01T12:00:00Z"), ZoneOffset.UTC);
        ApiApp.Services services = new ApiApp.Services(catalog, new FileStores(List.of(new LocalStore(dir))),
                id -> { }, new Tokens(ApiHarness.ADMIN, List.of(ApiHarness.READER)),
                SignedLinks.create("secret", Duration.ofMinutes(2), clock), ApiMetrics.create(), clock,
                Duration.ofSeconds(60), true);
        ApiConfig config = ApiHarness.config(dir).withHttps(new HttpsConfig(keystore, PASSWORD, PASSWORD));
        server = new ApiServer(config, services, List.of()).startHttp();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldServeHttpsWithTheSameAuthWhenKeystoreIsConfigured() throws Exception {
        HttpClient https = HttpClient.newBuilder().sslContext(trusting()).build();

        HttpResponse<String> health = https.send(get("/health", null), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> anonymous = https.send(get("/api/v1/files", null), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> reader = https.send(get("/api/v1/files", ApiHarness.READER),
                HttpResponse.BodyHandlers.ofString());

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.uri().getScheme()).isEqualTo("https");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(reader.statusCode()).isEqualTo(200);
    }

    @Test
    void shouldNotAnswerPlainHttpWhenHttpsIsConfigured() throws InterruptedException {
        HttpRequest plain = HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + "/health"))
                .timeout(Duration.ofSeconds(10)).build();

        int status;
        try {
            status = HttpClient.newHttpClient().send(plain, HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (IOException e) {
            status = -1;
        }
        assertThat(status).as("status of a plain HTTP request (-1: connection failed)").isNotEqualTo(200);
    }

    @Test
    void shouldRefuseHandshakeWhenClientDoesNotTrustTheCertificate() {
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(get("/health", null),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
    }

    @Test
    void shouldReadTlsKeysAndNameThemWhenKeystoreDoesNotOpen() {
        Map<String, String> base = Map.of("ferry.api.token", "t", "ferry.http.tls.keystore", keystore.toString());

        ApiConfig config = ApiConfig.fromSettings(new Settings(base).with("ferry.http.tls.keystore.password",
                PASSWORD));
        assertThat(config.https()).isEqualTo(new HttpsConfig(keystore.toAbsolutePath(), PASSWORD, PASSWORD));
        assertThat(config.toString()).doesNotContain(PASSWORD);
        assertThat(ApiConfig.fromSettings(new Settings(Map.of("ferry.api.token", "t"))).https()).isNull();
        assertThatThrownBy(() -> ApiConfig.fromSettings(new Settings(base)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ferry.http.tls.keystore.password");
        assertThatThrownBy(() -> ApiConfig.fromSettings(new Settings(base).with("ferry.http.tls.keystore.password",
                "wrong"))).isInstanceOf(ConfigException.class).hasMessageContaining("ferry.http.tls.keystore:");
    }

    private HttpRequest get(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + path))
                .timeout(Duration.ofSeconds(10));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder.build();
    }

    private SSLContext trusting() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, TestKeystores.trusting(keystore, PASSWORD).getTrustManagers(), null);
        return context;
    }
}
