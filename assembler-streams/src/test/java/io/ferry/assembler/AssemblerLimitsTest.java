package io.ferry.assembler;

import static io.ferry.assembler.TestData.assertReason;
import static io.ferry.assembler.TestData.bytes;
import static io.ferry.assembler.TestData.slice;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.protocol.ByteRange;
import io.ferry.records.CommandRecord;
import io.ferry.records.FerrySerdes;
import io.ferry.protocol.FileMeta;
import io.ferry.protocol.Fin;
import io.ferry.protocol.Json;
import io.ferry.protocol.Reason;
import io.ferry.protocol.ReplyTo;
import io.ferry.protocol.Response;
import io.ferry.records.ResponseRecord;
import io.ferry.records.TransferId;
import io.ferry.records.TransferSnapshot;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 item 7: hard limits per transfer, answered with a clear error, so no record the assembler writes for
 * one hostile transfer (its state, snapshot, responses, manifest) can grow past Kafka's default 1 MiB.
 */
class AssemblerLimitsTest extends AssemblerTestBase {
    private static final int ONE_MIB = 1024 * 1024;
    private static final TransferLimits SMALL = new TransferLimits(3, 4096, 5, 8, Duration.ofDays(6));

    private void restartWith(TransferLimits limits) {
        h.close();
        h = new AssemblerHarness(stateDir.resolve("limits"), AssemblerOptions.defaults().withLimits(limits));
    }

    private void finWithCorrelation(String fileId, long size, int correlationBytes) {
        String topic = "$file/" + fileId + "/fin/" + size;
        ReplyTo replyTo = new ReplyTo(AssemblerHarness.CLIENT, topic, 1, "replies/x", new byte[correlationBytes]);
        h.pipe(CommandRecord.of(replyTo, h.now(), new Fin(fileId, size, null)));
    }

    @Test
    void shouldAnswerFinsBeyondTheWaiterLimitQuotaExceededAndTheWaitingOnesIncomplete() {
        restartWith(SMALL);
        h.init("f1", FileMeta.named("f1.bin"));
        h.segment("f1", 0, bytes(10));
        h.responses();
        for (int i = 0; i < 5; i++) {
            h.fin("f1", 100);
        }
        List<Response> refused = h.responses();
        assertThat(refused).hasSize(2).allSatisfy(r -> assertReason(r, Reason.QUOTA_EXCEEDED));
        h.advance(AssemblerOptions.DEFAULT_FIN_GRACE.plusSeconds(1));
        assertThat(h.responses()).hasSize(3).allSatisfy(r -> assertReason(r, Reason.INCOMPLETE));
    }

    @Test
    void shouldBoundTheReplyDataOfWaitingFins() {
        restartWith(SMALL);
        h.init("f1", FileMeta.named("f1.bin"));
        h.responses();
        finWithCorrelation("f1", 100, 1500);
        finWithCorrelation("f1", 100, 1500);
        assertThat(h.responses()).isEmpty();
        finWithCorrelation("f1", 100, 1500);
        assertReason(h.response(), Reason.QUOTA_EXCEEDED);
    }

    @Test
    void shouldRefuseASegmentThatWouldAddADisjointRangeBeyondTheLimit() {
        restartWith(SMALL);
        for (int offset = 0; offset < 10; offset += 2) {
            h.segment("f1", offset, new byte[] {1});
        }
        assertThat(h.responses()).hasSize(5).allSatisfy(r -> assertReason(r, Reason.SUCCESS));
        h.segment("f1", 20, new byte[] {1});
        assertReason(h.response(), Reason.TRANSFER_LIMIT_EXCEEDED);
        // Filling a gap joins two ranges: allowed.
        h.segment("f1", 1, new byte[] {1});
        assertReason(h.response(), Reason.SUCCESS);
        assertThat(h.statusResponse("f1").transfer().received()).hasSize(4).first()
                .isEqualTo(new ByteRange(0, 3));
    }

