package io.ferry.client;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The server confirmed the file (fin answered success).
 *
 * @param sha256        lowercase hex SHA-256 of the whole file, as sent in the fin topic
 * @param bytesSent     segment bytes published, re-sends included
 * @param bytesResent   bytes published more than once (lost in flight, checksum_mismatch, quota pauses, incomplete fin)
 * @param bytesSkipped  bytes the server already held when the upload started (resume after a restart)
 * @param reconnects    connections lost and re-established during the upload
 * @param finRounds     fin commands sent (more than one after an incomplete answer or a timeout)
 */
public record UploadResult(String fileId, String name, long size, String sha256, long bytesSent, long bytesResent,
                           long bytesSkipped, int segmentsSent, int reconnects, int finRounds, Duration elapsed) {
    public UploadResult {
        requireNonNull(fileId, "fileId");
        requireNonNull(name, "name");
        requireNonNull(sha256, "sha256");
        requireNonNull(elapsed, "elapsed");
    }
}
