package io.ferry.assembler;

import static io.ferry.assembler.AssemblerHarness.id;
import static io.ferry.assembler.TestData.assertAll;
import static io.ferry.assembler.TestData.assertReason;
import static io.ferry.assembler.TestData.bytes;
import static io.ferry.assembler.TestData.meta;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.protocol.ByteRange;
import io.ferry.protocol.FileMeta;
import io.ferry.records.Manifest;
import io.ferry.protocol.Reason;
import io.ferry.protocol.Response;
import io.ferry.protocol.Sha256;
import io.ferry.records.TransferEvent;
import io.ferry.records.TransferId;
import io.ferry.records.TransferSnapshot;
import io.ferry.protocol.TransferState;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

/** abort (docs/protocol.md §4), TTL expiry (EMQX's {@code emqx_ft_storage_fs_gc.erl}), events, progress snapshots. */
class AssemblerLifecycleTest extends AssemblerTestBase {
    private TransferState state(String fileId) {
        return h.statusResponse(fileId).transfer().state();
    }

    @Test
    void shouldFreeStateAndAnswerSuccessWhenAborted() {
        h.init("f1", FileMeta.named("a"));
        h.segment("f1", 0, bytes(10));
        h.abort("f1");
        List<Response> responses = h.responses();
        assertThat(responses).extracting(Response::topic).endsWith("$file/f1/abort");
        assertAll(responses, Reason.SUCCESS);
        assertThat(state("f1")).isEqualTo(TransferState.UNKNOWN);
        assertThat(h.eventTypes()).containsExactly(TransferEvent.Type.STARTED, TransferEvent.Type.ABORTED);
        List<KeyValue<TransferId, TransferSnapshot>> snapshots = h.transfers.readKeyValuesToList();
        assertThat(snapshots.get(snapshots.size() - 1).value).isNull();
    }

    @Test
    void shouldStartNewGenerationWhenCommandsFollowAbort() {
        h.init("f1", FileMeta.named("first"));
        h.segment("f1", 0, bytes(10));
        h.abort("f1");
        long restart = h.init("f1", FileMeta.named("second"));
        h.segment("f1", 0, bytes(4));
        h.fin("f1", 4);
        assertAll(h.responses(), Reason.SUCCESS);
        Manifest manifest = h.manifest();
        assertThat(manifest.generation()).isEqualTo(restart);
        assertThat(manifest.meta().name()).isEqualTo("second");
    }

    @Test
    void shouldAnswerAbortedToWaitingFinsWhenAborted() {
        h.init("f1", FileMeta.named("a"));
        h.fin("f1", 10);
        h.abort("f1");
        List<Response> responses = h.responses();
        assertThat(responses).extracting(Response::topic)
                .containsExactly("$file/f1/init", "$file/f1/fin/10", "$file/f1/abort");
        assertReason(responses.get(1), Reason.ABORTED);
        assertReason(responses.get(2), Reason.SUCCESS);
        h.advance(Duration.ofSeconds(10));
        assertThat(h.responses()).isEmpty();
    }

    @Test
    void shouldAnswerSuccessWhenAbortingUnknownTransfer() {
        h.abort("never-seen");
        assertReason(h.response(), Reason.SUCCESS);
        assertThat(h.eventTypes()).isEmpty();
    }

    @Test
    void shouldExpireIncompleteTransferAfterMaximumTtlWhenInitHasNoSegmentsTtl() {
        h.init("f1", FileMeta.named("a"));
        h.segment("f1", 0, bytes(10));
        h.advance(Duration.ofHours(23));
        assertThat(state("f1")).isEqualTo(TransferState.RECEIVING);
        h.advance(Duration.ofHours(2));
        assertThat(state("f1")).isEqualTo(TransferState.UNKNOWN);
        List<TransferEvent> events = h.events.readValuesToList();
        assertThat(events).extracting(TransferEvent::type)
                .containsExactly(TransferEvent.Type.STARTED, TransferEvent.Type.EXPIRED);
        List<KeyValue<TransferId, TransferSnapshot>> snapshots = h.transfers.readKeyValuesToList();
        assertThat(snapshots.get(snapshots.size() - 1).key).isEqualTo(id("f1"));
        assertThat(snapshots.get(snapshots.size() - 1).value).isNull();
    }

    @Test
    void shouldExpireAtMaximumTtlWhenThereIsNoInit() {
        h.segment("f1", 0, bytes(10));
        h.advance(Duration.ofHours(24).plusMinutes(1));
        assertThat(state("f1")).isEqualTo(TransferState.UNKNOWN);
    }

