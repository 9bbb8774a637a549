package io.ferry.assembler;

import static io.ferry.assembler.AssemblerHarness.CLIENT;
import static io.ferry.assembler.AssemblerHarness.id;
import static io.ferry.assembler.TestData.assertAll;
import static io.ferry.assembler.TestData.assertReason;
import static io.ferry.assembler.TestData.bytes;
import static io.ferry.assembler.TestData.meta;
import static io.ferry.assembler.TestData.slice;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.protocol.ByteRange;
import io.ferry.records.CommandRecord;
import io.ferry.protocol.FileMeta;
import io.ferry.protocol.Init;
import io.ferry.records.Manifest;
import io.ferry.protocol.Reason;
import io.ferry.protocol.ReplyTo;
import io.ferry.protocol.Response;
import io.ferry.records.ResponseRecord;
import io.ferry.protocol.Segment;
import io.ferry.records.SegmentPointer;
import io.ferry.protocol.Sha256;
import io.ferry.records.TransferId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/protocol.md §2–§3 on the whole topology: init, segments, fin and the manifest they produce. */
class AssemblerTransferTest {
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

    @Test
    void shouldEmitManifestWithPointersInFileOrderWhenInitSegmentsAndFinComplete() {
        // emqx t_simple_transfer
        byte[] data = bytes(30);
        long init = h.init("f1", FileMeta.named("f1.bin"));
        long s0 = h.segment("f1", 0, slice(data, 0, 10));
        long s1 = h.segment("f1", 10, slice(data, 10, 20));
        long s2 = h.segment("f1", 20, slice(data, 20, 30));
        h.fin("f1", 30);

        List<Response> responses = h.responses();
        assertThat(responses).extracting(Response::topic)
                .containsExactly("$file/f1/init", "$file/f1/0", "$file/f1/10", "$file/f1/20");
        assertAll(responses, Reason.SUCCESS);
        Manifest manifest = h.manifest();
        assertThat(manifest.transferId()).isEqualTo(id("f1"));
        assertThat(manifest.generation()).isEqualTo(init);
        assertThat(manifest.meta()).isEqualTo(FileMeta.named("f1.bin"));
        assertThat(manifest.size()).isEqualTo(30);
        assertThat(manifest.partition()).isZero();
        assertThat(manifest.segments()).containsExactly(
                new SegmentPointer(s0, 0, 10), new SegmentPointer(s1, 10, 10), new SegmentPointer(s2, 20, 10));
        assertThat(manifest.waiters()).extracting(ReplyTo::topic).containsExactly("$file/f1/fin/30");
    }

    @Test
    void shouldEchoTopicPacketIdAndReplyTargetInEveryResponse() {
        // emqx_ft_request_SUITE t_upload_via_requests
        byte[] correlation = "corr-1".getBytes(StandardCharsets.UTF_8);
        ReplyTo replyTo = new ReplyTo(CLIENT, "$file-async/f1/init", 42, "my/replies", correlation);
        h.pipe(CommandRecord.of(replyTo, h.now(), new Init("f1", FileMeta.named("a"))));

        ResponseRecord record = h.responses.readValue();
        assertThat(record.replyTo()).isEqualTo(replyTo);
        assertThat(record.replyTo().replyTopic()).isEqualTo("my/replies");
        assertThat(record.response().topic()).isEqualTo("$file-async/f1/init");
        assertThat(record.response().packetId()).isEqualTo(42);
        assertThat(record.response().vsn()).isEqualTo("0.1");
        assertReason(record.response(), Reason.SUCCESS);
    }

    @Test
    void shouldAcceptSegmentsBeforeInit() {
        // emqx t_no_meta (first half): a segment without init succeeds
        long s0 = h.segment("f1", 0, bytes(5));
        h.init("f1", FileMeta.named("late-init"));
        h.fin("f1", 5);

        assertAll(h.responses(), Reason.SUCCESS);
        assertThat(h.manifest().segments()).containsExactly(new SegmentPointer(s0, 0, 5));
    }

    @Test
    void shouldSucceedWhenInitIsResentIdentical() {
        h.init("f1", meta("a.txt", 10L, null, 600L));
        h.init("f1", meta("a.txt", 10L, null, 600L));
        assertAll(h.responses(), Reason.SUCCESS);
    }

