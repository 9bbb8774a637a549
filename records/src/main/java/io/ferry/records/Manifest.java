package io.ferry.records;

import static java.util.Objects.requireNonNull;

import io.ferry.protocol.FileMeta;
import io.ferry.protocol.ReplyTo;
import io.ferry.protocol.Sha256;
import java.util.List;

/**
 * A value of {@code ferry.ready}: a complete transfer to export. {@code segments} is the coverage chain in file
 * order, contiguous from 0 to {@code size}, pointing into partition {@code partition} of ferry.commands.
 * {@code expectedChecksum} is fin's, else init's, else null (the exporter computes and records it).
 * {@code generation} tells one upload of a (clientId, fileId) from a later one after abort or failure.
 * {@code waiters} are the fins to answer with the result.
 */
public record Manifest(TransferId transferId, long generation, FileMeta meta, long size, Sha256 expectedChecksum,
                       int partition, List<SegmentPointer> segments, List<ReplyTo> waiters, long finishedAt) {
    public Manifest {
        requireNonNull(transferId, "transferId");
        requireNonNull(meta, "meta");
        segments = List.copyOf(requireNonNull(segments, "segments"));
        waiters = List.copyOf(requireNonNull(waiters, "waiters"));
        long expected = 0;
        for (SegmentPointer pointer : segments) {
            if (pointer.fileOffset() != expected) {
                throw new IllegalArgumentException("segments must be contiguous at " + expected);
            }
            expected = pointer.fileEnd();
        }
        if (expected != size) {
            throw new IllegalArgumentException("segments cover " + expected + " bytes, size is " + size);
        }
    }
}