    @Test
    void shouldRefuseSegmentsBeyondTheSegmentLimitButAcceptDuplicates() {
        restartWith(SMALL);
        byte[] data = bytes(100);
        for (int offset = 0; offset < 80; offset += 10) {
            h.segment("f1", offset, slice(data, offset, offset + 10));
        }
        assertThat(h.responses()).hasSize(8).allSatisfy(r -> assertReason(r, Reason.SUCCESS));
        h.segment("f1", 80, slice(data, 80, 90));
        assertReason(h.response(), Reason.TRANSFER_LIMIT_EXCEEDED);
        h.segment("f1", 0, slice(data, 0, 10));
        assertReason(h.response(), Reason.SUCCESS);
    }

    @Test
    void shouldKeepEveryRecordOfAHostileTransferBelowOneMebibyteAtTheDefaultLimits() {
        // Today's code: 64 KiB of reply data per fin, unbounded fins and 1-byte disjoint segments grow without end.
        for (int i = 0; i < 40; i++) {
            finWithCorrelation("f1", 1_000_000, 64 * 1024);
        }
        for (int offset = 0; offset < 2 * (TransferLimits.DEFAULT_MAX_RANGES + 50); offset += 2) {
            h.segment("f1", offset, new byte[] {1});
        }
        h.status("f1");
        List<ResponseRecord> responses = h.responses.readValuesToList();
        assertThat(responses).extracting(r -> r.response().reasonDescription())
                .contains("quota_exceeded", "transfer_limit_exceeded");
        for (ResponseRecord response : responses) {
            assertThat(Json.write(response).length).isLessThan(ONE_MIB);
        }
        KeyValueStore<TransferId, Transfer> store = h.driver.getKeyValueStore(TransferStore.TRANSFERS);
        Transfer state = store.get(AssemblerHarness.id("f1"));
        assertThat(state.progress().received()).hasSize(TransferLimits.DEFAULT_MAX_RANGES);
        assertThat(state.finish().waiters().size()).isLessThanOrEqualTo(TransferLimits.DEFAULT_MAX_WAITERS);
        assertThat(FerrySerdes.json(Transfer.class).serializer().serialize("x", state).length).isLessThan(ONE_MIB);
        h.advance(Duration.ofSeconds(2));
        for (TransferSnapshot snapshot : h.transfers.readValuesToList()) {
            if (snapshot != null) {
                assertThat(Json.write(snapshot).length).isLessThan(ONE_MIB);
            }
        }
    }

    @Test
    void shouldBoundTheOpenSplitPublishesByTheirTopicBytes() {
        restartWith(SMALL);
        String fileId = "f".repeat(1500);
        for (int i = 0; i < 5; i++) {
            // First parts of split PUBLISHes whose last part never comes: each keeps its 1.5 KiB topic.
            String topic = "$file/" + fileId + "/" + (i * 10);
            h.pipe(new CommandRecord(new ReplyTo(AssemblerHarness.CLIENT, topic, 100 + i, null, null), h.now(),
                    io.ferry.protocol.Segment.of(fileId, i * 10, null, bytes(10)), 0, 2));
        }
        Transfer state = h.driver.<TransferId, Transfer>getKeyValueStore(TransferStore.TRANSFERS)
                .get(new TransferId(AssemblerHarness.CLIENT, fileId));
        assertThat(state.progress().openPublishes()).hasSizeLessThanOrEqualTo(2)
                .allSatisfy(open -> assertThat(open.topic()).endsWith("0"));
        assertThat(state.progress().openPublishes().stream().mapToLong(open -> open.topic().length()).sum())
                .isLessThanOrEqualTo(SMALL.maxReplyBytes());
    }

    @Test
    void shouldRefuseLimitsWhoseManifestCouldExceedTheLargestRecord() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new TransferLimits(16, 256 * 1024, 1000,
                1_000_000, Duration.ofDays(6))).isInstanceOf(IllegalArgumentException.class);
    }
}
