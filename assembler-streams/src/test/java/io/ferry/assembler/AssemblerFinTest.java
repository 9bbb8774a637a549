package io.ferry.assembler;

import static io.ferry.assembler.AssemblerHarness.id;
import static io.ferry.assembler.TestData.assertAll;
import static io.ferry.assembler.TestData.assertReason;
import static io.ferry.assembler.TestData.bytes;
import static io.ferry.assembler.TestData.meta;
import static io.ferry.assembler.TestData.slice;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.protocol.ByteRange;
import io.ferry.protocol.FileMeta;
import io.ferry.records.Manifest;
import io.ferry.protocol.Reason;
import io.ferry.protocol.ReplyTo;
import io.ferry.protocol.Response;
import io.ferry.protocol.Sha256;
import io.ferry.records.TransferEvent;
import io.ferry.protocol.TransferState;
import io.ferry.protocol.TransferStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fin (docs/protocol.md §2–§4): incomplete coverage, the grace period for reordering, and the export's result. */
class AssemblerFinTest {
    private static final Duration PAST_GRACE = AssemblerOptions.DEFAULT_FIN_GRACE.plusSeconds(1);
    @TempDir
    Path stateDir;
    AssemblerHarness h;

    @BeforeEach
    void start() {
        h = new AssemblerHarness(stateDir, AssemblerOptions.defaults());
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private Manifest complete(String fileId, byte[] data) {
        h.upload(fileId, data, 10);
        h.fin(fileId, data.length);
        h.responses();
        return h.manifest();
    }

    @Test
    void shouldAnswerIncompleteWithMissingRangesAfterGraceWhenFirstSegmentIsMissing() {
        // emqx t_no_segment
        byte[] data = bytes(30);
        h.init("f1", FileMeta.named("a"));
        h.segment("f1", 10, slice(data, 10, 20));
        h.segment("f1", 20, slice(data, 20, 30));
        h.fin("f1", 30);
        assertThat(h.responses()).hasSize(3);

        h.advance(Duration.ofSeconds(1));
        assertThat(h.responses()).isEmpty();
        h.advance(PAST_GRACE);
        Response response = h.response();
        assertThat(response.topic()).isEqualTo("$file/f1/fin/30");
        assertReason(response, Reason.INCOMPLETE);
        assertThat(response.transfer()).isEqualTo(new TransferStatus(TransferState.RECEIVING,
                List.of(new ByteRange(10, 30)), 20, 30L, List.of(new ByteRange(0, 10))));
        assertThat(h.manifests()).isEmpty();
    }

    @Test
    void shouldAnswerIncompleteWhenFinHasNoInit() {
        // emqx t_no_meta (second half), emqx_ft_assembler_SUITE t_assemble_no_meta
        h.segment("f1", 0, bytes(10));
        h.fin("f1", 10);
        h.advance(PAST_GRACE);
        List<Response> responses = h.responses();
        assertReason(responses.get(0), Reason.SUCCESS);
        assertReason(responses.get(1), Reason.INCOMPLETE);
        assertThat(responses.get(1).transfer().missing()).isEmpty();
        assertThat(h.manifests()).isEmpty();
    }

    @Test
    void shouldAnswerIncompleteWhenFinFindsNoSegments() {
        // emqx_ft_assembler_SUITE t_assemble_incomplete_transfer
        h.init("f1", FileMeta.named("a"));
        h.fin("f1", 42);
        h.advance(PAST_GRACE);
        Response fin = h.responses().get(1);
        assertReason(fin, Reason.INCOMPLETE);
        assertThat(fin.transfer().missing()).containsExactly(new ByteRange(0, 42));
    }

    @Test
    void shouldCompleteWhenMissingSegmentArrivesWithinGraceAfterFin() {
        // docs/architecture.md "Assembler": the last segments may reach Kafka after the fin through another broker
        // node
        byte[] data = bytes(20);
        h.init("f1", FileMeta.named("a"));
        h.segment("f1", 10, slice(data, 10, 20));
        h.fin("f1", 20);
        assertThat(h.manifests()).isEmpty();
        long first = h.segment("f1", 0, slice(data, 0, 10));

        Manifest manifest = h.manifest();
        assertThat(manifest.segments().get(0).kafkaOffset()).isEqualTo(first);
        assertThat(manifest.waiters()).extracting(ReplyTo::topic).containsExactly("$file/f1/fin/20");
        h.advance(PAST_GRACE);
        assertAll(h.responses(), Reason.SUCCESS);
    }

    @Test
    void shouldCompleteWhenInitArrivesWithinGraceAfterFin() {
        h.segment("f1", 0, bytes(10));
        h.fin("f1", 10);
        assertThat(h.manifests()).isEmpty();
        h.init("f1", FileMeta.named("late"));
        assertThat(h.manifest().meta().name()).isEqualTo("late");
        h.advance(PAST_GRACE);
        assertAll(h.responses(), Reason.SUCCESS);
    }

    @Test
    void shouldAnswerIncompleteAtOnceWhenGraceIsZero() {
        h.close();
        h = new AssemblerHarness(stateDir.resolve("zero"), AssemblerOptions.defaults().withFinGrace(Duration.ZERO));
        h.init("f1", FileMeta.named("a"));
        h.fin("f1", 5);
        assertReason(h.responses().get(1), Reason.INCOMPLETE);
    }

    @Test
    void shouldAnswerEarlierWaitingFinIncompleteWhenAFinWithAnotherSizeArrives() {
        h.init("f1", FileMeta.named("a"));
        h.segment("f1", 0, bytes(10));
        h.fin("f1", 20);
        h.fin("f1", 10);
        List<Response> responses = h.responses();
        assertThat(responses).extracting(Response::topic).endsWith("$file/f1/fin/20");
        assertReason(responses.get(2), Reason.INCOMPLETE);
        assertThat(h.manifest().waiters()).extracting(ReplyTo::topic).containsExactly("$file/f1/fin/10");
    }

    @Test
    void shouldAnswerLateFinsWhenExportSucceeds() {
        // A fin re-sent while exporting waits for the same result (docs/protocol.md §2)
        Manifest manifest = complete("f1", bytes(25));
        h.fin("f1", 25);
        h.fin("f1", 25);
        assertThat(h.responses()).isEmpty();

        h.exportSucceeded(manifest, Sha256.digest(bytes(25)));
        List<Response> late = h.responses();
        assertThat(late).hasSize(2).extracting(Response::topic).containsOnly("$file/f1/fin/25");
        assertAll(late, Reason.SUCCESS);
    }

    @Test
    void shouldAnswerSuccessAtOnceWhenFinArrivesAfterExport() {
        // emqx t_unreliable_migrating_client: fin re-sent after completion succeeds
        Manifest manifest = complete("f1", bytes(25));
        h.exportSucceeded(manifest, Sha256.digest(bytes(25)));
        h.fin("f1", 25);
        assertReason(h.response(), Reason.SUCCESS);
        assertThat(h.manifests()).isEmpty();
    }

    @Test
    void shouldAnswerChecksumMismatchToLateFinsAndExportAgainWhenFinBringsRightChecksum() {
        // emqx t_invalid_checksum: a wrong init checksum fails, a fin with the right checksum then succeeds
        byte[] data = bytes(25);
        Sha256 wrong = Sha256.digest(new byte[] {1, 2, 3});
        Sha256 right = Sha256.digest(data);
        h.init("f1", meta("a", 25L, wrong, null));
        h.segment("f1", 0, slice(data, 0, 25));
        h.fin("f1", 25);
        Manifest first = h.manifest();
        assertThat(first.expectedChecksum()).isEqualTo(wrong);
        h.fin("f1", 25);
        h.responses();

        h.exportFailed(first, Reason.CHECKSUM_MISMATCH);
        assertReason(h.response(), Reason.CHECKSUM_MISMATCH);
        h.status("f1");
        assertThat(h.response().transfer().state()).isEqualTo(TransferState.FAILED);

        h.fin("f1", 25, right);
        Manifest retry = h.manifest();
        assertThat(retry.expectedChecksum()).isEqualTo(right);
        assertThat(retry.generation()).isEqualTo(first.generation());
        assertThat(retry.segments()).isEqualTo(first.segments());
        h.exportSucceeded(retry, right);
        h.status("f1");
        assertThat(h.response().transfer().state()).isEqualTo(TransferState.EXPORTED);
        // the exporter publishes COMPLETED/FAILED with its outcome; the assembler does not repeat them by default
        assertThat(h.eventTypes()).containsExactly(TransferEvent.Type.STARTED);
    }

    @Test
    void shouldAnswerFilemetaConflictWhenExportedFileIdIsReusedWithDifferentInit() {
        // docs/protocol.md §4: EMQX would silently keep the old file and say success
        Manifest manifest = complete("f1", bytes(10));
        h.exportSucceeded(manifest, Sha256.digest(bytes(10)));
        h.init("f1", FileMeta.named("another.bin"));
        assertReason(h.response(), Reason.FILEMETA_CONFLICT);
    }

    @Test
    void shouldSucceedWhenExportedFileIdGetsIdenticalInit() {
        Manifest manifest = complete("f1", bytes(10));
        h.exportSucceeded(manifest, Sha256.digest(bytes(10)));
        h.init("f1", manifest.meta());
        h.segment("f1", 0, bytes(10));
        h.fin("f1", 10);
        assertAll(h.responses(), Reason.SUCCESS);
        assertThat(h.manifests()).isEmpty();
    }

    @Test
    void shouldIgnoreExportOutcomeOfAnEarlierGeneration() {
        Manifest old = complete("f1", bytes(10));
        // The exporter never reported back within the exported retention: the upload expired (an abort now waits
        // for the outcome, so expiry is how a later generation starts while an old export is still out).
        h.advance(AssemblerOptions.DEFAULT_EXPORTED_RETENTION.plusMinutes(1));
        h.responses();
        Manifest current = complete("f1", bytes(10));
        assertThat(current.generation()).isGreaterThan(old.generation());

        h.exportSucceeded(old, Sha256.digest(bytes(10)));
        h.status("f1");
        assertThat(h.response().transfer().state()).isEqualTo(TransferState.EXPORTING);
        h.exportSucceeded(current, Sha256.digest(bytes(10)));
        h.status("f1");
        assertThat(h.response().transfer().state()).isEqualTo(TransferState.EXPORTED);
    }

    @Test
    void shouldPublishFailedAndCompletedEventsWhenConfiguredToReportExports() {
        h.close();
        h = new AssemblerHarness(stateDir.resolve("events"), AssemblerOptions.defaults().withExportEvents(true));
        Manifest manifest = complete("f1", bytes(10));
        h.exportFailed(manifest, Reason.EXPORT_FAILED);
        h.fin("f1", 10);
        h.exportSucceeded(h.manifest(), Sha256.digest(bytes(10)));
        List<TransferEvent> events = h.events.readValuesToList();
        assertThat(events).extracting(TransferEvent::type).containsExactly(TransferEvent.Type.STARTED,
                TransferEvent.Type.FAILED, TransferEvent.Type.COMPLETED);
        assertThat(events.get(1).reason()).isEqualTo("export_failed");
        assertThat(events.get(2).size()).isEqualTo(10);
    }

    @Test
    void shouldTombstoneSnapshotWhenExported() {
        Manifest manifest = complete("f1", bytes(10));
        h.transfers.readKeyValuesToList();
        h.exportSucceeded(manifest, Sha256.digest(bytes(10)));
        var snapshots = h.transfers.readKeyValuesToList();
        assertThat(snapshots).hasSize(1);
        assertThat(snapshots.get(0).key).isEqualTo(id("f1"));
        assertThat(snapshots.get(0).value).isNull();
    }
}
