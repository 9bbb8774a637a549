package io.ferry.client.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ferry.client.FerryUploadException;
import io.ferry.client.FerryUploader;
import io.ferry.client.FileIds;
import io.ferry.client.MqttVersion;
import io.ferry.client.UploadRequest;
import io.ferry.client.UploadResult;
import io.ferry.protocol.ByteRange;
import io.ferry.protocol.Mode;
import io.ferry.protocol.Reason;
import io.ferry.protocol.TransferState;
import io.ferry.protocol.TransferStatus;
import io.ferry.testing.KafkaFixture;
import io.ferry.testing.TcpBalancer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The SDK over real MQTT: Ferry's broker (HiveMQ CE + extension: identity stamping, ACLs, back-pressure), a TCP
 * proxy that cuts connections, a real Kafka, and {@link ProtocolServer} answering the commands through it.
 */
class FerryUploaderIT {
    private static final int SEGMENT = 64 * 1024;
    private static final int WINDOW = 4;

    @RegisterExtension
    @Order(1)
    static final KafkaFixture KAFKA = new KafkaFixture();
    @RegisterExtension
    @Order(2)
    static final BrokerFixture FIXTURE = new BrokerFixture(KAFKA);
    @TempDir
    static Path dir;
    private TcpBalancer proxy;