    @Test
    void shouldAnswerFilemetaConflictWhenInitDiffers() {
        // emqx t_meta_conflict
        h.init("f1", FileMeta.named("a.txt"));
        h.init("f1", FileMeta.named("b.txt"));
        List<Response> responses = h.responses();
        assertReason(responses.get(0), Reason.SUCCESS);
        assertReason(responses.get(1), Reason.FILEMETA_CONFLICT);
    }

    @Test
    void shouldIgnoreDuplicateSegmentWhenSameOffsetAndLength() {
        h.init("f1", FileMeta.named("a"));
        long first = h.segment("f1", 0, bytes(10));
        h.segment("f1", 0, bytes(10));
        h.status("f1");
        List<Response> responses = h.responses();
        assertAll(responses, Reason.SUCCESS);
        assertThat(responses.get(3).transfer().bytes()).isEqualTo(10);

        h.fin("f1", 10);
        assertThat(h.manifest().segments()).containsExactly(new SegmentPointer(first, 0, 10));
    }

    @Test
    void shouldCompleteWhenSegmentsArriveInAnyOrderWithVaryingSizesAndRepeats() {
        // emqx t_unreliable_migrating_client: 1000 bytes in 100- then 200-byte segments, repeats, re-sent init
        byte[] data = bytes(1000);
        List<long[]> spans = new ArrayList<>(List.of(new long[] {0, 100}, new long[] {100, 100},
                new long[] {200, 100}, new long[] {300, 200}, new long[] {500, 200}, new long[] {700, 200},
                new long[] {900, 100}, new long[] {100, 100}, new long[] {300, 200}));
        Collections.shuffle(spans, new Random(7));
        h.init("f1", FileMeta.named("migrating"));
        for (long[] span : spans) {
            h.segment("f1", span[0], slice(data, (int) span[0], (int) (span[0] + span[1])));
        }
        h.init("f1", FileMeta.named("migrating"));
        h.fin("f1", 1000);

        assertAll(h.responses(), Reason.SUCCESS);
        Manifest manifest = h.manifest();
        assertThat(manifest.segments()).extracting(SegmentPointer::fileOffset)
                .containsExactly(0L, 100L, 200L, 300L, 500L, 700L, 900L);
    }

    @Test
    void shouldChooseBoundaryAlignedChainWhenSegmentsOverlap() {
        h.init("f1", FileMeta.named("a"));
        long a = h.segment("f1", 0, bytes(10));
        h.segment("f1", 5, bytes(10));
        long c = h.segment("f1", 10, bytes(10));
        h.fin("f1", 20);
        assertThat(h.manifest().segments())
                .containsExactly(new SegmentPointer(a, 0, 10), new SegmentPointer(c, 10, 10));
    }

    @Test
    void shouldTruncateLastPointerWhenDataRunsPastFinSize() {
        h.init("f1", FileMeta.named("a"));
        long s = h.segment("f1", 0, bytes(10));
        h.fin("f1", 7);
        Manifest manifest = h.manifest();
        assertThat(manifest.size()).isEqualTo(7);
        assertThat(manifest.segments()).containsExactly(new SegmentPointer(s, 0, 7));
    }

    @Test
    void shouldEmitEmptyManifestWhenFinSizeIsZero() {
        // emqx t_assemble_empty_transfer
        h.init("f1", FileMeta.named("empty"));
        h.fin("f1", 0);
        Manifest manifest = h.manifest();
        assertThat(manifest.size()).isZero();
        assertThat(manifest.segments()).isEmpty();
    }

    @Test
    void shouldStoreZeroLengthSegmentButIgnoreItForCoverage() {
        h.init("f1", FileMeta.named("a"));
        h.segment("f1", 0, new byte[0]);
        h.status("f1");
        List<Response> responses = h.responses();
        assertAll(responses, Reason.SUCCESS);
        assertThat(responses.get(2).transfer().received()).isEmpty();
        assertThat(responses.get(2).transfer().bytes()).isZero();

        h.fin("f1", 5);
        assertThat(h.manifests()).isEmpty();
        long s = h.segment("f1", 0, bytes(5));
        assertThat(h.manifest().segments()).containsExactly(new SegmentPointer(s, 0, 5));
    }

