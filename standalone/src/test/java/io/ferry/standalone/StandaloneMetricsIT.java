package io.ferry.standalone;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ferry.protocol.Sha256;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone's {@code /metrics} carries every service's meters after real traffic, and every metric the Grafana
 * dashboard and the alert rules under deploy/monitoring use exists in it (so neither can silently show nothing).
 */
class StandaloneMetricsIT {
    private static final String TOKEN = "metrics-admin-token";
    private static final Pattern USED = Pattern.compile("\\b((?:ferry|kafka|jvm|process)_[a-z0-9_]+)");
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})? (\\S+)");
    @TempDir
    static Path dataDir;
    @RegisterExtension
    static final StandaloneFixture FERRY = new StandaloneFixture(TOKEN, () -> dataDir);

    @Test
    void shouldExposeEveryServicesMetersAndEveryNameTheDashboardAndRulesUse() throws Exception {
        byte[] file = new byte[400_000];
        new Random(18).nextBytes(file);
        List<String> responses = new CopyOnWriteArrayList<>();
        try (MqttDevice device = MqttDevice.connect(5, "tcp://127.0.0.1:" + FERRY.mqttPort(), "metrics-cam",
                json -> responses.add(new String(json, UTF_8)))) {
            device.publish("$file/m-1/init", ("{\"name\":\"m.bin\",\"size\":" + file.length + ",\"checksum\":\""
                    + Sha256.digest(file).hex() + "\"}").getBytes(UTF_8));
            device.publish("$file/m-1/0", file);
            device.publish("$file/m-1/fin/" + file.length, new byte[0]);
            device.publish("$file/m-1/not-an-offset", new byte[1]);
            await().atMost(Duration.ofSeconds(90)).until(() -> responses.size() >= 4);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> FERRY.getJson("/api/v1/files?clientId=metrics-cam")
                .get("files").size() == 1);

        Map<String, Double> samples = await().atMost(Duration.ofSeconds(30)).until(StandaloneMetricsIT::scrape,
                s -> s.getOrDefault("ferry_exporter_exported_bytes_total", 0.0) >= file.length);
        Set<String> names = new TreeSet<>();
        samples.keySet().forEach(key -> names.add(key.replaceFirst("\\{.*", "")));
        Files.write(Files.createDirectories(Path.of("target")).resolve("scraped-metric-names.txt"), names);

        assertThat(samples.get("ferry_ingress_bytes_total")).isGreaterThanOrEqualTo(file.length);
        assertThat(samples.get("ferry_ingress_commands_total{kind=\"segment\",reason=\"success\"}")).isEqualTo(1.0);
        assertThat(samples.keySet()).anyMatch(k -> k.startsWith("ferry_ingress_commands_total{kind=\"invalid\","));
        assertThat(samples.get("ferry_ingress_puback_seconds_count{kind=\"fin\"}")).isEqualTo(1.0);
        assertThat(samples.get("ferry_exporter_exports_total{outcome=\"success\"}")).isEqualTo(1.0);
        assertThat(samples.get("ferry_exporter_failures_total{cause=\"fatal\"}")).isZero();
        assertThat(samples.get("ferry_exporter_read_file_bytes_total")).isEqualTo(file.length);
        assertThat(samples.get("ferry_assembler_manifests_total")).isEqualTo(1.0);
        assertThat(samples.get("ferry_assembler_running")).isEqualTo(1.0);
        assertThat(samples.get("ferry_api_catalog_files")).isEqualTo(1.0);
        assertThat(names).contains("ferry_exporter_export_duration_seconds_bucket", "jvm_memory_used_bytes",
                "kafka_stream_thread_commit_latency_avg", "kafka_consumer_fetch_manager_records_lag_max",
                "kafka_producer_record_send_rate");

        Path monitoring = Path.of("").toAbsolutePath().getParent().resolve("deploy/monitoring");
        Set<String> listed = new TreeSet<>(Files.readAllLines(monitoring.resolve("metric-names.txt")).stream()
                .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList());
        assertThat(names).as("scraped from a running Ferry").containsAll(listed);
        Set<String> used = new TreeSet<>();
        for (String name : List.of("ferry-dashboard.json", "ferry-alerts.yaml")) {
            Matcher matcher = USED.matcher(Files.readString(monitoring.resolve(name)));
            while (matcher.find()) {
                used.add(matcher.group(1));
            }
        }
        assertThat(listed).as("metric-names.txt lists what the dashboard and rules use").containsAll(used);
        assertThat(used).hasSizeGreaterThan(20);
    }

    /** Every sample of {@code GET /metrics}, keyed by name and labels as written. */
    private static Map<String, Double> scrape() throws Exception {
        HttpResponse<String> response = FERRY.get("/metrics", HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Double> samples = new HashMap<>();
        for (String line : response.body().split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (!line.startsWith("#") && sample.find()) {
                String labels = sample.group(2) == null ? "" : sample.group(2);
                samples.put(sample.group(1) + labels, Double.parseDouble(sample.group(3)));
            }
        }
        return samples;
    }
}