    @AfterEach
    void closeProxy() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        FIXTURE.server.emqxMode(false);
    }

    @ParameterizedTest(name = "MQTT {0}, {1}")
    @CsvSource({"5, SYNC", "5, ASYNC", "3, SYNC", "3, ASYNC"})
    void shouldUploadAFileByteExact(int mqtt, Mode mode) throws Exception {
        String clientId = "dev-plain-" + mqtt + mode;
        Path file = BrokerFixture.randomFile(dir, "plain-" + mqtt + mode + ".bin", 5 * SEGMENT + 123, mqtt);
        try (FerryUploader uploader = FIXTURE.uploader(clientId, FIXTURE.broker.port()).mqttVersion(MqttVersion.of(mqtt))
                .mode(mode).segmentSize(SEGMENT).window(WINDOW).build()) {
            UploadResult result = uploader.upload(file).join();

            assertThat(result.sha256()).isEqualTo(BrokerFixture.sha256(file));
            assertThat(result.fileId()).isEqualTo(FileIds.forFile(file));
            assertThat(result.bytesSent()).isEqualTo(Files.size(file));
            StoredTransfer stored = FIXTURE.server.transfer(clientId, result.fileId());
            assertThat(stored.exported).isTrue();
            assertThat(stored.sha256(Files.size(file))).isEqualTo(BrokerFixture.digest(file));
            assertThat(stored.meta.name()).isEqualTo(file.getFileName().toString());
        }
    }

    @Test
    void shouldResendOnlyWhatWasInFlightWhenTheConnectionDrops() throws Exception {
        String clientId = "dev-cut";
        Path file = BrokerFixture.randomFile(dir, "cut.bin", 8L * 1024 * 1024, 11);
        long size = Files.size(file);
        proxy = new TcpBalancer(List.of(FIXTURE.broker.port()));
        AtomicBoolean cut = new AtomicBoolean();
        try (FerryUploader uploader = FIXTURE.uploader(clientId, proxy.port()).segmentSize(SEGMENT).window(WINDOW)
                .build()) {
            UploadRequest request = UploadRequest.ofFile(file).onProgress(p -> {
                if (p.bytesConfirmed() >= size * 2 / 5 && cut.compareAndSet(false, true)) {
                    proxy.cutAll();
                }
            }).build();

            UploadResult result = uploader.upload(request).join();

            assertThat(cut).isTrue();
            assertThat(proxy.connections()).isGreaterThanOrEqualTo(2);
            assertThat(result.reconnects()).isGreaterThanOrEqualTo(1);
            assertThat(result.sha256()).isEqualTo(BrokerFixture.sha256(file));
            assertThat(result.bytesResent()).as("at most the window in flight at the cut")
                    .isLessThanOrEqualTo((long) WINDOW * SEGMENT);
            assertThat(result.bytesSent()).isEqualTo(size + result.bytesResent());
            StoredTransfer stored = FIXTURE.server.transfer(clientId, result.fileId());
            assertThat(stored.bytesReceived).isLessThanOrEqualTo(size + result.bytesResent());
            assertThat(stored.sha256(size)).isEqualTo(BrokerFixture.digest(file));
        }
    }

    @Test
    void shouldResumeInANewProcessSendingOnlyWhatTheServerLacks() throws Exception {
        String clientId = "dev-restart";
        Path file = BrokerFixture.randomFile(dir, "restart.bin", 6L * 1024 * 1024, 12);
        long size = Files.size(file);
        proxy = new TcpBalancer(List.of(FIXTURE.broker.port()));
        AtomicLong confirmedAtKill = new AtomicLong();
        CompletableFuture<UploadResult> first;
        try (FerryUploader killed = FIXTURE.uploader(clientId, proxy.port()).segmentSize(SEGMENT).window(WINDOW)
                .build()) {
            // The device dies at 50%: its network goes away for good, then the process is gone.
            first = killed.upload(UploadRequest.ofFile(file).onProgress(p -> {
                if (p.bytesConfirmed() >= size / 2 && confirmedAtKill.compareAndSet(0, p.bytesConfirmed())) {
                    closeQuietly(proxy);
                }
            }).build());
            await().atMost(Duration.ofSeconds(30)).until(() -> confirmedAtKill.get() > 0);
        }
        assertThat(first).isCompletedExceptionally();

        try (FerryUploader restarted = FIXTURE.uploader(clientId, FIXTURE.broker.port()).segmentSize(SEGMENT)
                .window(WINDOW).build()) {
            UploadResult result = restarted.upload(file).join();

            assertThat(result.bytesSkipped()).isGreaterThanOrEqualTo(confirmedAtKill.get());
            assertThat(result.bytesSent()).isEqualTo(size - result.bytesSkipped());
            assertThat(result.bytesResent()).isZero();
            assertThat(result.sha256()).isEqualTo(BrokerFixture.sha256(file));
            StoredTransfer stored = FIXTURE.server.transfer(clientId, result.fileId());
            assertThat(stored.bytesReceived).as("bytes the server got over both runs")
                    .isLessThanOrEqualTo(size + (long) WINDOW * SEGMENT);
        }
    }

    @Test
    void shouldCompleteAgainstAServerWithoutStatusByResendingUnconfirmedSegments() throws Exception {
        FIXTURE.server.emqxMode(true);
        String clientId = "dev-emqx";
        Path file = BrokerFixture.randomFile(dir, "emqx.bin", 4L * 1024 * 1024, 13);
        long size = Files.size(file);
        proxy = new TcpBalancer(List.of(FIXTURE.broker.port()));
        AtomicBoolean cut = new AtomicBoolean();
        try (FerryUploader uploader = FIXTURE.uploader(clientId, proxy.port()).segmentSize(SEGMENT).window(WINDOW)
                .build()) {
            UploadResult result = uploader.upload(UploadRequest.ofFile(file).onProgress(p -> {
                if (p.bytesConfirmed() >= size / 2 && cut.compareAndSet(false, true)) {
                    proxy.cutAll();
                }
            }).build()).join();

            assertThat(result.reconnects()).isGreaterThanOrEqualTo(1);
            assertThat(result.bytesResent()).isLessThanOrEqualTo((long) WINDOW * SEGMENT);
            assertThat(result.bytesSent()).isEqualTo(size + result.bytesResent());
            assertThat(FIXTURE.server.transfer(clientId, result.fileId()).sha256(size))
                    .isEqualTo(BrokerFixture.digest(file));
        }
    }

    @Test
    void shouldResendChecksumMismatchesAndPauseOnQuota() throws Exception {
        String clientId = "dev-faults";
        Path file = BrokerFixture.randomFile(dir, "faults.bin", 8L * SEGMENT, 14);
        FIXTURE.server.failNextSegments(Reason.CHECKSUM_MISMATCH, Reason.QUOTA_EXCEEDED);
        try (FerryUploader uploader = FIXTURE.uploader(clientId, FIXTURE.broker.port()).segmentSize(SEGMENT)
                .window(1).quotaBackoff(Duration.ofMillis(50), Duration.ofMillis(200)).build()) {
            UploadResult result = uploader.upload(file).join();

            assertThat(result.bytesResent()).isEqualTo(2L * SEGMENT);
            assertThat(result.segmentsSent()).isEqualTo(8 + 2);
            assertThat(result.sha256()).isEqualTo(BrokerFixture.sha256(file));
        }
    }

    @Test
    void shouldSendTheMissingRangeOfAnIncompleteFin() throws Exception {
        String clientId = "dev-incomplete";
        Path file = BrokerFixture.randomFile(dir, "incomplete.bin", 6L * SEGMENT, 15);
        FIXTURE.server.dropAtNextFin(new ByteRange(2L * SEGMENT, 3L * SEGMENT));
        try (FerryUploader uploader = FIXTURE.uploader(clientId, FIXTURE.broker.port()).segmentSize(SEGMENT)
                .window(WINDOW).build()) {
            UploadResult result = uploader.upload(file).join();

            assertThat(result.finRounds()).isEqualTo(2);
            assertThat(result.bytesResent()).isEqualTo(SEGMENT);
            assertThat(FIXTURE.server.transfer(clientId, result.fileId()).sha256(Files.size(file)))
                    .isEqualTo(BrokerFixture.digest(file));
        }
    }

    @Test
    void shouldUploadSeveralFilesConcurrentlyOverOneConnection() throws Exception {
        String clientId = "dev-many";
        List<Path> files = List.of(
                BrokerFixture.randomFile(dir, "many-a.bin", 2L * 1024 * 1024 + 1, 21),
                BrokerFixture.randomFile(dir, "many-b.bin", 3L * 1024 * 1024, 22),
                BrokerFixture.randomFile(dir, "many-c.bin", 0, 23),
                BrokerFixture.randomFile(dir, "many-d.bin", 777, 24));
        try (FerryUploader uploader = FIXTURE.uploader(clientId, FIXTURE.broker.port()).segmentSize(SEGMENT)
                .window(WINDOW).build()) {
            List<CompletableFuture<UploadResult>> uploads = files.stream().map(uploader::upload).toList();

            for (int i = 0; i < files.size(); i++) {
                UploadResult result = uploads.get(i).join();
                assertThat(result.sha256()).isEqualTo(BrokerFixture.sha256(files.get(i)));
                assertThat(FIXTURE.server.transfer(clientId, result.fileId()).exported).isTrue();
            }
        }
    }

    @Test
    void shouldAbortOnTheServerWhenTheUploadIsCancelled() throws Exception {
        String clientId = "dev-cancel";
        Path file = BrokerFixture.randomFile(dir, "cancel.bin", 4L * 1024 * 1024, 31);
        int abortsBefore = FIXTURE.server.aborts();
        try (FerryUploader uploader = FIXTURE.uploader(clientId, FIXTURE.broker.port()).segmentSize(SEGMENT)
                .window(WINDOW).build()) {
            CompletableFuture<UploadResult>[] holder = new CompletableFuture[1];
            AtomicBoolean cancelled = new AtomicBoolean();
            holder[0] = uploader.upload(UploadRequest.ofFile(file).onProgress(p -> {
                if (p.bytesConfirmed() > 0 && holder[0] != null && cancelled.compareAndSet(false, true)) {
                    holder[0].cancel(true);
                }
            }).build());

            await().atMost(Duration.ofSeconds(30)).until(() -> FIXTURE.server.aborts() > abortsBefore);
            assertThat(holder[0]).isCancelled();
            assertThat(FIXTURE.server.transfer(clientId, FileIds.forFile(file))).isNull();
            TransferStatus status = uploader.status(FileIds.forFile(file)).join();
            assertThat(status.state()).isEqualTo(TransferState.UNKNOWN);
        }
    }

    @Test
    void shouldReportStatusAndFailStatusAgainstAServerWithoutIt() throws Exception {
        String clientId = "dev-status";
        Path file = BrokerFixture.randomFile(dir, "status.bin", 3L * SEGMENT, 41);
        try (FerryUploader uploader = FIXTURE.uploader(clientId, FIXTURE.broker.port()).segmentSize(SEGMENT).build()) {
            String fileId = uploader.upload(file).join().fileId();

            TransferStatus status = uploader.status(fileId).join();
            assertThat(status.state()).isEqualTo(TransferState.EXPORTED);
            assertThat(status.bytes()).isEqualTo(3L * SEGMENT);

            FIXTURE.server.emqxMode(true);
            Throwable failure = uploader.status(fileId).handle((s, e) -> e).join();
            assertThat(failure).isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(FerryUploadException.class);
            assertThat(((FerryUploadException) failure.getCause()).reasonDescription()).isEqualTo("invalid_offset");
        }
    }

    private static void closeQuietly(TcpBalancer proxy) {
        try {
            proxy.close();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
