package io.ferry.assembler;

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
import io.ferry.protocol.Status;
import io.ferry.protocol.TransferState;
import io.ferry.protocol.TransferStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The status extension (docs/protocol.md §5). */
class AssemblerStatusTest extends AssemblerTestBase {
    private TransferStatus status(String fileId) {
        Response response = h.statusResponse(fileId);
        assertReason(response, Reason.SUCCESS);
        assertThat(response.topic()).isEqualTo("$file/" + fileId + "/status");
        return response.transfer();
    }

    @Test
    void shouldAnswerUnknownStateForUnknownTransfer() {
        TransferStatus status = status("nothing");
        assertThat(status).isEqualTo(TransferStatus.unknown());
        assertThat(h.eventTypes()).isEmpty();
    }

    @Test
    void shouldReportMergedReceivedAndMissingRangesWithInitSize() {
        h.init("f1", meta("a", 50L, null, null));
        h.segment("f1", 0, bytes(10));
        h.segment("f1", 10, bytes(10));
        h.segment("f1", 30, bytes(10));
        assertThat(status("f1")).isEqualTo(new TransferStatus(TransferState.RECEIVING,
                List.of(new ByteRange(0, 20), new ByteRange(30, 40)), 30, 50L,
                List.of(new ByteRange(20, 30), new ByteRange(40, 50))));
    }

    @Test
    void shouldWriteTransferObjectAsInProtocolExample() {
        h.init("f1", meta("a", 50L, null, null));
        h.segment("f1", 0, bytes(10));
        h.status("f1");
        String json = new String(h.responses().get(2).toJson(), StandardCharsets.UTF_8);
        assertThat(json).contains("\"transfer\":{\"state\":\"receiving\",\"received\":[[0,10]],\"bytes\":10,"
                + "\"size\":50,\"missing\":[[10,50]]}");
    }

    @Test
    void shouldOmitSizeAndMissingWhenNoSizeIsKnown() {
        h.segment("f1", 0, bytes(10));
        TransferStatus status = status("f1");
        assertThat(status.size()).isNull();
        assertThat(status.missing()).isNull();
        assertThat(status.received()).containsExactly(new ByteRange(0, 10));
    }

    @Test
    void shouldPreferFinSizeOverInitSize() {
        h.init("f1", meta("a", 50L, null, null));
        h.segment("f1", 0, bytes(10));
        h.fin("f1", 20);
        TransferStatus status = status("f1");
        assertThat(status.size()).isEqualTo(20);
        assertThat(status.missing()).containsExactly(new ByteRange(10, 20));
    }

    @Test
    void shouldReportExportingAndExportedStates() {
        h.upload("f1", bytes(20), 10);
        h.fin("f1", 20);
        Manifest manifest = h.manifest();
        TransferStatus exporting = status("f1");
        assertThat(exporting.state()).isEqualTo(TransferState.EXPORTING);
        assertThat(exporting.missing()).isEmpty();
        h.exportSucceeded(manifest, Sha256.digest(bytes(20)));
        assertThat(status("f1")).isEqualTo(new TransferStatus(TransferState.EXPORTED,
                List.of(new ByteRange(0, 20)), 20, 20L, List.of()));
    }

    @Test
    void shouldNotShowOneClientsTransferToAnother() {
        h.init("dev-1", "shared-id", FileMeta.named("mine"));
        h.responses();
        h.pipe("dev-2", new Status("shared-id"), "$file/shared-id/status");
        assertThat(h.response().transfer()).isEqualTo(TransferStatus.unknown());
    }
}
