package io.ferry.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.client.FerryUploadException;
import io.ferry.client.UploadPhase;
import io.ferry.client.UploadProgress;
import io.ferry.client.UploadResult;
import io.ferry.protocol.FileMeta;
import io.ferry.protocol.Json;
import io.ferry.protocol.Sha256;
import io.ferry.protocol.TransferState;
import io.ferry.protocol.TransferStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The upload state machine against a scripted host: which commands it sends for each answer. */
class UploadSessionTest {
    private static final int SIZE = 4 * ScriptedHost.SEGMENT;
    private static final byte[] DATA = random(SIZE);

    @TempDir
    Path dir;

    private final List<UploadProgress> progress = new CopyOnWriteArrayList<>();
    private UploadFuture future;

    @Test
    void shouldSendOnlyTheRangesStatusReportsMissing() throws IOException {
        ScriptedHost host = new ScriptedHost(8);
        start(host);

        host.pending("/init").succeed();
        host.pending("/status").answer(0, "success", ScriptedHost.receiving(SIZE, 0, 2048));

        assertThat(host.pendingTopics()).containsExactly(segment(2048), segment(3072));
        host.confirmSegments();
        host.pending("/fin/" + SIZE + "/" + Sha256.digest(DATA).hex()).succeed();

        UploadResult result = future.join();
        assertThat(result.bytesSent()).isEqualTo(2048);
        assertThat(result.bytesSkipped()).isEqualTo(2048);
        assertThat(result.bytesResent()).isZero();
        assertThat(result.sha256()).isEqualTo(Sha256.digest(DATA).hex());
        assertThat(progress.get(progress.size() - 1).phase()).isEqualTo(UploadPhase.DONE);
    }

    @Test
    void shouldDeclareNameSizeAndChecksumInInit() throws IOException {
        ScriptedHost host = new ScriptedHost(8);
        start(host);

        var init = Json.MAPPER.readTree(host.pending("/init").payload());

        assertThat(init.get("name").asText()).isEqualTo("data.bin");
        assertThat(init.get("size").asLong()).isEqualTo(SIZE);
        assertThat(init.get("checksum").asText()).isEqualTo(Sha256.digest(DATA).hex());
    }

    @Test
    void shouldKeepAtMostTheWindowInFlight() throws IOException {
        ScriptedHost host = new ScriptedHost(2);
        start(host);
        resumeFromScratch(host);

        assertThat(host.pendingTopics()).containsExactly(segment(0), segment(1024));
        host.pending(segment(0)).succeed();
        assertThat(host.pendingTopics()).containsExactly(segment(1024), segment(2048));
    }

    @Test
    void shouldResendASegmentAnsweredChecksumMismatch() throws IOException {
        ScriptedHost host = new ScriptedHost(1);
        start(host);
        resumeFromScratch(host);

        host.pending(segment(0)).answer(128, "checksum_mismatch");

        assertThat(host.pendingTopics()).containsExactly(segment(0));
        finishAll(host);
        assertThat(future.join().bytesResent()).isEqualTo(1024);
    }

    @Test
    void shouldPauseOnQuotaExceededAndSendAgainAfterTheBackoff() throws IOException {
        ScriptedHost host = new ScriptedHost(1);
        start(host);
        resumeFromScratch(host);

        host.pending(segment(0)).answer(151, "quota_exceeded");

        assertThat(host.pendingTopics()).isEmpty();
        assertThat(progress.get(progress.size() - 1).phase()).isEqualTo(UploadPhase.PAUSED);
        host.runScheduled();
        assertThat(host.pendingTopics()).containsExactly(segment(0));
    }

    @Test
    void shouldSendTheMissingRangesOfAnIncompleteFinThenFinAgain() throws IOException {
        ScriptedHost host = new ScriptedHost(8);
        start(host);
        resumeFromScratch(host);
        host.confirmSegments();

        host.pending("/fin/" + SIZE + "/" + Sha256.digest(DATA).hex())
                .answer(128, "incomplete", ScriptedHost.receiving(SIZE, 0, 1024, 2048, 4096));

        assertThat(host.pendingTopics()).containsExactly(segment(1024));
        host.confirmSegments();
        host.pending("/fin/" + SIZE + "/" + Sha256.digest(DATA).hex()).succeed();
        UploadResult result = future.join();
        assertThat(result.finRounds()).isEqualTo(2);
        assertThat(result.bytesResent()).isEqualTo(1024);
    }

