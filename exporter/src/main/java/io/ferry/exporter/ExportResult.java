package io.ferry.exporter;

import static java.util.Objects.requireNonNull;

import io.ferry.records.Location;
import io.ferry.records.Manifest;
import io.ferry.protocol.Reason;
import io.ferry.protocol.Sha256;
import java.util.List;

/**
 * The outcome of exporting one manifest: SUCCESS with the verified digest and one location per sink, or
 * CHECKSUM_MISMATCH / EXPORT_FAILED with a message. {@code read} is what reading the bytes back cost;
 * {@code streamed} how many file bytes were not read at all because they were exported while received.
 */
record ExportResult(Manifest manifest, Reason reason, Sha256 sha256, List<Location> locations, String message,
                    ReadStats read, int attempts, boolean alreadyPresent, long streamed) {
    ExportResult {
        requireNonNull(manifest, "manifest");
        requireNonNull(reason, "reason");
        locations = List.copyOf(requireNonNull(locations, "locations"));
        requireNonNull(read, "read");
        if (streamed < 0) {
            throw new IllegalArgumentException("streamed must be >= 0: " + streamed);
        }
        if (reason.isSuccess() && (sha256 == null || locations.isEmpty())) {
            throw new IllegalArgumentException("a success needs a digest and locations");
        }
    }

    static ExportResult success(Manifest manifest, Sha256 sha256, List<Location> locations, ReadStats read) {
        return new ExportResult(manifest, Reason.SUCCESS, sha256, locations, null, read, 1, false, 0);
    }

    /** Every sink already held the identical file, so nothing was read or written. */
    static ExportResult alreadyPresent(Manifest manifest, Sha256 sha256, List<Location> locations) {
        return new ExportResult(manifest, Reason.SUCCESS, sha256, locations, "already exported", ReadStats.NONE,
                1, true, 0);
    }

    static ExportResult failure(Manifest manifest, Reason reason, String message, ReadStats read) {
        return new ExportResult(manifest, reason, null, List.of(), message, read, 1, false, 0);
    }

    ExportResult withAttempts(int count) {
        return new ExportResult(manifest, reason, sha256, locations, message, read, count, alreadyPresent,
                streamed);
    }

    ExportResult withStreamed(long bytes) {
        return new ExportResult(manifest, reason, sha256, locations, message, read, attempts, alreadyPresent,
                bytes);
    }

    boolean isSuccess() {
        return reason.isSuccess();
    }
}