    @Test
    void shouldClampSegmentsTtlToMinimum() {
        h.init("f1", meta("a", null, null, 10L));
        h.advance(Duration.ofMinutes(4));
        assertThat(state("f1")).isEqualTo(TransferState.RECEIVING);
        h.advance(Duration.ofMinutes(2));
        assertThat(state("f1")).isEqualTo(TransferState.UNKNOWN);
    }

    @Test
    void shouldClampSegmentsTtlToMaximum() {
        h.init("f1", meta("a", null, null, 3 * 86_400L));
        h.advance(Duration.ofHours(24).plusMinutes(1));
        assertThat(state("f1")).isEqualTo(TransferState.UNKNOWN);
    }

    @Test
    void shouldShortenTtlWhenInitWithSegmentsTtlFollowsSegments() {
        h.segment("f1", 0, bytes(10));
        h.init("f1", meta("a", null, null, 600L));
        h.advance(Duration.ofMinutes(11));
        assertThat(state("f1")).isEqualTo(TransferState.UNKNOWN);
    }

    @Test
    void shouldKeepTransferAliveWhileSegmentsKeepArriving() {
        h.init("f1", meta("a", null, null, 300L));
        for (int i = 0; i < 4; i++) {
            h.advance(Duration.ofMinutes(4));
            h.segment("f1", i * 10L, bytes(10));
        }
        assertThat(state("f1")).isEqualTo(TransferState.RECEIVING);
        h.advance(Duration.ofMinutes(6));
        assertThat(state("f1")).isEqualTo(TransferState.UNKNOWN);
    }

    @Test
    void shouldForgetExportedTransferAfterRetention() {
        h.upload("f1", bytes(10), 10);
        h.fin("f1", 10);
        Manifest manifest = h.manifest();
        h.exportSucceeded(manifest, Sha256.digest(bytes(10)));
        h.advance(Duration.ofDays(6));
        assertThat(state("f1")).isEqualTo(TransferState.EXPORTED);
        h.advance(Duration.ofDays(2));
        assertThat(state("f1")).isEqualTo(TransferState.UNKNOWN);
        assertThat(h.eventTypes()).containsExactly(TransferEvent.Type.STARTED);
    }

    @Test
    void shouldExpireExportThatNeverReportsBackAndAnswerLateFinsExportFailed() {
        h.upload("f1", bytes(10), 10);
        h.fin("f1", 10);
        h.manifest();
        h.fin("f1", 10);
        h.responses();
        h.advance(AssemblerOptions.DEFAULT_EXPORTED_RETENTION.plusHours(1));
        assertReason(h.response(), Reason.EXPORT_FAILED);
        assertThat(h.eventTypes()).containsExactly(TransferEvent.Type.STARTED, TransferEvent.Type.EXPIRED);
    }

    @Test
    void shouldPublishSnapshotAtOnceOnStateChangeAndRateLimitProgress() {
        h.init("f1", FileMeta.named("a.bin"));
        for (int i = 0; i < 50; i++) {
            h.segment("f1", i * 10L, bytes(10));
        }
        List<TransferSnapshot> burst = h.transfers.readValuesToList();
        assertThat(burst).hasSize(1);
        assertThat(burst.get(0).name()).isEqualTo("a.bin");
        assertThat(burst.get(0).status().state()).isEqualTo(TransferState.RECEIVING);

        h.advance(Duration.ofSeconds(2));
        List<TransferSnapshot> due = h.transfers.readValuesToList();
        assertThat(due).hasSize(1);
        assertThat(due.get(0).status().received()).containsExactly(new ByteRange(0, 500));
        assertThat(due.get(0).status().bytes()).isEqualTo(500);

        h.fin("f1", 500);
        List<TransferSnapshot> exporting = h.transfers.readValuesToList();
        assertThat(exporting).hasSize(1);
        assertThat(exporting.get(0).status().state()).isEqualTo(TransferState.EXPORTING);
        assertThat(exporting.get(0).status().missing()).isEmpty();
    }

    @Test
    void shouldPublishStartedEventOnFirstCommandOnly() {
        h.segment("f1", 0, bytes(3));
        h.init("f1", FileMeta.named("a"));
        h.segment("f1", 3, bytes(3));
        List<TransferEvent> events = h.events.readValuesToList();
        assertThat(events).hasSize(1);
        assertThat(events.get(0).type()).isEqualTo(TransferEvent.Type.STARTED);
        assertThat(events.get(0).clientId()).isEqualTo(AssemblerHarness.CLIENT);
        assertThat(events.get(0).fileId()).isEqualTo("f1");
    }
}