    @Test
    void shouldResendUnconfirmedSegmentsAfterReconnectWithoutStatus() throws IOException {
        ScriptedHost host = new ScriptedHost(2);
        host.statusSupported = false;
        start(host);
        host.pending("/init").succeed();
        host.pending(segment(0)).succeed();

        host.loseConnection();
        session.offline();
        host.online = true;
        session.online();

        assertThat(host.pendingTopics()).containsExactly(topic("init"));
        host.pending("/init").succeed();
        assertThat(host.pendingTopics()).containsExactly(segment(1024), segment(2048));
        finishAll(host);
        UploadResult result = future.join();
        assertThat(result.bytesResent()).as("the two segments in flight").isEqualTo(2048);
        assertThat(result.bytesSent()).isEqualTo(SIZE + 2048);
        assertThat(result.reconnects()).isEqualTo(1);
    }

    @Test
    void shouldIgnoreAnswersFromBeforeAReconnect() throws IOException {
        ScriptedHost host = new ScriptedHost(1);
        start(host);
        resumeFromScratch(host);
        ScriptedHost.Sent stale = host.pending(segment(0));

        session.offline();
        session.online();
        stale.answer(128, "internal_error");


        assertThat(future).isNotDone();
        host.pending("/init").succeed();
        host.pending("/status").answer(0, "success", ScriptedHost.receiving(SIZE, 0, 1024));
        assertThat(host.pendingTopics()).containsExactly(segment(1024));
    }

    @Test
    void shouldStopAskingStatusWhenTheServerDoesNotKnowIt() throws IOException {
        ScriptedHost host = new ScriptedHost(8);
        start(host);

        host.pending("/init").succeed();
        host.pending("/status").answer(128, "invalid_offset");

        assertThat(host.statusSupported).isFalse();
        assertThat(host.pendingTopics()).containsExactly(segment(0), segment(1024), segment(2048), segment(3072));
    }

    @Test
    void shouldTreatAnExportedTransferAsCompleteAndOnlySendFin() throws IOException {
        ScriptedHost host = new ScriptedHost(8);
        start(host);

        host.pending("/init").succeed();
        host.pending("/status").answer(0, "success",
                new TransferStatus(TransferState.EXPORTED, List.of(), SIZE, (long) SIZE, List.of()));

        assertThat(host.pendingTopics()).containsExactly(topic("fin/" + SIZE + "/" + Sha256.digest(DATA).hex()));
    }

    @Test
    void shouldFailWithTheServersReasonWhenInitIsRejected() throws IOException {
        ScriptedHost host = new ScriptedHost(8);
        start(host);

        host.pending("/init").answer(128, "filemeta_conflict");
        host.pending("/status").answer(0, "success", TransferStatus.unknown());

        assertThat(future).isCompletedExceptionally();
        FerryUploadException failure = (FerryUploadException) future.handle((r, e) -> e).join();
        assertThat(failure.reasonDescription()).isEqualTo("filemeta_conflict");
        assertThat(failure.reasonCode()).isEqualTo(128);
        assertThat(host.finished).containsExactly(session);
    }

    @Test
    void shouldSendAbortWhenCancelled() throws IOException {
        ScriptedHost host = new ScriptedHost(8);
        start(host);
        resumeFromScratch(host);

        session.cancelled();

        assertThat(host.topics()).contains(topic("abort"));
        assertThat(host.finished).containsExactly(session);
    }

    private UploadSession session;

    private void start(ScriptedHost host) throws IOException {
        Path file = Files.write(dir.resolve("data.bin"), DATA);
        FileSource source = FileSource.open(file);
        future = new UploadFuture();
        FileMeta meta = new FileMeta("data.bin", (long) SIZE, source.knownChecksum(), null, null, null);
        session = new UploadSession(host, future, source, "f1", meta, progress::add);
        session.start();
    }

    private static void resumeFromScratch(ScriptedHost host) {
        host.pending("/init").succeed();
        host.pending("/status").answer(0, "success", TransferStatus.unknown());
    }

    private static void finishAll(ScriptedHost host) {
        while (host.pendingTopics().stream().noneMatch(t -> t.contains("/fin/"))) {
            host.confirmSegments();
        }
        host.pending("/fin/" + SIZE + "/" + Sha256.digest(DATA).hex()).succeed();
    }

    private static String topic(String command) {
        return "$file/f1/" + command;
    }

    private static String segment(long offset) {
        byte[] bytes = java.util.Arrays.copyOfRange(DATA, (int) offset, (int) offset + ScriptedHost.SEGMENT);
        return topic(offset + "/" + Sha256.digest(bytes).hex());
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(3).nextBytes(bytes);
        return bytes;
    }
}
