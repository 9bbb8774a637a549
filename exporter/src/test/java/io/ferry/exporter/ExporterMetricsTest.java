package io.ferry.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.protocol.FileMeta;
import io.ferry.records.Location;
import io.ferry.records.Manifest;
import io.ferry.protocol.Reason;
import io.ferry.records.SegmentPointer;
import io.ferry.protocol.Sha256;
import io.ferry.records.TransferId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ExporterMetricsTest {
    private static final Manifest MANIFEST = new Manifest(new TransferId("dev", "f"), 1, FileMeta.named("f.bin"),
            1000, null, 0, List.of(new SegmentPointer(0, 0, 1000)), List.of(), 1);

    @Test
    void shouldCountExportsBytesDurationAndFailuresByCause() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ExporterStats stats = new ExporterStats();
        try (ExporterMetrics metrics = new ExporterMetrics(registry, stats)) {
            Sha256 sha = Sha256.digest(new byte[1000]);
            List<Location> at = List.of(new Location("local", "file:///x"));
            stats.exportFinished(ExportResult.success(MANIFEST, sha, at, ReadStats.NONE),
                    TimeUnit.MILLISECONDS.toNanos(250));
            stats.exportFinished(ExportResult.alreadyPresent(MANIFEST, sha, at), 1);
            stats.exportFinished(ExportResult.failure(MANIFEST, Reason.CHECKSUM_MISMATCH, "expected x", ReadStats.NONE),
                    1);
            stats.exportFinished(ExportResult.failure(MANIFEST, Reason.EXPORT_FAILED, "gave up after 5 attempts "
                    + "within PT10M: timeout", ReadStats.NONE), 1);
            stats.exportFinished(ExportResult.failure(MANIFEST, Reason.EXPORT_FAILED, "access denied",
                    ReadStats.NONE), 1);
            stats.exportFinished(null, 1);
            stats.retried();
            stats.recordRead(new ReadStats(1500, 1000, 1, 0), 1000);

            assertThat(count(registry, "ferry.exporter.exports", "outcome", "success")).isEqualTo(1.0);
            assertThat(count(registry, "ferry.exporter.exports", "outcome", "already_present")).isEqualTo(1.0);
            assertThat(count(registry, "ferry.exporter.exports", "outcome", "failed")).isEqualTo(3.0);
            assertThat(count(registry, "ferry.exporter.failures", "cause", "checksum_mismatch")).isEqualTo(1.0);
            assertThat(count(registry, "ferry.exporter.failures", "cause", "retries_exhausted")).isEqualTo(1.0);
            assertThat(count(registry, "ferry.exporter.failures", "cause", "fatal")).isEqualTo(1.0);
            assertThat(registry.get("ferry.exporter.exported").counter().count()).isEqualTo(1000.0);
            assertThat(registry.get("ferry.exporter.export.duration").tags("outcome", "success").timer()
                    .totalTime(TimeUnit.MILLISECONDS)).isEqualTo(250.0);
            assertThat(registry.get("ferry.exporter.sink.retries").functionCounter().count()).isEqualTo(1.0);
            assertThat(registry.get("ferry.exporter.read.amplification").gauge().value()).isEqualTo(1.5);
        }
        assertThat(registry.getMeters()).isEmpty();
    }

    private static double count(SimpleMeterRegistry registry, String name, String tag, String value) {
        return registry.get(name).tags(tag, value).counter().count();
    }
}
