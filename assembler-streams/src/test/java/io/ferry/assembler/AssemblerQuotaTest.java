package io.ferry.assembler;

import static io.ferry.assembler.AssemblerHarness.CLIENT;
import static io.ferry.assembler.TestData.assertAll;
import static io.ferry.assembler.TestData.assertReason;
import static io.ferry.assembler.TestData.bytes;
import static io.ferry.assembler.TestData.meta;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.records.CommandRecord;
import io.ferry.protocol.FileMeta;
import io.ferry.records.Manifest;
import io.ferry.protocol.Reason;
import io.ferry.protocol.ReplyTo;
import io.ferry.protocol.Response;
import io.ferry.protocol.Segment;
import io.ferry.protocol.Sha256;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-client quotas answer quota_exceeded (151, "pause, retry later"; docs/protocol.md §3). */
class AssemblerQuotaTest {
    private static final Quotas QUOTAS = new Quotas(2, 100, 150);
    @TempDir
    Path stateDir;
    AssemblerHarness h;

    @BeforeEach
    void start() {
        h = new AssemblerHarness(stateDir, AssemblerOptions.defaults().withQuotas(QUOTAS));
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void shouldAnswerQuotaExceededWhenConcurrentTransfersExceedLimit() {
        h.init("f1", FileMeta.named("a"));
        h.segment("f2", 0, bytes(1));
        h.init("f3", FileMeta.named("c"));
        h.segment("f3", 0, bytes(1));
        h.fin("f3", 1);
        h.init("other-client", "f3", FileMeta.named("c"));
        List<Response> responses = h.responses();
        assertReason(responses.get(0), Reason.SUCCESS);
        assertReason(responses.get(1), Reason.SUCCESS);
        assertReason(responses.get(2), Reason.QUOTA_EXCEEDED);
        assertThat(responses.get(2).reasonCode()).isEqualTo(151);
        assertReason(responses.get(3), Reason.QUOTA_EXCEEDED);
        assertReason(responses.get(4), Reason.QUOTA_EXCEEDED);
        assertReason(responses.get(5), Reason.SUCCESS);
        h.status("f3");
        assertThat(h.response().transfer().state().wireName()).isEqualTo("unknown");
    }

    @Test
    void shouldFreeTransferSlotWhenTransferIsAbortedOrExported() {
        h.init("f1", FileMeta.named("a"));
        h.segment("f2", 0, bytes(4));
        h.abort("f1");
        h.init("f3", FileMeta.named("c"));
        h.init("f2", FileMeta.named("b"));
        h.fin("f2", 4);
        Manifest manifest = h.manifest();
        h.exportSucceeded(manifest, Sha256.digest(bytes(4)));
        h.init("f4", FileMeta.named("d"));
        assertAll(h.responses(), Reason.SUCCESS);
    }

    @Test
    void shouldAnswerQuotaExceededWhenInitSizeExceedsMaxFileSize() {
        h.init("f1", meta("big", 101L, null, null));
        assertReason(h.response(), Reason.QUOTA_EXCEEDED);
        h.segment("f1", 0, bytes(1));
        h.init("f1", meta("big", 101L, null, null));
        List<Response> responses = h.responses();
        assertReason(responses.get(0), Reason.SUCCESS);
        assertReason(responses.get(1), Reason.QUOTA_EXCEEDED);
    }

    @Test
    void shouldAnswerQuotaExceededWhenFinSizeExceedsMaxFileSize() {
        h.init("f1", FileMeta.named("a"));
        h.fin("f1", 101);
        assertReason(h.responses().get(1), Reason.QUOTA_EXCEEDED);
    }

    @Test
    void shouldAnswerQuotaExceededWhenSegmentEndsPastMaxFileSize() {
        h.init("f1", FileMeta.named("a"));
        h.segment("f1", 95, bytes(6));
        h.segment("f1", 95, bytes(5));
        List<Response> responses = h.responses();
        assertReason(responses.get(1), Reason.QUOTA_EXCEEDED);
        assertReason(responses.get(2), Reason.SUCCESS);
    }

    @Test
    void shouldAnswerQuotaExceededWhenBytesInFlightExceedLimitAndFreeThemOnExport() {
        h.init("f1", FileMeta.named("a"));
        h.segment("f1", 0, bytes(100));
        h.segment("f2", 0, bytes(60));
        h.segment("f2", 0, bytes(50));
        List<Response> responses = h.responses();
        assertReason(responses.get(2), Reason.QUOTA_EXCEEDED);
        assertReason(responses.get(3), Reason.SUCCESS);

        h.fin("f1", 100);
        h.exportSucceeded(h.manifest(), Sha256.digest(bytes(100)));
        h.segment("f2", 50, bytes(50));
        assertReason(h.response(), Reason.SUCCESS);
    }

    @Test
    void shouldAnswerQuotaExceededOnLastPartWhenFirstPartOfSplitSegmentIsRefused() {
        h.init("f1", FileMeta.named("a"));
        h.segment("f1", 0, bytes(90));
        h.segment("f2", 0, bytes(40));
        h.responses();
        ReplyTo replyTo = h.replyTo(CLIENT, "$file/f2/40");
        h.pipe(new CommandRecord(replyTo, h.now(), Segment.of("f2", 40, null, bytes(30)), 0, 3));
        h.pipe(new CommandRecord(replyTo, h.now(), Segment.of("f2", 70, null, bytes(10)), 1, 3));
        h.pipe(new CommandRecord(replyTo, h.now(), Segment.of("f2", 80, null, bytes(5)), 2, 3));

        Response response = h.response();
        assertThat(response.topic()).isEqualTo("$file/f2/40");
        assertReason(response, Reason.QUOTA_EXCEEDED);
        h.status("f2");
        assertThat(h.response().transfer().bytes()).isEqualTo(40);
    }
}