    @Test
    void shouldPreferFinChecksumOverInitChecksum() {
        Sha256 initSum = Sha256.digest(new byte[] {1});
        Sha256 finSum = Sha256.digest(bytes(4));
        h.init("f1", meta("a", 4L, initSum, null));
        h.segment("f1", 0, bytes(4));
        h.fin("f1", 4, finSum);
        assertThat(h.manifest().expectedChecksum()).isEqualTo(finSum);
    }

    @Test
    void shouldUseInitChecksumWhenFinHasNone() {
        Sha256 initSum = Sha256.digest(bytes(4));
        h.init("f1", meta("a", 4L, initSum, null));
        h.segment("f1", 0, bytes(4));
        h.fin("f1", 4);
        assertThat(h.manifest().expectedChecksum()).isEqualTo(initSum);
    }

    @Test
    void shouldLeaveChecksumToExporterWhenNoneIsGiven() {
        h.init("f1", FileMeta.named("a"));
        h.segment("f1", 0, bytes(4));
        h.fin("f1", 4);
        assertThat(h.manifest().expectedChecksum()).isNull();
    }

    @Test
    void shouldKeepTransfersOfDifferentClientsApartWhenFileIdsMatch() {
        // docs/protocol.md §1: (clientId, fileId) is the identity; no client sees or conflicts with another's transfer
        h.init("dev-1", "same", FileMeta.named("one"));
        h.init("dev-2", "same", FileMeta.named("two"));
        long mine = h.segment("dev-1", "same", 0, bytes(3));
        h.segment("dev-2", "same", 0, bytes(9));
        h.fin("dev-1", "same", 3, null);

        assertAll(h.responses(), Reason.SUCCESS);
        Manifest manifest = h.manifest();
        assertThat(manifest.transferId()).isEqualTo(new TransferId("dev-1", "same"));
        assertThat(manifest.meta().name()).isEqualTo("one");
        assertThat(manifest.segments()).containsExactly(new SegmentPointer(mine, 0, 3));
    }

    @Test
    void shouldAcceptAndDropSegmentsWhileExporting() {
        h.init("f1", FileMeta.named("a"));
        h.segment("f1", 0, bytes(4));
        h.fin("f1", 4);
        h.manifest();
        h.responses();
        h.segment("f1", 4, bytes(4));
        h.status("f1");
        List<Response> responses = h.responses();
        assertAll(responses, Reason.SUCCESS);
        assertThat(responses.get(1).transfer().received()).containsExactly(new ByteRange(0, 4));
    }

    @Test
    void shouldSkipPoisonRecordAndKeepProcessing() {
        h.pipeRaw("1:xgarbage".getBytes(StandardCharsets.UTF_8), new byte[] {9, 9, 9});
        h.pipeRaw(new byte[] {0}, new byte[0]);
        h.init("f1", FileMeta.named("after-poison"));
        assertReason(h.response(), Reason.SUCCESS);
    }

    @Test
    void shouldAnswerInvalidOffsetAndKeepRunningWhenSegmentEndOverflows() {
        h.segment("f1", Long.MAX_VALUE - 1, bytes(10));
        assertReason(h.response(), Reason.INVALID_OFFSET);
        h.segment("f1", 0, bytes(4));
        assertReason(h.response(), Reason.SUCCESS);
        h.status("f1");
        assertThat(h.response().transfer().received()).containsExactly(new ByteRange(0, 4));
    }

    @Test
    void shouldAnswerInternalErrorWhenKeyDoesNotMatchCommand() {
        CommandRecord record = CommandRecord.of(h.replyTo(CLIENT, "$file/f1/init"), h.now(),
                new Init("f1", FileMeta.named("a")));
        h.commands.pipeInput(new TransferId("someone-else", "f1"), record);
        assertReason(h.response(), Reason.INTERNAL_ERROR);
        h.status("f1");
        assertThat(h.response().transfer().state().wireName()).isEqualTo("unknown");
    }
}
