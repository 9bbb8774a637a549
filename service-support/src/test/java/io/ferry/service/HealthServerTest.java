package io.ferry.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.config.ConfigException;
import io.ferry.config.Settings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class HealthServerTest {
    @Test
    void shouldAnswer200WhileHealthyAnd503Otherwise() throws Exception {
        AtomicBoolean healthy = new AtomicBoolean(true);
        try (HealthServer server = HealthServer.start("127.0.0.1", 0, healthy::get)) {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health"))
                    .build();

            HttpResponse<String> up = http.send(request, HttpResponse.BodyHandlers.ofString());
            healthy.set(false);
            HttpResponse<String> down = http.send(request, HttpResponse.BodyHandlers.ofString());

            assertThat(up.statusCode()).isEqualTo(200);
            assertThat(up.body()).isEqualTo("{\"status\":\"up\"}");
            assertThat(down.statusCode()).isEqualTo(503);
        }
    }

    @Test
    void shouldServeTheScrapeOnMetricsWhenGivenAndNotOtherwise() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        try (HealthServer with = HealthServer.start("127.0.0.1", 0, () -> true, () -> "ferry_up 1.0\n");
             HealthServer without = HealthServer.start("127.0.0.1", 0, () -> true)) {
            HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + with.port() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> none = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + without.port() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.body()).isEqualTo("ferry_up 1.0\n");
            assertThat(scrape.headers().firstValue("Content-Type")).hasValue(HealthServer.PROMETHEUS_TEXT);
            assertThat(none.statusCode()).isEqualTo(404);
        }
    }

    @Test
    void shouldRefuseABadHealthPortByKey() {
        assertThatThrownBy(() -> HealthOptions.fromSettings(new Settings(Map.of("ferry.health.port", "80a"))))
                .isInstanceOf(ConfigException.class).hasMessage("invalid configuration: ferry.health.port: '80a' is"
                        + " not an integer");
        assertThat(HealthOptions.fromSettings(new Settings(Map.of("ferry.health.port", "-1"))).enabled()).isFalse();
    }
}
