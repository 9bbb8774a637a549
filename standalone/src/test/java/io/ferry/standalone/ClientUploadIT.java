package io.ferry.standalone;

import static io.ferry.standalone.StandaloneFixture.enc;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.client.FerryUploader;
import io.ferry.client.FerryUploaderBuilder;
import io.ferry.client.FileIds;
import io.ferry.client.UploadRequest;
import io.ferry.client.UploadResult;
import io.ferry.client.cli.FerryCli;
import io.ferry.protocol.Sha256;
import io.ferry.protocol.TransferState;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ferry's own device SDK and CLI against the whole product in one JVM (real broker, Kafka, bridge, assembler,
 * exporter, API): resume after a broker restart sending only what is missing, resume in a new process, several files
 * at once, a file larger than the client's heap, and EMQX-only mode (no status extension).
 */
class ClientUploadIT {
    private static final int SEGMENT = 256 * 1024;
    private static final int WINDOW = 4;
    private static final String TOKEN = "client-it-token";

    @TempDir
    static Path dataDir;
    @TempDir
    static Path files;
    /** Every upload here is exported while it is received (not only those of 16 MiB and more), restarts included. */
    @RegisterExtension
    static final StandaloneFixture FERRY = new StandaloneFixture(TOKEN, () -> dataDir,
            () -> java.util.Map.of("ferry.exporter.stream.min.size", "0"));

    @Test
    void shouldResendOnlyWhatWasInFlightWhenTheBrokerRestartsMidUpload() throws Exception {
        Path file = randomFile("restart.bin", 8L * 1024 * 1024, 1);
        long size = Files.size(file);
        AtomicBoolean restarted = new AtomicBoolean();
        CompletableFuture<Void>[] restart = new CompletableFuture[1];
        try (FerryUploader uploader = uploader("cam-restart").build()) {
            UploadResult result = uploader.upload(UploadRequest.ofFile(file).onProgress(p -> {
                if (p.bytesConfirmed() >= size * 2 / 5 && restarted.compareAndSet(false, true)) {
                    restart[0] = CompletableFuture.runAsync(FERRY::restartBroker);
                }
            }).build()).get(180, TimeUnit.SECONDS);

            restart[0].get(60, TimeUnit.SECONDS);
            assertThat(result.reconnects()).isGreaterThanOrEqualTo(1);
            assertThat(result.bytesResent()).as("at most the window in flight at the restart")
                    .isLessThanOrEqualTo((long) WINDOW * SEGMENT);
            assertThat(result.bytesSent()).isEqualTo(size + result.bytesResent());
            assertLanded("cam-restart", result, file);
        }
    }

    @Test
    void shouldResumeInANewProcessSendingOnlyWhatTheServerLacks() throws Exception {
        Path file = randomFile("resume.bin", 6L * 1024 * 1024, 2);
        long size = Files.size(file);
        AtomicLong confirmedAtKill = new AtomicLong();
        FerryUploader killed = uploader("cam-resume").build();
        CompletableFuture<UploadResult> first = killed.upload(UploadRequest.ofFile(file).onProgress(p -> {
            if (p.bytesConfirmed() >= size / 2 && confirmedAtKill.compareAndSet(0, p.bytesConfirmed())) {
                CompletableFuture.runAsync(killed::close);
            }
        }).build());
        await().atMost(Duration.ofSeconds(120)).until(first::isDone);
        assertThat(first).isCompletedExceptionally();

        try (FerryUploader restarted = uploader("cam-resume").build()) {
            var before = restarted.status(FileIds.forFile(file)).get(30, TimeUnit.SECONDS);
            assertThat(before.state()).isEqualTo(TransferState.RECEIVING);
            assertThat(before.bytes()).isGreaterThanOrEqualTo(confirmedAtKill.get());

            UploadResult result = restarted.upload(file).get(180, TimeUnit.SECONDS);

            assertThat(result.bytesSkipped()).isGreaterThanOrEqualTo(confirmedAtKill.get());
            assertThat(result.bytesSent()).isEqualTo(size - result.bytesSkipped());
            assertThat(result.bytesResent()).isZero();
            assertLanded("cam-resume", result, file);
        }
    }

