package io.ferry.assembler;

import static io.ferry.assembler.TestData.assertReason;
import static io.ferry.assembler.TestData.bytes;
import static io.ferry.assembler.TestData.slice;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.protocol.ByteRange;
import io.ferry.protocol.FileMeta;
import io.ferry.records.Manifest;
import io.ferry.protocol.Reason;
import io.ferry.records.SegmentPointer;
import io.ferry.records.TransferSnapshot;
import io.ferry.protocol.TransferStatus;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 item 2: a transfer kept alive longer than ferry.commands retention must not claim segments whose records
 * retention deleted. Segments older than {@code ferry.assembler.segments.max.age} (6 d, below the 7 d retention)
 * are forgotten and reported missing, so the device resends them.
 */
class AssemblerRetentionTest extends AssemblerTestBase {
    private final byte[] data = bytes(30);
    private final FileMeta meta = FileMeta.named("slow.bin");

    /** Keeps the transfer alive with identical inits (each refreshes the 24 h TTL) for {@code total}. */
    private void keepAliveFor(Duration total) {
        Duration step = Duration.ofHours(20);
        for (Duration passed = Duration.ZERO; passed.compareTo(total) < 0; passed = passed.plus(step)) {
            h.advance(step);
            h.init("slow", meta);
        }
        h.responses();
    }

    @Test
    void shouldReportSegmentsOlderThanTheMaxAgeMissingSoTheDeviceResendsThem() {
        h.init("slow", meta);
        long oldOffset = h.segment("slow", 0, slice(data, 0, 10));
        keepAliveFor(Duration.ofDays(5));
        h.segment("slow", 10, slice(data, 10, 20));
        keepAliveFor(Duration.ofDays(1).plusHours(2));

        TransferStatus status = h.statusResponse("slow").transfer();
        assertThat(status.received()).containsExactly(new ByteRange(10, 20));
        assertThat(status.bytes()).isEqualTo(10);

        h.fin("slow", 30);
        h.advance(AssemblerOptions.DEFAULT_FIN_GRACE.plusSeconds(1));
        TransferStatus incomplete = h.response().transfer();
        assertThat(incomplete.missing()).containsExactly(new ByteRange(0, 10), new ByteRange(20, 30));

        long resent = h.segment("slow", 0, slice(data, 0, 10));
        h.segment("slow", 20, slice(data, 20, 30));
        h.fin("slow", 30);
        assertThat(h.responses()).allSatisfy(r -> assertReason(r, Reason.SUCCESS));
        Manifest manifest = h.manifest();
        assertThat(manifest.segments()).extracting(SegmentPointer::kafkaOffset).doesNotContain(oldOffset)
                .contains(resent);
    }

    @Test
    void shouldForgetOldSegmentsWithoutACommandAndPublishIt() {
        h.init("slow", meta);
        h.segment("slow", 0, slice(data, 0, 10));
        keepAliveFor(Duration.ofDays(5));
        h.segment("slow", 10, slice(data, 10, 20));
        h.transfers.readValuesToList();
        // No command at all after the first segment's age passes: the expiry timer forgets it.
        h.advance(Duration.ofHours(20));
        h.init("slow", meta);
        h.transfers.readValuesToList();
        h.advance(Duration.ofHours(5));
        h.advance(AssemblerOptions.DEFAULT_SNAPSHOT_INTERVAL.plusSeconds(1));
        List<TransferSnapshot> snapshots = h.transfers.readValuesToList().stream().filter(Objects::nonNull)
                .toList();
        assertThat(snapshots).isNotEmpty();
        assertThat(snapshots.get(snapshots.size() - 1).status().received()).containsExactly(new ByteRange(10, 20));
    }
}
