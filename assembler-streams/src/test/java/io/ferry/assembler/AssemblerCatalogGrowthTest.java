package io.ferry.assembler;

import static io.ferry.assembler.TestData.assertReason;
import static io.ferry.assembler.TestData.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.protocol.ByteRange;
import io.ferry.records.ClientUsageRecord;
import io.ferry.protocol.FileMeta;
import io.ferry.protocol.Reason;
import io.ferry.protocol.TransferStatus;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 item 9: zero-byte files are no longer free (files completed per client per window are limited, across
 * partitions), and a status answer costs the same whatever the transfer's index holds.
 */
class AssemblerCatalogGrowthTest extends AssemblerTestBase {
    private static final Duration WINDOW = Duration.ofHours(1);

    @BeforeEach
    void withFileQuota() {
        h.close();
        h = new AssemblerHarness(stateDir.resolve("files"), AssemblerOptions.defaults().withQuotas(new Quotas(
                Quotas.DEFAULT_MAX_TRANSFERS, Quotas.DEFAULT_MAX_FILE_SIZE, Quotas.DEFAULT_MAX_BYTES_IN_FLIGHT, 3,
                WINDOW)));
    }

    private void emptyFile(String fileId) {
        h.init(fileId, FileMeta.named(fileId + ".bin"));
        h.fin(fileId, 0);
    }

    @Test
    void shouldRefuseFilesBeyondTheLimitPerWindowUntilTheNextWindow() {
        for (int i = 0; i < 3; i++) {
            emptyFile("empty-" + i);
        }
        assertThat(h.manifests()).hasSize(3);
        h.responses();
        emptyFile("empty-3");
        assertThat(h.responses()).extracting(r -> r.reasonDescription()).containsExactly("success", "quota_exceeded");
        assertThat(h.manifests()).isEmpty();

        h.advance(WINDOW);
        h.fin("empty-3", 0);
        assertThat(h.manifest().transferId().fileId()).isEqualTo("empty-3");
    }

    @Test
    void shouldCountFilesCompletedInOtherPartitionsOfTheSameWindow() {
        long window = h.now() / WINDOW.toMillis();
        h.usageIn.pipeInput(ClientUsageRecord.key(AssemblerHarness.CLIENT, 5),
                new ClientUsageRecord(AssemblerHarness.CLIENT, 5, 0, 0, Quotas.DEFAULT_MAX_BYTES_IN_FLIGHT, window, 2));
        emptyFile("a");
        emptyFile("b");
        assertThat(h.manifests()).hasSize(1);
        assertThat(h.responses()).extracting(r -> r.reasonDescription()).endsWith("quota_exceeded");
    }

    @Test
    void shouldAnswerStatusOfALargeIndexFromTheReceivedRangesAndLeaveTheExactGapsToTheFin() {
        h.close();
        h = new AssemblerHarness(stateDir.resolve("status"), AssemblerOptions.defaults().withFinGrace(Duration.ZERO));
        byte[] data = bytes(1_000);
        h.init("big", FileMeta.named("big.bin"));
        h.segment("big", 0, TestData.slice(data, 0, 10));
        // Overlaps [0,10) without starting at its end: no chain can use it.
        h.segment("big", 5, TestData.slice(data, 5, 15));
        for (int offset = 15; offset < 15 + 10 * TransferStatuses.EXACT_STATUS_SEGMENTS; offset += 10) {
            h.segment("big", offset, TestData.slice(data, offset, offset + 10));
        }
        long end = 15 + 10L * TransferStatuses.EXACT_STATUS_SEGMENTS;
        h.fin("big", 1_000);
        TransferStatus status = h.statusResponse("big").transfer();
        assertThat(status.missing()).containsExactly(new ByteRange(end, 1_000));
        h.fin("big", 1_000);
        TransferStatus exact = h.response().transfer();
        assertThat(exact.missing()).containsExactly(new ByteRange(10, 15), new ByteRange(end, 1_000));
        assertReason(h.statusResponse("other"), Reason.SUCCESS);
    }
}