    @Test
    void shouldUploadSeveralFilesConcurrentlyFromOneClient() throws Exception {
        List<Path> batch = List.of(randomFile("multi-a.bin", 3L * 1024 * 1024 + 17, 3),
                randomFile("multi-b.bin", 1024 * 1024, 4), randomFile("multi-c.bin", 5000, 5),
                randomFile("multi-d.bin", 0, 6));
        try (FerryUploader uploader = uploader("cam-multi").build()) {
            List<CompletableFuture<UploadResult>> uploads = batch.stream().map(uploader::upload).toList();

            for (int i = 0; i < batch.size(); i++) {
                UploadResult result = uploads.get(i).get(180, TimeUnit.SECONDS);
                assertThat(result.bytesResent()).isZero();
                assertLanded("cam-multi", result, batch.get(i));
            }
        }
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() ->
                assertThat(FERRY.getJson("/api/v1/files?clientId=cam-multi").get("files")).hasSize(batch.size()));
    }

    @Test
    void shouldCompleteInEmqxOnlyModeWithoutTheStatusExtension() throws Exception {
        Path file = randomFile("emqx.bin", 4L * 1024 * 1024, 7);
        long size = Files.size(file);
        AtomicBoolean restarted = new AtomicBoolean();
        CompletableFuture<Void>[] restart = new CompletableFuture[1];
        try (FerryUploader uploader = uploader("cam-emqx").useStatus(false).build()) {
            UploadResult result = uploader.upload(UploadRequest.ofFile(file).onProgress(p -> {
                if (p.bytesConfirmed() >= size / 2 && restarted.compareAndSet(false, true)) {
                    restart[0] = CompletableFuture.runAsync(FERRY::restartBroker);
                }
            }).build()).get(180, TimeUnit.SECONDS);

            restart[0].get(60, TimeUnit.SECONDS);
            assertThat(result.reconnects()).isGreaterThanOrEqualTo(1);
            assertThat(result.bytesResent()).isLessThanOrEqualTo((long) WINDOW * SEGMENT);
            assertThat(result.bytesSent()).isEqualTo(size + result.bytesResent());
            assertLanded("cam-emqx", result, file);
        }
    }

    @Test
    void shouldUploadAFileLargerThanTheClientHeapWithTheCli() throws Exception {
        Path big = randomFile("big.bin", 64L * 1024 * 1024, 8);
        Path log = files.resolve("big.log");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m", "-cp", System.getProperty("java.class.path"), FerryCli.class.getName(),
                "upload", big.toString(), "--broker", "mqtt://127.0.0.1:" + FERRY.mqttPort(),
                "--client-id", "cam-big", "--segment-size", "512k", "-q");

        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean exited = process.waitFor(300, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
        }

        String output = Files.readString(log, UTF_8);
        assertThat(exited).as(output).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("ok     " + big);
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> FERRY.getJson("/api/v1/files/cam-big/" + FileIds.forFile(big)), e -> true);
        assertThat(downloadSha256("cam-big", FileIds.forFile(big))).isEqualTo(FileIds.sha256(big).hex());
    }

    private FerryUploaderBuilder uploader(String clientId) {
        return FerryUploader.builder()
                .broker("mqtt://127.0.0.1:" + FERRY.mqttPort())
                .clientId(clientId)
                .segmentSize(SEGMENT)
                .window(WINDOW)
                .reconnectDelay(Duration.ofMillis(200), Duration.ofSeconds(1))
                .connectTimeout(Duration.ofSeconds(60))
                .finTimeout(Duration.ofMinutes(3));
    }

    private void assertLanded(String clientId, UploadResult result, Path file) throws Exception {
        String sha = FileIds.sha256(file).hex();
        assertThat(result.sha256()).isEqualTo(sha);
        assertThat(result.size()).isEqualTo(Files.size(file));
        // The API materializes the catalog from Kafka: the entry may show up a moment after fin's answer.
        JsonNode entry = await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> FERRY.getJson("/api/v1/files/" + enc(clientId) + "/" + enc(result.fileId())),
                        e -> true);
        assertThat(entry.get("sha256").asText()).isEqualTo(sha);
        assertThat(entry.get("size").asLong()).isEqualTo(Files.size(file));
        assertThat(downloadSha256(clientId, result.fileId())).isEqualTo(sha);
    }

    private String downloadSha256(String clientId, String fileId) throws Exception {
        HttpResponse<InputStream> response = FERRY.get("/api/v1/files/" + enc(clientId) + "/" + enc(fileId)
                + "/content", HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        MessageDigest digest = Sha256.newDigest();
        try (InputStream in = response.body()) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, n);
            }
        }
        return Sha256.of(digest.digest()).hex();
    }

    private static Path randomFile(String name, long size, long seed) throws IOException {
        Path file = files.resolve(name);
        Random random = new Random(seed);
        byte[] chunk = new byte[1024 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < size; ) {
                random.nextBytes(chunk);
                int n = (int) Math.min(chunk.length, size - written);
                out.write(chunk, 0, n);
                written += n;
            }
        }
        return file;
    }
}
