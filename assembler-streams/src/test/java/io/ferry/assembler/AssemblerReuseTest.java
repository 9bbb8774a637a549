package io.ferry.assembler;

import static io.ferry.assembler.TestData.assertReason;
import static io.ferry.assembler.TestData.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.records.ExportOutcome;
import io.ferry.protocol.FileMeta;
import io.ferry.records.Manifest;
import io.ferry.protocol.Reason;
import io.ferry.protocol.Response;
import io.ferry.protocol.Sha256;
import io.ferry.records.TransferEvent;
import io.ferry.protocol.TransferState;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 items 1 and 5: a reused fileId never gets a silent success for other content, an operator's delete makes
 * the next upload a new one, and an abort during an export wins or loses cleanly, the answer saying which.
 */
class AssemblerReuseTest extends AssemblerTestBase {
    private final byte[] first = bytes(10);
    private final byte[] second = TestData.slice(bytes(30), 10, 30);

    private Manifest exported(String fileId, byte[] data) {
        h.upload(fileId, data, 10);
        h.fin(fileId, data.length);
        Manifest manifest = h.manifest();
        h.exportSucceeded(manifest, Sha256.digest(data));
        h.responses();
        return manifest;
    }

    @Test
    void shouldRefuseFinOfOtherSizeOrChecksumAfterExportInsteadOfAnsweringSuccess() {
        exported("log", first);
        h.init("log", FileMeta.named("log.bin"));
        h.segment("log", 0, second);
        h.responses();

        h.fin("log", second.length);
        assertReason(h.response(), Reason.FILEMETA_CONFLICT);
        h.fin("log", first.length, Sha256.digest(second));
        assertReason(h.response(), Reason.FILEMETA_CONFLICT);
        assertThat(h.manifests()).isEmpty();
    }

    @Test
    void shouldStillAnswerSuccessToAResentFinOfTheExportedFile() {
        exported("log", first);
        h.fin("log", first.length);
        assertReason(h.response(), Reason.SUCCESS);
        h.fin("log", first.length, Sha256.digest(first));
        assertReason(h.response(), Reason.SUCCESS);
    }

    @Test
    void shouldRefuseFinOfOtherSizeWhileExporting() {
        h.upload("log", first, 10);
        h.fin("log", first.length);
        h.manifest();
        h.responses();
        h.fin("log", first.length + 1);
        assertReason(h.response(), Reason.FILEMETA_CONFLICT);
    }

    @Test
    void shouldTreatAnUploadAfterTheCatalogTombstoneAsANewUpload() {
        exported("log", first);
        h.catalogEntry("log");
        h.catalogTombstone("log");
        assertThat(h.statusResponse("log").transfer().state()).isEqualTo(TransferState.UNKNOWN);

        h.init("log", FileMeta.named("log.bin"));
        h.segment("log", 0, second);
        h.fin("log", second.length);
        assertThat(h.responses()).extracting(Response::reasonDescription).containsOnly("success");
        Manifest manifest = h.manifest();
        assertThat(manifest.size()).isEqualTo(second.length);
    }

    @Test
    void shouldForgetAnExportThatWasDeletedBeforeItsOutcomeWasRead() {
        h.upload("log", first, 10);
        h.fin("log", first.length);
        Manifest manifest = h.manifest();
        h.advance(Duration.ofSeconds(5));
        h.catalogTombstone("log");
        // The outcome's time is before the tombstone's: the file this export wrote is the one deleted.
        h.exported.pipeInput(manifest.transferId(), new ExportOutcome(manifest.transferId(),
                manifest.generation(), Reason.SUCCESS, Sha256.digest(first), null, h.now() - 1_000));
        assertThat(h.statusResponse("log").transfer().state()).isEqualTo(TransferState.UNKNOWN);
    }

    @Test
    void shouldAnswerAbortAlreadyExportedWhenTheExportWinsAndReleaseTheFileId() {
        h.upload("log", first, 10);
        h.fin("log", first.length);
        Manifest manifest = h.manifest();
        h.responses();
        h.abort("log");
        assertThat(h.responses()).isEmpty();
        h.segment("log", 0, second);
        assertReason(h.response(), Reason.QUOTA_EXCEEDED);
        h.init("log", FileMeta.named("log.bin"));
        assertReason(h.response(), Reason.QUOTA_EXCEEDED);

        h.exportSucceeded(manifest, Sha256.digest(first));
        Response abort = h.response();
        assertThat(abort.topic()).isEqualTo("$file/log/abort");
        assertReason(abort, Reason.ALREADY_EXPORTED);
        // Released: the next upload is new and is exported.
        h.upload("log", second, 20);
        h.fin("log", second.length);
        assertThat(h.manifest().size()).isEqualTo(second.length);
    }

    @Test
    void shouldAnswerAbortSuccessWhenTheExportFailsAndTellLaterFinsAborted() {
        h.upload("log", first, 10);
        h.fin("log", first.length);
        Manifest manifest = h.manifest();
        h.fin("log", first.length);
        h.abort("log");
        h.responses();
        h.eventTypes();

        h.exportFailed(manifest, Reason.EXPORT_FAILED);
        List<Response> answers = h.responses();
        assertThat(answers).extracting(Response::topic).containsExactly("$file/log/fin/10", "$file/log/abort");
        assertReason(answers.get(0), Reason.ABORTED);
        assertReason(answers.get(1), Reason.SUCCESS);
        assertThat(h.eventTypes()).containsExactly(TransferEvent.Type.ABORTED);
        assertThat(h.statusResponse("log").transfer().state()).isEqualTo(TransferState.UNKNOWN);
    }

    @Test
    void shouldAnswerAbortOfAnExportedFileAlreadyExported() {
        exported("log", first);
        h.abort("log");
        assertReason(h.response(), Reason.ALREADY_EXPORTED);
        assertThat(h.statusResponse("log").transfer().state()).isEqualTo(TransferState.UNKNOWN);
    }
}
